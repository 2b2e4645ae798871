import HTTP

/// Who is making a request, as far as the kernel knows, in the request's region.
public struct Principal: Sendable, Hashable {
    /// The account id, or nil for someone without an account or not signed in.
    public var accountID: Int64?
    public var displayName: String?
    /// The account's normalised e-mail address.
    public var email: String?
    /// The language the person chose for the interface, if any.
    public var language: String?
    /// Roles held in the request's region (operators hold `.operator` everywhere).
    public var roles: Set<Role>
    /// Roles held for one organisation of the region, by organisation id (included in `roles`).
    public var organisationRoles: [Int64: Set<Role>]
    /// Actions this principal holds in the region after role mapping, with denials applied
    /// (for an API token: only those of its actions the account still holds).
    public var actions: Set<String>
    /// How the caller proved who they are.
    public var credential: Credential
    /// `Set-Cookie` values the response must carry: a session renewed by the identity
    /// service (rotation after a change of the account's privileges).
    public var responseCookies: [String]

    public init(
        accountID: Int64?, displayName: String?, email: String? = nil, language: String? = nil,
        roles: Set<Role>, organisationRoles: [Int64: Set<Role>] = [:], actions: Set<String>,
        credential: Credential = .none, responseCookies: [String] = []
    ) {
        self.accountID = accountID
        self.displayName = displayName
        self.email = email
        self.language = language
        self.roles = roles
        self.organisationRoles = organisationRoles
        self.actions = actions
        self.credential = credential
        self.responseCookies = responseCookies
    }

    public static let anonymous = Principal(accountID: nil, displayName: nil, roles: [], actions: [])

    public var isSignedIn: Bool { accountID != nil }

    /// Whether the principal holds `action` here. Operators hold every declared action (the
    /// identity service lists them), except through an API token scoped to fewer.
    public func holds(_ action: String) -> Bool {
        actions.contains(action)
    }

    /// The session or token behind a signed-in principal.
    public enum Credential: Sendable, Hashable {
        case none
        /// A session cookie. `binding` is the hash of the session's token: CSRF tokens are
        /// derived from it, so they change whenever the session is rotated.
        case session(id: Int64, binding: String)
        case apiToken(id: Int64)
    }
}

/// The kernel's answer to "who is this, and may they do that, here?". `AccountIdentity` is
/// the real one (accounts, sessions, API tokens, roles per region); `AnonymousIdentity`
/// treats every request as anonymous.
public protocol IdentityService: Sendable {
    /// The principal behind a request in `region` (session cookie or bearer token). Throws an
    /// `HTTPError` for credentials that are present but not acceptable (an expired or revoked
    /// API token, or one for another region).
    func principal(for request: Request, region: Region) throws -> Principal
}

/// Every request is anonymous: public routes answer, guarded ones are refused.
public struct AnonymousIdentity: IdentityService {
    public init() {}
    public func principal(for request: Request, region: Region) throws -> Principal { .anonymous }
}
