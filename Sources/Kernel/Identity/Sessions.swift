import Foundation

/// How long sessions live and how their cookie is sent; the `sessions` object of the server
/// file.
public struct SessionSettings: Sendable, Equatable {
    /// `Secure` on the session and CSRF cookies (they then also carry the `__Host-` prefix).
    /// Defaults to true unless `publicURL` is plain http (local development).
    public var secureCookies: Bool
    /// A session unused this long ends.
    public var idleTimeout: Duration
    /// A session ends this long after sign-in, however busy.
    public var lifetime: Duration

    public init(secureCookies: Bool = true, idleTimeout: Duration = .seconds(2 * 3600), lifetime: Duration = .seconds(14 * 86_400)) {
        self.secureCookies = secureCookies
        self.idleTimeout = idleTimeout
        self.lifetime = lifetime
    }

    var sessionCookieName: String { secureCookies ? "__Host-teilhabe-session" : "teilhabe-session" }
    var csrfCookieName: String { secureCookies ? "__Host-teilhabe-csrf" : "teilhabe-csrf" }
}

/// One signed-in browser, as the account page lists it.
public struct SessionSummary: Sendable, Codable, Equatable {
    public var id: Int64
    public var createdAt: Date
    public var lastSeenAt: Date
    public var clientAddress: String
    public var userAgent: String
    /// True for the session making the request.
    public var current: Bool

    enum CodingKeys: String, CodingKey {
        case id, current
        case createdAt = "created_at"
        case lastSeenAt = "last_seen_at"
        case clientAddress = "client_address"
        case userAgent = "user_agent"
    }
}

/// Server-side sessions in `kernel_sessions`. The browser holds a random token (32 bytes from
/// libcrypto's CSPRNG); the table holds only its SHA-256, so a leaked database does not leak
/// usable sessions.
public enum Sessions {
    /// Rows touched more often than this do not get their `last_seen_at` written again
    /// (idle expiry is coarse on purpose: a write per request would serialise reads).
    static let lastSeenGranularity: TimeInterval = 60

    static func hash(_ token: String) -> String { Digest.sha256Hex(Array(token.utf8)) }

    /// Starts a session for `account`, ending `replacing` (the session the browser had before,
    /// so a sign-in always rotates the id). Returns the token for the cookie.
    static func start(
        account: Int64, replacing: Int64?, client: String, userAgent: String, settings: SessionSettings, now: Date,
        in db: any DatabaseTransaction
    ) throws -> String {
        if let replacing { try db.execute("DELETE FROM kernel_sessions WHERE id = \(replacing)") }
        try removeExpired(account: account, settings: settings, now: now, in: db)
        let token = SecureRandom.token()
        let epoch = try db.scalar(Int64.self, "SELECT privilege_epoch FROM kernel_accounts WHERE id = \(account)") ?? 0
        try db.execute("""
            INSERT INTO kernel_sessions (token_hash, account_id, privilege_epoch, created_at, last_seen_at, client_address, user_agent)
            VALUES (\(hash(token)), \(account), \(epoch), \(now), \(now), \(client), \(String(userAgent.prefix(200))))
            """)
        return token
    }

    static func touch(_ id: Int64, now: Date, in db: any DatabaseTransaction) throws {
        try db.execute("UPDATE kernel_sessions SET last_seen_at = \(now) WHERE id = \(id)")
    }

    static func isExpired(createdAt: Date, lastSeenAt: Date, settings: SessionSettings, now: Date) -> Bool {
        now.timeIntervalSince(lastSeenAt) > settings.idleTimeout.timeInterval || now.timeIntervalSince(createdAt) > settings.lifetime.timeInterval
    }

    static func removeExpired(account: Int64, settings: SessionSettings, now: Date, in db: any DatabaseTransaction) throws {
        let idleCutoff = now.addingTimeInterval(-settings.idleTimeout.timeInterval)
        let lifetimeCutoff = now.addingTimeInterval(-settings.lifetime.timeInterval)
        try db.execute("""
            DELETE FROM kernel_sessions
            WHERE account_id = \(account) AND (last_seen_at < \(idleCutoff) OR created_at < \(lifetimeCutoff))
            """)
    }

    /// Ends one session of `account`; false when it has no such session.
    @discardableResult
    public static func end(_ id: Int64, of account: Int64, in db: any DatabaseTransaction) throws -> Bool {
        try db.execute("DELETE FROM kernel_sessions WHERE id = \(id) AND account_id = \(account)") == 1
    }

    /// Ends every session of `account` ("sign out everywhere"), returning how many.
    @discardableResult
    public static func endAll(of account: Int64, in db: any DatabaseTransaction) throws -> Int {
        try db.execute("DELETE FROM kernel_sessions WHERE account_id = \(account)")
    }

    /// The account's live sessions, most recently used first.
    public static func list(of account: Int64, current: Int64?, settings: SessionSettings, now: Date, in db: any DatabaseConnection) throws -> [SessionSummary] {
        let idleCutoff = now.addingTimeInterval(-settings.idleTimeout.timeInterval)
        let lifetimeCutoff = now.addingTimeInterval(-settings.lifetime.timeInterval)
        return try db.fetchAll(SessionSummary.self, """
            SELECT id, created_at, last_seen_at, client_address, user_agent, id = \(current ?? -1) AS current
            FROM kernel_sessions
            WHERE account_id = \(account) AND last_seen_at >= \(idleCutoff) AND created_at >= \(lifetimeCutoff)
            ORDER BY last_seen_at DESC, id DESC
            """)
    }
}

extension Duration {
    /// The duration in seconds, as a `TimeInterval`.
    var timeInterval: TimeInterval {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
