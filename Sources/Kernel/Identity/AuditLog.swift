import Foundation

/// Who did an administrative action: an account, or the operator at the command line.
public struct AuditActor: Sendable, Equatable {
    public var accountID: Int64?
    /// How the entry names the actor: `Ana Example <ana@example.org>` or `command line`.
    public var label: String

    public init(accountID: Int64?, label: String) {
        self.accountID = accountID
        self.label = label
    }

    public static let commandLine = AuditActor(accountID: nil, label: "command line")

    public init(_ principal: Principal) {
        accountID = principal.accountID
        label = principal.accountID == nil ? "anonymous" : "\(principal.displayName ?? "") <\(principal.email ?? "")>"
    }
}

/// One administrative action: who, what, when, in which region.
public struct AuditEntry: Sendable, Codable, Equatable {
    public var id: Int64
    /// Nil for actions outside any region (operator commands, privacy erasure).
    public var region: String?
    public var at: Date
    public var actorAccountID: Int64?
    public var actor: String
    /// `kernel.member-roles-changed`, `kernel.organisation-created`, …
    public var action: String
    /// What was acted on: `account 42`, `organisation 7`, `workshops.manage/staff`.
    public var subject: String
    /// Details as JSON (the new roles, the old and new rule).
    public var detail: JSONValue

    enum CodingKeys: String, CodingKey {
        case id, region, at, actor, action, subject, detail
        case actorAccountID = "actor_account_id"
    }
}

/// The append-only log of administrative actions in `kernel_audit_log`. Region admins read
/// their region's entries; entries without region are the operator's.
public enum AuditLog {
    public static func record(
        region: String?, actor: AuditActor, action: String, subject: String, detail: JSONValue = .object([:]),
        at: Date, in db: any DatabaseTransaction
    ) throws {
        let text = String(decoding: detail.encoded(), as: UTF8.self)
        try db.execute("""
            INSERT INTO kernel_audit_log (region, at, actor_account_id, actor, action, subject, detail)
            VALUES (\(region), \(at), \(actor.accountID), \(actor.label), \(action), \(subject), \(text))
            """)
    }

    /// The region's entries, newest first, older than entry `before` when given.
    public static func entries(region: String, before: Int64? = nil, limit: Int = 100, in db: any DatabaseConnection) throws -> [AuditEntry] {
        try db.fetchAll(AuditEntry.self, """
            SELECT id, region, at, actor_account_id, actor, action, subject, detail FROM kernel_audit_log
            WHERE region = \(region) AND id < \(before ?? Int64.max)
            ORDER BY id DESC LIMIT \(limit)
            """)
    }
}
