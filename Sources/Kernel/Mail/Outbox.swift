import Foundation
import Synchronization

/// The kernel's `MailService`: validates a message and writes it to `kernel_mail_outbox`
/// together with the job that sends it, both in the caller's transaction.
public final class Outbox: MailService {
    let jobs: any JobQueue
    let clock: any TimeSource
    /// The domain of Message-IDs (the sender's domain).
    let domain: String
    private let cachedCounts = Mutex<[OutboxState: Int]>([:])

    /// The job that sends one outbox entry.
    public static let sendJob = "kernel.send-mail"
    /// Largest message accepted, attachments included (most relays refuse more).
    public static let maximumBytes = 20 * 1024 * 1024

    public init(jobs: any JobQueue, clock: any TimeSource, from: MailAddress) {
        self.jobs = jobs
        self.clock = clock
        self.domain = from.email.split(separator: "@").last.map(String.init) ?? "localhost"
    }

    public func enqueue(_ message: MailMessage, in transaction: any DatabaseTransaction) throws {
        try Self.validate(message)
        let now = clock.now()
        let encoded = String(decoding: try JSONEncoder().encode(message), as: UTF8.self)
        let region = transaction.scope.region
        let rows = try transaction.query("""
            INSERT INTO kernel_mail_outbox (region, recipient, subject, message, message_id, bulk, state, attempts, created_at)
            VALUES (\(region), \(message.to.email), \(message.subject), \(encoded),
                    \(MessageRenderer.newMessageID(domain: domain)), \(message.listUnsubscribe != nil), 'queued', 0, \(now))
            RETURNING id
            """)
        guard let id: Int64 = try rows.first?.get("id") else {
            throw StorageError.missingColumn("id")
        }
        try jobs.enqueue(
            Self.sendJob, payload: .object(["outbox": .integer(id)]), region: region, runAt: now,
            idempotencyKey: "mail:\(id)", in: transaction)
    }

    /// Checks what would make a message undeliverable or let text into other headers.
    static func validate(_ message: MailMessage) throws(MailError) {
        if let problem = MailAddress.problem(with: message.to.email) { throw MailError(field: "to", message: problem) }
        if let replyTo = message.replyTo, let problem = MailAddress.problem(with: replyTo.email) {
            throw MailError(field: "replyTo", message: problem)
        }
        let subject = message.subject.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !subject.isEmpty else { throw MailError(field: "subject", message: "must not be empty") }
        guard subject.count <= 500 else { throw MailError(field: "subject", message: "must be at most 500 characters") }
        if let url = message.listUnsubscribe {
            guard url.hasPrefix("https://") || url.hasPrefix("http://"),
                  url.unicodeScalars.allSatisfy({ $0.value > 32 && $0.value < 127 && $0 != "<" && $0 != ">" }) else {
                throw MailError(field: "listUnsubscribe", message: "'\(url)' is not an http(s) URL without spaces")
            }
        }
        var size = message.text.utf8.count + (message.html?.utf8.count ?? 0)
        for (index, attachment) in message.attachments.enumerated() {
            guard !attachment.filename.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw MailError(field: "attachments[\(index)].filename", message: "must not be empty")
            }
            let type = attachment.contentType
            let mediaType = type.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            let parts = mediaType.split(separator: "/")
            let token = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$&^_.+-".utf8)
            guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy(token.contains) }),
                  type.unicodeScalars.allSatisfy({ $0.value >= 32 && $0.value < 127 }) else {
                throw MailError(field: "attachments[\(index)].contentType", message: "'\(type)' is not a MIME type like text/calendar")
            }
            size += attachment.bytes.count
        }
        guard size <= maximumBytes else {
            throw MailError(field: "attachments", message: "the message is larger than \(maximumBytes / 1024 / 1024) MB")
        }
    }

    // MARK: - Reading the outbox

    /// Outbox entries newest first: all regions, or one; only entries older than `before`
    /// (an id) when given.
    public static func entries(region: String?, limit: Int, before: Int64? = nil, in db: any DatabaseConnection) throws -> [OutboxEntry] {
        let regionFilter: SQL = region.map { " AND region = \($0)" } ?? ""
        let cursor: SQL = before.map { " AND id < \($0)" } ?? ""
        return try db.query("""
            SELECT id, region, recipient, subject, state, attempts, last_error, created_at, last_attempt_at, sent_at, bulk
            FROM kernel_mail_outbox WHERE 1 = 1\(regionFilter)\(cursor) ORDER BY id DESC LIMIT \(limit)
            """).map { row in
            OutboxEntry(
                id: try row.get("id"), region: try row.get("region"), recipient: try row.get("recipient"),
                subject: try row.get("subject"),
                state: OutboxState(rawValue: try row.get("state")) ?? .queued, attempts: try row.get("attempts"),
                lastError: try row.get("last_error"), createdAt: try row.get("created_at"),
                lastAttemptAt: try row.get("last_attempt_at"), sentAt: try row.get("sent_at"), bulk: try row.get("bulk"))
        }
    }

    /// Entry counts by state as of the last refresh (for metrics).
    public var counts: [OutboxState: Int] { cachedCounts.withLock { $0 } }

    func refreshCounts(storage: any Storage) throws {
        var counts = Dictionary(uniqueKeysWithValues: OutboxState.allCases.map { ($0, 0) })
        try storage.read(.global) { db in
            for row in try db.query("SELECT state, COUNT(*) AS n FROM kernel_mail_outbox GROUP BY state") {
                if let state = OutboxState(rawValue: try row.get("state")) { counts[state] = try row.get("n") }
            }
        }
        cachedCounts.withLock { $0 = counts }
    }
}

public enum OutboxState: String, Sendable, CaseIterable, Codable {
    /// Waiting to be sent, or waiting for a retry after a temporary failure.
    case queued
    case sent
    /// Refused by the relay (5xx) or still failing after the last retry.
    case failed
}

/// One outbox row, as region admins and operators read it.
public struct OutboxEntry: Sendable, Equatable, Codable {
    public var id: Int64
    public var region: String?
    public var recipient: String
    public var subject: String
    public var state: OutboxState
    public var attempts: Int
    public var lastError: String?
    public var createdAt: Date
    public var lastAttemptAt: Date?
    public var sentAt: Date?
    public var bulk: Bool
}
