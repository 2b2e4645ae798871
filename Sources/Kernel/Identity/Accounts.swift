import Foundation
import HTTP

/// A person's account: one across all regions, identified by their e-mail address.
public struct Account: Sendable, Codable, Equatable {
    public var id: Int64
    public var email: String
    public var displayName: String
    /// The interface language the person chose, if any.
    public var language: String?
    public var emailConfirmedAt: Date?
    /// Operators hold every action in every region.
    public var isOperator: Bool
    public var disabledAt: Date?
    public var createdAt: Date
    public var lastLoginAt: Date?
    public var hasPassword: Bool

    enum CodingKeys: String, CodingKey {
        case id, email, language
        case displayName = "display_name"
        case emailConfirmedAt = "email_confirmed_at"
        case isOperator = "operator"
        case disabledAt = "disabled_at"
        case createdAt = "created_at"
        case lastLoginAt = "last_login_at"
        case hasPassword = "has_password"
    }

    public var isDisabled: Bool { disabledAt != nil }
}

/// Reading and writing `kernel_accounts`. Accounts are global rows: any scope may use them.
public enum Accounts {
    static let columns: SQL = """
        id, email, display_name, language, email_confirmed_at, operator, disabled_at, created_at,
        last_login_at, password_hash IS NOT NULL AS has_password
        """

    public static let maxDisplayNameLength = 100

    /// A display name trimmed and checked: 1–100 characters, no control characters.
    public static func validDisplayName(_ text: String, field: String = "display_name") throws -> String {
        let name = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if let problem = DisplayNameProblem.check(name) { throw HTTPError.unprocessable("\(field) \(problem)", field: field) }
        return name
    }

    /// An e-mail address normalised, or a 422 naming `field`.
    public static func validEmail(_ text: String, field: String = "email") throws -> EmailAddress {
        do {
            return try EmailAddress(text)
        } catch {
            throw HTTPError.unprocessable("\(field): \(error.description)", field: field)
        }
    }

    /// A password that meets the policy, or a 422 naming `field`.
    public static func checkPassword(_ password: String, email: String?, field: String = "password") throws {
        if let problem = PasswordPolicy.problem(with: password, email: email) {
            throw HTTPError.unprocessable("\(field): \(problem.description)", field: field)
        }
    }

    /// A language code of `region`, or a 422 naming `field`.
    public static func validLanguage(_ code: String?, in region: Region?, field: String = "language") throws -> String? {
        guard let code, !code.isEmpty else { return nil }
        if let region {
            guard region.speaks(code) else {
                throw HTTPError.unprocessable("\(field) must be one of \(region.languageCodes.joined(separator: ", "))", field: field)
            }
        } else if !Identifier.isValidLanguageCode(code) {
            throw HTTPError.unprocessable("\(field) must be a language code such as de or en", field: field)
        }
        return code
    }

    /// Creates an account; 409 naming `email` when the address has one already.
    @discardableResult
    public static func create(
        email: EmailAddress, displayName: String, language: String?, passwordHash: String?,
        confirmed: Bool, isOperator: Bool = false, now: Date, in db: any DatabaseTransaction
    ) throws -> Account {
        do {
            try db.execute("""
                INSERT INTO kernel_accounts (email, display_name, language, password_hash, email_confirmed_at, operator, created_at)
                VALUES (\(email.value), \(displayName), \(language), \(passwordHash), \(confirmed ? now : nil), \(isOperator), \(now))
                """)
        } catch StorageError.uniqueViolation {
            throw HTTPError.conflict("email: an account with this e-mail address exists already", field: "email")
        }
        guard let account = try find(email: email, in: db) else {
            throw StorageError.missingColumn("kernel_accounts row just inserted for \(email)")
        }
        return account
    }

    public static func find(email: EmailAddress, in db: any DatabaseConnection) throws -> Account? {
        try db.fetchOne(Account.self, "SELECT \(columns) FROM kernel_accounts WHERE email = \(email.value)")
    }

    public static func find(id: Int64, in db: any DatabaseConnection) throws -> Account? {
        try db.fetchOne(Account.self, "SELECT \(columns) FROM kernel_accounts WHERE id = \(id)")
    }

    /// The stored password hash, for verification only.
    static func passwordHash(of id: Int64, in db: any DatabaseConnection) throws -> String? {
        try db.scalar(String.self, "SELECT password_hash FROM kernel_accounts WHERE id = \(id)")
    }

    /// Every account, by e-mail address.
    public static func all(in db: any DatabaseConnection, limit: Int = 10_000) throws -> [Account] {
        try db.fetchAll(Account.self, "SELECT \(columns) FROM kernel_accounts ORDER BY email LIMIT \(limit)")
    }

    public static func updateProfile(id: Int64, displayName: String, language: String?, in db: any DatabaseTransaction) throws {
        try db.execute("UPDATE kernel_accounts SET display_name = \(displayName), language = \(language) WHERE id = \(id)")
    }

    /// Stores a new password hash; the account's other sessions end and its privileges epoch
    /// moves on, so sessions that remain are rotated.
    public static func setPassword(id: Int64, hash: String, keepingSession session: Int64?, in db: any DatabaseTransaction) throws {
        try db.execute("UPDATE kernel_accounts SET password_hash = \(hash) WHERE id = \(id)")
        try db.execute("DELETE FROM kernel_sessions WHERE account_id = \(id) AND id IS NOT \(session)")
    }

    public static func confirmEmail(id: Int64, now: Date, in db: any DatabaseTransaction) throws {
        try db.execute("UPDATE kernel_accounts SET email_confirmed_at = COALESCE(email_confirmed_at, \(now)) WHERE id = \(id)")
    }

    /// Disables (or enables) an account. Disabling ends its sessions and revokes its API tokens.
    public static func setDisabled(id: Int64, _ disabled: Bool, now: Date, in db: any DatabaseTransaction) throws {
        try db.execute("UPDATE kernel_accounts SET disabled_at = \(disabled ? now : nil) WHERE id = \(id)")
        if disabled {
            try db.execute("DELETE FROM kernel_sessions WHERE account_id = \(id)")
            try db.execute("UPDATE kernel_api_tokens SET revoked_at = \(now) WHERE account_id = \(id) AND revoked_at IS NULL")
        }
    }

    public static func setOperator(id: Int64, _ isOperator: Bool, in db: any DatabaseTransaction) throws {
        try db.execute("UPDATE kernel_accounts SET operator = \(isOperator) WHERE id = \(id)")
        try privilegesChanged(id, in: db)
    }

    /// Marks the account's privileges as changed: each of its sessions gets a new id on its
    /// next request (rotation), so a session id seen before the change is worthless after it.
    public static func privilegesChanged(_ id: Int64, in db: any DatabaseTransaction) throws {
        try db.execute("UPDATE kernel_accounts SET privilege_epoch = privilege_epoch + 1 WHERE id = \(id)")
    }
}

/// Why a display name was refused.
public enum DisplayNameProblem: Sendable, Equatable, CustomStringConvertible {
    case empty, tooLong, controlCharacters

    /// The problem with an already trimmed name, or nil.
    public static func check(_ name: String) -> DisplayNameProblem? {
        if name.isEmpty { return .empty }
        if name.count > Accounts.maxDisplayNameLength { return .tooLong }
        if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) { return .controlCharacters }
        return nil
    }

    public var description: String {
        switch self {
        case .empty: "is required"
        case .tooLong: "must be at most \(Accounts.maxDisplayNameLength) characters"
        case .controlCharacters: "must not contain control characters"
        }
    }
}
