/// The kernel's mail protocol: a message is written to the outbox inside the transaction
/// of the change that causes it and sent later by a job, never inside a request. The mail
/// issue provides the outbox, the SMTP client and the file transport.
public protocol MailService: Sendable {
    func enqueue(_ message: MailMessage, in transaction: any DatabaseTransaction) throws
}

/// One message to one recipient.
public struct MailMessage: Sendable, Equatable {
    public var to: MailAddress
    public var subject: String
    public var text: String
    public var html: String?
    public var replyTo: MailAddress?
    /// For bulk mail: the one-click unsubscribe URL (RFC 8058).
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

public struct MailAddress: Sendable, Equatable {
    public var email: String
    public var name: String?
    public init(_ email: String, name: String? = nil) {
        self.email = email
        self.name = name
    }
}

public struct MailAttachment: Sendable, Equatable {
    public var filename: String
    public var contentType: String
    public var bytes: [UInt8]
    public init(filename: String, contentType: String, bytes: [UInt8]) {
        self.filename = filename
        self.contentType = contentType
        self.bytes = bytes
    }
}
