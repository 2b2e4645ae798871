import Foundation
import HTTP

/// An API token as its owner sees it after creation: everything but the secret.
public struct APITokenSummary: Sendable, Codable, Equatable {
    public var id: Int64
    public var region: String
    public var name: String
    public var actions: [String]
    public var createdAt: Date
    public var expiresAt: Date
    public var revokedAt: Date?
    public var lastUsedAt: Date?

    enum CodingKeys: String, CodingKey {
        case id, region, name, actions
        case createdAt = "created_at"
        case expiresAt = "expires_at"
        case revokedAt = "revoked_at"
        case lastUsedAt = "last_used_at"
    }
}

/// Tokens for the JSON API (`Authorization: Bearer tlh_…`), in `kernel_api_tokens`.
///
/// A token belongs to an account, is scoped to one region and a set of actions, and expires.
/// Its secret is shown once, when it is created; the table keeps only its SHA-256. A request
/// with a token holds only those of the token's actions that the account still holds in the
/// region, so taking a role away also narrows the account's tokens.
public enum APITokens {
    static let prefix = "tlh_"
    public static let maxLifetimeDays = 366
    public static let defaultLifetimeDays = 90

    static func hash(_ token: String) -> String { Digest.sha256Hex(Array(token.utf8)) }

    /// Creates a token and returns its secret (shown once) with its summary. The actions must
    /// be ones the creator holds in the region.
    public static func create(
        account: Int64, region: String, name: String, actions: [String], lifetimeDays: Int, holderActions: Set<String>,
        now: Date, in db: any DatabaseTransaction
    ) throws -> (secret: String, token: APITokenSummary) {
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else { throw HTTPError.unprocessable("name is required", field: "name") }
        guard name.count <= 100 else { throw HTTPError.unprocessable("name must be at most 100 characters", field: "name") }
        guard !actions.isEmpty else { throw HTTPError.unprocessable("actions: choose at least one action", field: "actions") }
        guard actions.count <= 200 else { throw HTTPError.unprocessable("actions: at most 200 actions", field: "actions") }
        for action in actions where !holderActions.contains(action) {
            throw HTTPError.unprocessable("actions: you do not hold '\(action)' in this region", field: "actions")
        }
        guard (1...maxLifetimeDays).contains(lifetimeDays) else {
            throw HTTPError.unprocessable("expires_in_days must be from 1 to \(maxLifetimeDays)", field: "expires_in_days")
        }
        let secret = prefix + SecureRandom.token()
        let expires = now.addingTimeInterval(Double(lifetimeDays) * 86_400)
        let list = String(decoding: JSONValue.array(Set(actions).sorted().map { .string($0) }).encoded(), as: UTF8.self)
        try db.execute("""
            INSERT INTO kernel_api_tokens (region, token_hash, account_id, name, actions, created_at, expires_at)
            VALUES (\(region), \(hash(secret)), \(account), \(name), \(list), \(now), \(expires))
            """)
        guard let token = try db.fetchOne(APITokenSummary.self, """
            SELECT id, region, name, actions, created_at, expires_at, revoked_at, last_used_at
            FROM kernel_api_tokens WHERE region = \(region) AND token_hash = \(hash(secret))
            """) else { throw HTTPError.notFound() }
        return (secret, token)
    }

    /// The account's tokens in `region`, newest first.
    public static func list(account: Int64, region: String, in db: any DatabaseConnection) throws -> [APITokenSummary] {
        try db.fetchAll(APITokenSummary.self, """
            SELECT id, region, name, actions, created_at, expires_at, revoked_at, last_used_at
            FROM kernel_api_tokens WHERE region = \(region) AND account_id = \(account) ORDER BY id DESC
            """)
    }

    /// Revokes one of the account's tokens in `region`; false when there is none.
    @discardableResult
    public static func revoke(_ id: Int64, account: Int64, region: String, now: Date, in db: any DatabaseTransaction) throws -> Bool {
        try db.execute("""
            UPDATE kernel_api_tokens SET revoked_at = COALESCE(revoked_at, \(now))
            WHERE region = \(region) AND id = \(id) AND account_id = \(account)
            """) == 1
    }
}
