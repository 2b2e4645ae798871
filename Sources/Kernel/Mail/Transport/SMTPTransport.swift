/// Delivers through an SMTP relay, at most `ratePerSecond` messages a second from this
/// instance (several instances each keep their own pace).
public struct SMTPTransport: MailTransport {
    public let settings: SMTPSettings
    private let pace: RateLimiter

    public init(settings: SMTPSettings) {
        self.settings = settings
        pace = RateLimiter(perSecond: settings.ratePerSecond)
    }

    public func deliver(_ mail: OutgoingMail) throws(MailDeliveryError) {
        pace.waitForTurn()
        try SMTPClient(settings: settings).send(mail)
    }
}
