import Foundation
import HTTP

/// Single-use tokens sent by mail: to set a new password, to confirm an e-mail address.
///
/// Unlike `SignedTokens` (stateless links for people without an account), these live in
/// `kernel_account_tokens` as SHA-256 hashes, so each works once: redeeming marks it used,
/// and issuing a new one for the same purpose retires the earlier ones.
public enum AccountTokens {
    public enum Purpose: String, Sendable {
        case passwordReset = "password-reset"
        case emailConfirmation = "email-confirmation"

        /// How long a link stays valid.
        public var lifetime: TimeInterval {
            switch self {
            case .passwordReset: 2 * 3600
            case .emailConfirmation: 7 * 86_400
            }
        }
    }

    static func hash(_ token: String) -> String { Digest.sha256Hex(Array(token.utf8)) }

    /// A new token for `purpose`; earlier unused ones of the account for it stop working.
    public static func issue(
        _ purpose: Purpose, account: Int64, now: Date, lifetime: TimeInterval? = nil, in db: any DatabaseTransaction
    ) throws -> String {
        try db.execute("""
            UPDATE kernel_account_tokens SET used_at = \(now)
            WHERE account_id = \(account) AND purpose = \(purpose.rawValue) AND used_at IS NULL
            """)
        let token = SecureRandom.token()
        try db.execute("""
            INSERT INTO kernel_account_tokens (token_hash, account_id, purpose, created_at, expires_at)
            VALUES (\(hash(token)), \(account), \(purpose.rawValue), \(now), \(now.addingTimeInterval(lifetime ?? purpose.lifetime)))
            """)
        return token
    }

    /// Checks the token without using it up (to show the form that will redeem it).
    public static func check(_ token: String, for purpose: Purpose, now: Date, in db: any DatabaseConnection) throws -> Int64 {
        try lookUp(token, purpose: purpose, now: now, db: db)
    }

    /// Uses the token up and returns its account; a 422 naming `token` says why it cannot be used.
    public static func redeem(_ token: String, for purpose: Purpose, now: Date, in db: any DatabaseTransaction) throws -> Int64 {
        let account = try lookUp(token, purpose: purpose, now: now, db: db)
        try db.execute("UPDATE kernel_account_tokens SET used_at = \(now) WHERE token_hash = \(hash(token))")
        return account
    }

    private static func lookUp(_ token: String, purpose: Purpose, now: Date, db: any DatabaseConnection) throws -> Int64 {
        struct Stored: Decodable {
            var account_id: Int64
            var purpose: String
            var expires_at: Date
            var used_at: Date?
        }
        guard token.utf8.count <= 100,
              let stored = try db.fetchOne(Stored.self, """
                  SELECT account_id, purpose, expires_at, used_at FROM kernel_account_tokens WHERE token_hash = \(hash(token))
                  """),
              stored.purpose == purpose.rawValue else {
            throw HTTPError.unprocessable("token: this link is not valid; use the link from your e-mail exactly as it is, or ask for a new one", field: "token")
        }
        guard stored.used_at == nil else {
            throw HTTPError.unprocessable("token: this link was used already or replaced by a newer one; ask for a new one", field: "token")
        }
        guard stored.expires_at > now else {
            throw HTTPError.unprocessable("token: this link has expired; ask for a new one", field: "token")
        }
        return stored.account_id
    }
}
