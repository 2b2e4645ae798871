import Foundation

/// The server file's `mail` section: how mail leaves the server and who sends it.
public struct MailSettings: Sendable {
    public enum Transport: Sendable {
        /// `.eml` files in `<dataDirectory>/mail/` (the default).
        case file
        case smtp(SMTPSettings)
    }

    public var transport: Transport
    /// The `From` of every message and the envelope sender.
    public var from: MailAddress

    public init(transport: Transport = .file, from: MailAddress = MailAddress("noreply@localhost", name: "Teilhabe")) {
        self.transport = transport
        self.from = from
    }
}

/// An SMTP relay (RFC 5321) and how to talk to it.
public struct SMTPSettings: Sendable {
    public enum STARTTLSPolicy: String, Sendable, CaseIterable {
        /// Refuse to send unless the relay offers STARTTLS and the handshake succeeds.
        case required
        /// Use STARTTLS when offered, send in clear text otherwise.
        case optional
        /// Never use TLS (a relay on the same host).
        case off
    }

    public var host: String
    public var port: Int
    public var starttls: STARTTLSPolicy
    public var username: String?
    public var password: String?
    /// Messages per second this instance sends through the relay at most.
    public var ratePerSecond: Double
    /// Longest wait for the relay at any step (connect, each reply).
    public var timeout: Duration
    /// Accept a certificate no trusted authority signed (tests, private relays). The
    /// connection is still encrypted but not authenticated.
    public var allowSelfSigned: Bool
    /// A PEM file of certificate authorities to trust in addition to the system's.
    public var caFile: String?
    /// The name this server gives in EHLO.
    public var heloName: String

    public init(
        host: String, port: Int = 587, starttls: STARTTLSPolicy = .required, username: String? = nil,
        password: String? = nil, ratePerSecond: Double = 10, timeout: Duration = .seconds(30),
        allowSelfSigned: Bool = false, caFile: String? = nil, heloName: String = "localhost"
    ) {
        self.host = host
        self.port = port
        self.starttls = starttls
        self.username = username
        self.password = password
        self.ratePerSecond = ratePerSecond
        self.timeout = timeout
        self.allowSelfSigned = allowSelfSigned
        self.caFile = caFile
        self.heloName = heloName
    }
}

extension MailSettings {
    static let keys: Set<String> = [
        "transport", "from", "host", "port", "starttls", "username", "password", "ratePerSecond",
        "timeoutSeconds", "allowSelfSigned", "caFile", "heloName",
    ]

    /// Reads and validates the `mail` object; defaults when absent. `publicURL` supplies the
    /// host for the default sender and EHLO name.
    static func read(_ reader: ObjectReader?, publicURL: String, file: String, problems: ProblemCollector) -> MailSettings {
        let host = URL(string: publicURL)?.host ?? "localhost"
        var settings = MailSettings(from: MailAddress("noreply@\(host)", name: "Teilhabe"))
        guard let reader else { return settings }
        reader.rejectUnknownKeys(keys)
        if let text = reader.string("from") {
            if let address = MailAddress(parsing: text) {
                settings.from = address
            } else {
                problems.report(file, reader.keyPath("from"), "'\(text)' is not an address like noreply@example.org or Name <noreply@example.org>")
            }
        }
        let transport = reader.string("transport") ?? "file"
        switch transport {
        case "file":
            settings.transport = .file
        case "smtp":
            guard let relay = reader.string("host", required: true) else { return settings }
            var smtp = SMTPSettings(host: relay, heloName: host)
            if relay.isEmpty || relay.contains(" ") { problems.report(file, reader.keyPath("host"), "'\(relay)' is not a host name") }
            if let port = reader.integer("port", in: 1...65535) { smtp.port = port }
            if let text = reader.string("starttls") {
                if let policy = SMTPSettings.STARTTLSPolicy(rawValue: text) {
                    smtp.starttls = policy
                } else {
                    problems.report(file, reader.keyPath("starttls"), "'\(text)' is not one of required, optional, off")
                }
            }
            smtp.username = reader.string("username")
            smtp.password = reader.string("password")
            if smtp.username != nil, smtp.password == nil {
                problems.report(file, reader.keyPath("password"), "is required with username (or set TEILHABE_SMTP_PASSWORD)")
            }
            if let value = reader.object["ratePerSecond"], value != .null {
                if let rate = value.doubleValue, rate > 0, rate <= 100_000 {
                    smtp.ratePerSecond = rate
                } else {
                    problems.report(file, reader.keyPath("ratePerSecond"), "must be a number above 0 (messages per second), found \(String(decoding: value.encoded(), as: UTF8.self))")
                }
            }
            if let seconds = reader.integer("timeoutSeconds", in: 1...600) { smtp.timeout = .seconds(seconds) }
            if let allow = reader.bool("allowSelfSigned") { smtp.allowSelfSigned = allow }
            if let caFile = reader.string("caFile") {
                if FileManager.default.isReadableFile(atPath: caFile) {
                    smtp.caFile = caFile
                } else {
                    problems.report(file, reader.keyPath("caFile"), "cannot read \(caFile)")
                }
            }
            if let helo = reader.string("heloName") { smtp.heloName = helo }
            settings.transport = .smtp(smtp)
        default:
            problems.report(file, reader.keyPath("transport"), "'\(transport)' is not one of file, smtp")
        }
        return settings
    }
}
