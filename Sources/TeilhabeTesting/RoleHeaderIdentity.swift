import HTTP
import Kernel

/// An `IdentityService` for tests of guarded routes: `Authorization: Bearer <role>` (e.g.
/// `Bearer staff`) signs the request in as an account holding that role in the region,
/// with the actions the kernel and the linked modules give the role by default. Anything
/// else is anonymous. It is a real identity service (the kernel checks access with it
/// exactly as with the production one); it only skips passwords and sessions.
public struct RoleHeaderIdentity: IdentityService {
    private let actions: [ActionDeclaration]

    public init(modules: [any Module.Type]) {
        actions = KernelManifest.actions + modules.flatMap { $0.manifest.actions }
    }

    public func principal(for request: Request, region: Region) throws -> Principal {
        guard let header = request.headers["Authorization"], header.hasPrefix("Bearer "),
              let role = Role(rawValue: String(header.dropFirst(7))) else { return .anonymous }
        let held = Set(actions.filter { $0.defaultRoles.contains(role) }.map(\.name))
        return Principal(
            accountID: Self.accountID(of: role), displayName: role.rawValue, roles: [role], actions: held)
    }

    /// The account id a role signs in as (1 for operator, 2 for region-admin, …).
    public static func accountID(of role: Role) -> Int64 {
        Int64((Role.allCases.firstIndex(of: role) ?? 0) + 1)
    }
}
