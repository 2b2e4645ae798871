import Foundation

/// Turns a `MailMessage` into the bytes of an Internet message (RFC 5322 + MIME): headers
/// with encoded-words, a text part, an HTML alternative (multipart/alternative) and
/// attachments (multipart/mixed). Every line ends in CRLF and stays within 998 octets, and
/// the body is 7-bit (quoted-printable and base64), so any relay accepts it.
struct MessageRenderer {
    var from: MailAddress
    /// `<…@domain>`, kept across retries so receivers can spot a duplicate delivery.
    var messageID: String
    var date: Date

    func render(_ message: MailMessage) -> [UInt8] {
        var head = ""
        head += HeaderEncoding.line("From", HeaderEncoding.address(from))
        head += HeaderEncoding.line("To", HeaderEncoding.address(message.to))
        if let replyTo = message.replyTo { head += HeaderEncoding.line("Reply-To", HeaderEncoding.address(replyTo)) }
        head += HeaderEncoding.line("Subject", HeaderEncoding.text(message.subject))
        head += "Date: \(Self.rfc5322Date(date))\r\n"
        head += "Message-ID: \(messageID)\r\n"
        if let unsubscribe = message.listUnsubscribe {
            head += "List-Unsubscribe: <\(unsubscribe)>\r\n"
            head += "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"
        }
        head += "MIME-Version: 1.0\r\n"

        var body = textBody(message)
        if !message.attachments.isEmpty {
            let boundary = Self.boundary()
            var mixed = HeaderEncoding.line("Content-Type", "multipart/mixed; boundary=\"\(boundary)\"") + "\r\n"
            mixed += "This is a multi-part message in MIME format.\r\n"
            mixed += "--\(boundary)\r\n" + body
            for attachment in message.attachments {
                mixed += "\r\n--\(boundary)\r\n" + Self.attachmentPart(attachment)
            }
            mixed += "\r\n--\(boundary)--\r\n"
            body = mixed
        }
        return Array((head + body).utf8)
    }

    /// The text part, or text and HTML as alternatives (plain first: the last is preferred).
    private func textBody(_ message: MailMessage) -> String {
        let text = "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
            + QuotedPrintable.encode(message.text) + "\r\n"
        guard let html = message.html else { return text }
        let boundary = Self.boundary()
        return HeaderEncoding.line("Content-Type", "multipart/alternative; boundary=\"\(boundary)\"") + "\r\n"
            + "--\(boundary)\r\n" + text
            + "\r\n--\(boundary)\r\n"
            + "Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
            + QuotedPrintable.encode(html) + "\r\n"
            + "\r\n--\(boundary)--\r\n"
    }

    private static func attachmentPart(_ attachment: MailAttachment) -> String {
        var part = HeaderEncoding.line("Content-Type", "\(attachment.contentType); \(HeaderEncoding.parameter("name", attachment.filename))")
        part += HeaderEncoding.line("Content-Disposition", "attachment; \(HeaderEncoding.parameter("filename", attachment.filename))")
        part += "Content-Transfer-Encoding: base64\r\n\r\n"
        let encoded = Data(attachment.bytes).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        return part + encoded + "\r\n"
    }

    /// A boundary that cannot occur in quoted-printable or base64 text (it holds `=_`).
    private static func boundary() -> String {
        "=_teilhabe_" + SecureRandom.bytes(12).map { String(format: "%02x", $0) }.joined()
    }

    /// `Sun, 22 Nov 2026 18:05:09 +0000`.
    static func rfc5322Date(_ date: Date) -> String {
        let calendar = Calendar.gregorian(TimeZone(identifier: "UTC") ?? .gmt)
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
        let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let weekday = weekdays[((parts.weekday ?? 1) - 1) % 7]
        let month = months[((parts.month ?? 1) - 1) % 12]
        func two(_ value: Int?) -> String { String(format: "%02d", value ?? 0) }
        return "\(weekday), \(two(parts.day)) \(month) \(parts.year ?? 1970) \(two(parts.hour)):\(two(parts.minute)):\(two(parts.second)) +0000"
    }

    /// A new Message-ID in the sender's domain.
    static func newMessageID(domain: String) -> String {
        "<\(SecureRandom.bytes(16).map { String(format: "%02x", $0) }.joined())@\(domain)>"
    }
}
