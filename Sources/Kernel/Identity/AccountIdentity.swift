import Foundation
import HTTP

/// The kernel's identity service: accounts with passwords, server-side sessions behind an
/// HttpOnly cookie, API tokens, and roles per region mapped to the actions that modules
/// declare. `principal(for:region:)` is the one call that answers "who is this, and what may
/// they do here?".
public final class AccountIdentity: IdentityService {
    public let storage: any Storage
    public let clock: any TimeSource
    public let settings: SessionSettings
    public let hasher: PasswordHasher
    public let throttle: LoginThrottle
    let secret: ServerSecret
    /// Every action declared by the kernel and the linked modules.
    public let declarations: [ActionDeclaration]

    public init(
        storage: any Storage, clock: any TimeSource, settings: SessionSettings, secret: ServerSecret,
        declarations: [ActionDeclaration], hasher: PasswordHasher = PasswordHasher(), throttle: LoginThrottle = LoginThrottle()
    ) {
        self.storage = storage
        self.clock = clock
        self.settings = settings
        self.secret = secret
        self.declarations = declarations
        self.hasher = hasher
        self.throttle = throttle
    }

    // MARK: Who is asking

    public func principal(for request: Request, region: Region) throws -> Principal {
        if let authorization = request.headers["Authorization"] {
            let parts = authorization.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "bearer" else {
                throw Self.invalidToken("send the API token as Authorization: Bearer <token>")
            }
            return try tokenPrincipal(String(parts[1].trimmingASCIIWhitespace()), region: region)
        }
        guard let token = Cookies.value(settings.sessionCookieName, in: request), token.utf8.count == 43 else { return .anonymous }
        return try sessionPrincipal(token, region: region)
    }

    /// The roles and actions of an account in one region.
    struct Authorisation {
        var roles: Set<Role>
        var organisationRoles: [Int64: Set<Role>]
        var actions: Set<String>
    }

    func authorisation(account: Int64, isOperator: Bool, region: String, db: any DatabaseConnection) throws -> Authorisation {
        var (roles, organisations) = try Memberships.roles(of: account, in: region, db: db)
        if isOperator { roles.insert(.operator) }
        let rules = roles.isEmpty || isOperator ? [] : try Permissions.rules(region: region, in: db)
        return Authorisation(
            roles: roles, organisationRoles: organisations,
            actions: Permissions.actions(for: roles, rules: rules, declarations: declarations))
    }

    /// What `account` may do in `region` (as a principal without credential).
    public func principal(of account: Account, in region: String) throws -> Principal {
        let authorisation = try storage.read(.global) { db in
            try self.authorisation(account: account.id, isOperator: account.isOperator, region: region, db: db)
        }
        return Principal(
            accountID: account.id, displayName: account.displayName, email: account.email, language: account.language,
            roles: authorisation.roles, organisationRoles: authorisation.organisationRoles, actions: authorisation.actions)
    }

    private struct SessionRow: Decodable {
        var id: Int64
        var account_id: Int64
        var session_epoch: Int64
        var account_epoch: Int64
        var created_at: Date
        var last_seen_at: Date
        var display_name: String
        var email: String
        var language: String?
        var `operator`: Bool
        var disabled_at: Date?
    }

    private func sessionPrincipal(_ token: String, region: Region) throws -> Principal {
        let now = clock.now()
        let hash = Sessions.hash(token)
        let found = try storage.read(.global) { db -> (SessionRow, Authorisation)? in
            guard let row = try db.fetchOne(SessionRow.self, """
                SELECT s.id, s.account_id, s.privilege_epoch AS session_epoch, a.privilege_epoch AS account_epoch,
                       s.created_at, s.last_seen_at, a.display_name, a.email, a.language, a.operator, a.disabled_at
                FROM kernel_sessions s JOIN kernel_accounts a ON a.id = s.account_id
                WHERE s.token_hash = \(hash)
                """) else { return nil }
            return (row, try authorisation(account: row.account_id, isOperator: row.operator, region: region.id, db: db))
        }
        guard let (row, authorisation) = found, row.disabled_at == nil else { return .anonymous }
        if Sessions.isExpired(createdAt: row.created_at, lastSeenAt: row.last_seen_at, settings: settings, now: now) {
            try storage.write(.global) { db in try db.execute("DELETE FROM kernel_sessions WHERE id = \(row.id)") }
            return .anonymous
        }
        var binding = hash
        var cookies: [String] = []
        if row.session_epoch != row.account_epoch {
            // The account's privileges changed since this session began: give it a new id.
            let renewed = SecureRandom.token()
            let rotated = try storage.write(.global) { db in
                try db.execute("""
                    UPDATE kernel_sessions SET token_hash = \(Sessions.hash(renewed)), privilege_epoch = \(row.account_epoch),
                        last_seen_at = \(now)
                    WHERE id = \(row.id) AND token_hash = \(hash)
                    """)
            }
            if rotated == 1 {
                binding = Sessions.hash(renewed)
                cookies.append(sessionCookie(renewed))
            }
        } else if now.timeIntervalSince(row.last_seen_at) >= Sessions.lastSeenGranularity {
            try storage.write(.global) { db in try Sessions.touch(row.id, now: now, in: db) }
        }
        return Principal(
            accountID: row.account_id, displayName: row.display_name, email: row.email, language: row.language,
            roles: authorisation.roles, organisationRoles: authorisation.organisationRoles, actions: authorisation.actions,
            credential: .session(id: row.id, binding: binding), responseCookies: cookies)
    }

    private struct TokenRow: Decodable {
        var id: Int64
        var region: String
        var account_id: Int64
        var actions: [String]
        var expires_at: Date
        var revoked_at: Date?
        var last_used_at: Date?
        var display_name: String
        var email: String
        var language: String?
        var `operator`: Bool
        var disabled_at: Date?
    }

    static func invalidToken(_ message: String) -> HTTPError {
        HTTPError(.unauthorized, message, headers: ["WWW-Authenticate": "Bearer error=\"invalid_token\""])
    }

    private func tokenPrincipal(_ token: String, region: Region) throws -> Principal {
        let now = clock.now()
        guard token.hasPrefix(APITokens.prefix), token.utf8.count <= 100 else {
            throw Self.invalidToken("This API token is not valid")
        }
        let found = try storage.read(.global) { db -> (TokenRow, Authorisation)? in
            guard let row = try db.fetchOne(TokenRow.self, """
                SELECT t.id, t.region, t.account_id, t.actions, t.expires_at, t.revoked_at, t.last_used_at,
                       a.display_name, a.email, a.language, a.operator, a.disabled_at
                FROM kernel_api_tokens t JOIN kernel_accounts a ON a.id = t.account_id
                WHERE t.token_hash = \(APITokens.hash(token))
                """) else { return nil }
            return (row, try authorisation(account: row.account_id, isOperator: row.operator, region: region.id, db: db))
        }
        guard let (row, authorisation) = found else { throw Self.invalidToken("This API token is not valid") }
        guard row.revoked_at == nil, row.disabled_at == nil, row.expires_at > now else {
            throw Self.invalidToken("This API token has expired or was revoked")
        }
        guard row.region == region.id else { throw HTTPError.forbidden("This API token is for another region") }
        if now.timeIntervalSince(row.last_used_at ?? .distantPast) >= Sessions.lastSeenGranularity {
            try storage.write(.global) { db in
                try db.execute("UPDATE kernel_api_tokens SET last_used_at = \(now) WHERE id = \(row.id)")
            }
        }
        return Principal(
            accountID: row.account_id, displayName: row.display_name, email: row.email, language: row.language,
            roles: authorisation.roles, organisationRoles: authorisation.organisationRoles,
            actions: authorisation.actions.intersection(row.actions), credential: .apiToken(id: row.id))
    }

    // MARK: Signing in and out

    /// What a successful sign-in gives: the account and the cookie of its new session.
    public struct SignIn: Sendable {
        public var account: Account
        public var sessionID: Int64
        /// The `Set-Cookie` value carrying the new session.
        public var cookie: String
    }

    static let wrongCredentials = "The e-mail address or the password is not right."

    /// Checks the password, with throttling and the same answer for unknown addresses, and
    /// starts a new session (ending the one the browser had: the session id always rotates).
    public func signIn(email text: String, password: String, client: String, userAgent: String, replacing previous: Principal) throws -> SignIn {
        let email = try Accounts.validEmail(text)
        guard !password.isEmpty else { throw HTTPError.unprocessable("password is required", field: "password") }
        guard password.count <= PasswordPolicy.maximumLength else { throw HTTPError(.unauthorized, Self.wrongCredentials) }
        let now = clock.now()
        if let wait = throttle.wait(email: email.value, client: client, now: now) {
            let seconds = Int(wait.rounded(.up))
            throw HTTPError(
                .tooManyRequests, "Too many attempts to sign in. Please wait \(Self.describe(seconds: seconds)) and try again.",
                headers: ["Retry-After": String(seconds)])
        }
        let found = try storage.read(.global) { db -> (Account, String?)? in
            guard let account = try Accounts.find(email: email, in: db) else { return nil }
            return (account, try Accounts.passwordHash(of: account.id, in: db))
        }
        guard let (account, storedHash) = found, let storedHash else {
            try hasher.spendVerificationTime(password)
            throttle.recordFailure(email: email.value, client: client, now: now)
            throw HTTPError(.unauthorized, Self.wrongCredentials)
        }
        guard case .valid(let needsRehash) = try hasher.verify(password, against: storedHash) else {
            throttle.recordFailure(email: email.value, client: client, now: now)
            throw HTTPError(.unauthorized, Self.wrongCredentials)
        }
        // Only someone who knows the password learns these.
        guard !account.isDisabled else {
            throw HTTPError.forbidden("This account is disabled. Ask the people who run this site if you think this is a mistake.")
        }
        guard account.emailConfirmedAt != nil else {
            throw HTTPError(.forbidden, "Confirm your e-mail address first: open the link in the mail we sent you. You can ask for a new one.", field: "email")
        }
        throttle.recordSuccess(email: email.value, client: client)
        let newHash = needsRehash ? try hasher.hash(password) : nil
        var previousSession: Int64?
        if case .session(let id, _) = previous.credential { previousSession = id }
        let (token, sessionID) = try storage.write(.global) { db -> (String, Int64) in
            if let newHash { try db.execute("UPDATE kernel_accounts SET password_hash = \(newHash) WHERE id = \(account.id)") }
            try db.execute("UPDATE kernel_accounts SET last_login_at = \(now) WHERE id = \(account.id)")
            let token = try Sessions.start(
                account: account.id, replacing: previousSession, client: client, userAgent: userAgent, settings: settings, now: now, in: db)
            let id = try db.scalar(Int64.self, "SELECT id FROM kernel_sessions WHERE token_hash = \(Sessions.hash(token))") ?? 0
            return (token, id)
        }
        return SignIn(account: account, sessionID: sessionID, cookie: sessionCookie(token))
    }

    /// Ends the principal's session; returns the `Set-Cookie` value that removes the cookie.
    public func signOut(_ principal: Principal) throws -> String {
        if case .session(let id, _) = principal.credential {
            try storage.write(.global) { db in try db.execute("DELETE FROM kernel_sessions WHERE id = \(id)") }
        }
        return Cookies.clear(settings.sessionCookieName, secure: settings.secureCookies)
    }

    /// The `Set-Cookie` value of a session token.
    public func sessionCookie(_ token: String) -> String {
        Cookies.set(settings.sessionCookieName, token, maxAge: Int(settings.lifetime.timeInterval), secure: settings.secureCookies)
    }

    /// The CSRF token of a request by `principal`.
    public func csrfToken(for request: Request, principal: Principal) -> CSRFToken {
        CSRFToken(binding: CSRFProtection.binding(principal: principal, request: request, settings: settings), secret: secret, settings: settings)
    }

    /// Throws 403 unless an unsafe page request carries its CSRF token.
    public func verifyCSRF(_ request: Request, principal: Principal) throws {
        try CSRFProtection.verify(request, principal: principal, settings: settings, secret: secret)
    }

    static func describe(seconds: Int) -> String {
        seconds < 90 ? "\(seconds) seconds" : "\((seconds + 59) / 60) minutes"
    }
}
