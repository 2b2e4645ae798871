/// How rendered messages leave the server: an SMTP relay, or files in the data directory.
/// Transports block (they run on job workers, never on request threads).
public protocol MailTransport: Sendable {
    func deliver(_ mail: OutgoingMail) throws(MailDeliveryError)
}

/// One rendered message with its envelope.
public struct OutgoingMail: Sendable {
    /// The outbox row it comes from.
    public var outboxID: Int64
    /// The envelope sender (`MAIL FROM`), which receives bounces.
    public var sender: String
    public var recipients: [String]
    /// The complete message, CRLF line endings, 7-bit.
    public var bytes: [UInt8]

    public init(outboxID: Int64, sender: String, recipients: [String], bytes: [UInt8]) {
        self.outboxID = outboxID
        self.sender = sender
        self.recipients = recipients
        self.bytes = bytes
    }
}

/// Why a delivery failed. Temporary failures (SMTP 4xx, a relay that cannot be reached) are
/// retried; permanent ones (5xx: no such mailbox, message refused) are recorded and not.
public enum MailDeliveryError: Error, Sendable, Equatable, CustomStringConvertible {
    case temporary(String)
    case permanent(String)

    public var description: String {
        switch self {
        case .temporary(let message): "temporary failure: \(message)"
        case .permanent(let message): "permanent failure: \(message)"
        }
    }
}
