import HTTP

/// Who is making a request, as far as the kernel knows.
public struct Principal: Sendable, Hashable {
    /// The account id, or nil for someone without an account or not signed in.
    public var accountID: Int64?
    public var displayName: String?
    /// Roles held in the request's region (operators hold `.operator` everywhere).
    public var roles: Set<Role>
    /// Actions this principal holds in the region after role mapping, with denials applied.
    public var actions: Set<String>

    public init(accountID: Int64?, displayName: String?, roles: Set<Role>, actions: Set<String>) {
        self.accountID = accountID
        self.displayName = displayName
        self.roles = roles
        self.actions = actions
    }

    public static let anonymous = Principal(accountID: nil, displayName: nil, roles: [], actions: [])

    public var isSignedIn: Bool { accountID != nil }

    public func holds(_ action: String) -> Bool {
        roles.contains(.operator) || actions.contains(action)
    }
}

/// The kernel's answer to "who is this, and may they do that, here?". The identity issue
/// fills it with accounts, sessions, tokens and roles; until then `AnonymousIdentity`
/// treats every request as anonymous, so only public routes answer.
public protocol IdentityService: Sendable {
    /// The principal behind a request in `region` (session cookie or bearer token).
    func principal(for request: Request, region: Region) throws -> Principal
}

/// Every request is anonymous: public routes answer, guarded ones are refused.
public struct AnonymousIdentity: IdentityService {
    public init() {}
    public func principal(for request: Request, region: Region) throws -> Principal { .anonymous }
}
