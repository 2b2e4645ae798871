import Foundation
import Kernel

extension TestServer {
    /// The messages written to the outbox for `address` (queued or already sent), oldest first.
    public func mail(to address: String) throws -> [MailMessage] {
        try storage.read { db in
            try db.query("SELECT message FROM kernel_mail_outbox WHERE recipient = \(address) ORDER BY id").map { row in
                try JSONDecoder().decode(MailMessage.self, from: Data(try row.get("message", as: String.self).utf8))
            }
        }
    }

    /// The `token` query parameter of the first link in `message`'s text.
    public static func linkToken(in message: MailMessage) -> String? {
        guard let range = message.text.range(of: "?token=") else { return nil }
        return String(message.text[range.upperBound...].prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
    }
}
