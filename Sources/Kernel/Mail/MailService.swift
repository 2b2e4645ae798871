import Foundation

/// The kernel's mail protocol: a message is written to the outbox inside the transaction
/// of the change that causes it and sent later by a job, never inside a request. So a mail
/// goes out if and only if its change committed, and a slow relay never slows a request.
public protocol MailService: Sendable {
    /// Validates `message` and queues it in the outbox (region: the transaction's scope).
    /// Throws `MailError` naming the field when an address or header is unusable.
    func enqueue(_ message: MailMessage, in transaction: any DatabaseTransaction) throws
}

/// One message to one recipient.
public struct MailMessage: Sendable, Equatable, Codable {
    public var to: MailAddress
    public var subject: String
    /// The plain-text body (always sent; mail clients without HTML show it).
    public var text: String
    /// An HTML alternative of the same content.
    public var html: String?
    public var replyTo: MailAddress?
    /// For bulk mail: the one-click unsubscribe URL (RFC 8058). Sets `List-Unsubscribe` and
    /// `List-Unsubscribe-Post`; the URL must accept a POST without a session.
    public var listUnsubscribe: String?
    public var attachments: [MailAttachment]

    public init(
        to: MailAddress, subject: String, text: String, html: String? = nil, replyTo: MailAddress? = nil,
        listUnsubscribe: String? = nil, attachments: [MailAttachment] = []
    ) {
        self.to = to
        self.subject = subject
        self.text = text
        self.html = html
        self.replyTo = replyTo
        self.listUnsubscribe = listUnsubscribe
        self.attachments = attachments
    }
}

/// An address with an optional display name (any Unicode; encoded for the header).
public struct MailAddress: Sendable, Equatable, Codable, CustomStringConvertible {
    public var email: String
    public var name: String?
    public init(_ email: String, name: String? = nil) {
        self.email = email
        self.name = name
    }

    /// Parses `name@example.org` or `Display Name <name@example.org>`.
    public init?(parsing text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasSuffix(">"), let open = trimmed.lastIndex(of: "<") {
            let email = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
            var name = trimmed[..<open].trimmingCharacters(in: .whitespaces)
            if name.count >= 2, name.hasPrefix("\""), name.hasSuffix("\"") { name = String(name.dropFirst().dropLast()) }
            self.init(email, name: name.isEmpty ? nil : name)
        } else {
            self.init(trimmed)
        }
        guard MailAddress.problem(with: email) == nil else { return nil }
    }

    public var description: String { name.map { "\($0) <\(email)>" } ?? email }

    /// Why `email` cannot be used as an address, or nil when it can. Addresses are ASCII
    /// (`local@domain`); international domains must be given in their xn-- form.
    public static func problem(with email: String) -> String? {
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, let local = parts.first, let domain = parts.last, !local.isEmpty, !domain.isEmpty,
              email.utf8.count <= 254, local.utf8.count <= 64 else {
            return "'\(email)' is not an e-mail address like name@example.org"
        }
        let forbidden = Set("<>()[]\\,;:\"@ ".utf8)
        guard local.utf8.allSatisfy({ $0 > 32 && $0 < 127 && !forbidden.contains($0) }),
              !local.hasPrefix("."), !local.hasSuffix("."), !local.contains("..") else {
            return "'\(email)' has characters that cannot be used before the @"
        }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.allSatisfy({ label in
            !label.isEmpty && label.utf8.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.utf8.allSatisfy { $0 < 128 && (Character(UnicodeScalar($0)).isLetter || Character(UnicodeScalar($0)).isNumber || $0 == UInt8(ascii: "-")) }
        }) else {
            return "'\(email)' has a domain that is not a valid host name (use the xn-- form for international domains)"
        }
        return nil
    }
}

/// A file attached to a message, such as an `.ics` invitation.
public struct MailAttachment: Sendable, Equatable, Codable {
    public var filename: String
    /// A MIME type with optional parameters: `text/calendar; method=PUBLISH; charset=utf-8`.
    public var contentType: String
    public var bytes: [UInt8]
    public init(filename: String, contentType: String, bytes: [UInt8]) {
        self.filename = filename
        self.contentType = contentType
        self.bytes = bytes
    }

    enum CodingKeys: String, CodingKey { case filename, contentType, bytes }

    // Bytes travel as base64 text in the outbox, not as a JSON array of numbers.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        filename = try container.decode(String.self, forKey: .filename)
        contentType = try container.decode(String.self, forKey: .contentType)
        let text = try container.decode(String.self, forKey: .bytes)
        guard let data = Data(base64Encoded: text) else {
            throw DecodingError.dataCorruptedError(forKey: .bytes, in: container, debugDescription: "not base64")
        }
        bytes = Array(data)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(filename, forKey: .filename)
        try container.encode(contentType, forKey: .contentType)
        try container.encode(Data(bytes).base64EncodedString(), forKey: .bytes)
    }
}

/// Why a message cannot be queued: the field and what is wrong with it.
public struct MailError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `to`, `replyTo`, `subject`, `listUnsubscribe`, `attachments[0].filename`, …
    public var field: String
    public var message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { "\(field): \(message)" }
}
