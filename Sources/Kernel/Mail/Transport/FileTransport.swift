import Foundation

/// The embedded default: each message becomes an `.eml` file in a folder (by default
/// `<dataDirectory>/mail/`), which any mail client opens. Nothing leaves the machine.
public struct FileTransport: MailTransport {
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    /// The file a message of outbox row `id` is written to.
    public func path(forOutboxID id: Int64) -> String {
        (directory as NSString).appendingPathComponent(String(format: "%08lld.eml", id))
    }

    /// Writes the message to a temporary file and renames it into place, so a reader never
    /// sees half a message; a retry replaces the file.
    public func deliver(_ mail: OutgoingMail) throws(MailDeliveryError) {
        let path = path(forOutboxID: mail.outboxID)
        let temporary = path + ".partial"
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try Data(mail.bytes).write(to: URL(fileURLWithPath: temporary))
            if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
            try FileManager.default.moveItem(atPath: temporary, toPath: path)
        } catch {
            throw .temporary("cannot write \(path): \(error.localizedDescription)")
        }
    }
}
