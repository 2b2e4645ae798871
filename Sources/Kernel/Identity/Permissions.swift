import HTTP

/// A region's change to which role holds an action: `grant` adds a role to the manifest's
/// default roles, `deny` takes it away. Deny wins: a person with several roles loses an
/// action if any of their roles is denied it, whatever their other roles grant.
public struct PermissionRule: Sendable, Codable, Equatable, Hashable {
    public enum Effect: String, Sendable, Codable, CaseIterable { case grant, deny }

    public var action: String
    public var role: Role
    public var effect: Effect

    public init(action: String, role: Role, effect: Effect) {
        self.action = action
        self.role = role
        self.effect = effect
    }
}

/// How roles become actions in a region, and the region's rules in `kernel_permission_rules`.
public enum Permissions {
    /// Actions a region admin always holds, so that no rule can lock a region out of its own
    /// administration.
    public static let undeniableForRegionAdmins: Set<String> = [IdentityArea.manageMembers, IdentityArea.managePermissions]

    /// The actions a holder of `roles` has, given the declared actions and the region's rules.
    /// Operators hold everything declared.
    public static func actions(for roles: Set<Role>, rules: [PermissionRule], declarations: [ActionDeclaration]) -> Set<String> {
        if roles.contains(.operator) { return Set(declarations.map(\.name)) }
        guard !roles.isEmpty else { return [] }
        var granted: [String: Set<Role>] = [:]
        var denied: [String: Set<Role>] = [:]
        for rule in rules {
            switch rule.effect {
            case .grant: granted[rule.action, default: []].insert(rule.role)
            case .deny: denied[rule.action, default: []].insert(rule.role)
            }
        }
        var actions: Set<String> = []
        for declaration in declarations {
            let holders = declaration.defaultRoles.union(granted[declaration.name] ?? [])
            var refused = denied[declaration.name] ?? []
            if undeniableForRegionAdmins.contains(declaration.name) { refused.remove(.regionAdmin) }
            if !roles.isDisjoint(with: holders), roles.isDisjoint(with: refused) { actions.insert(declaration.name) }
        }
        return actions
    }

    /// The roles holding `declaration` in a region with `rules`.
    public static func holders(of declaration: ActionDeclaration, rules: [PermissionRule]) -> Set<Role> {
        Set(Role.allCases.filter { role in
            role != .operator && actions(for: [role], rules: rules, declarations: [declaration]).contains(declaration.name)
        })
    }

    public static func rules(region: String, in db: any DatabaseConnection) throws -> [PermissionRule] {
        try db.query("SELECT action, role, effect FROM kernel_permission_rules WHERE region = \(region) ORDER BY action, role")
            .compactMap { row in
                guard let role = Role(rawValue: try row.get("role", as: String.self)),
                      let effect = PermissionRule.Effect(rawValue: try row.get("effect", as: String.self)) else { return nil }
                return PermissionRule(action: try row.get("action", as: String.self), role: role, effect: effect)
            }
    }

    /// Sets the region's rule for `action` and `role`; nil returns to the manifest's default.
    /// Refuses rules for undeclared actions, for operators, and denials that would lock region
    /// admins out of administration, naming the field.
    public static func setRule(
        region: String, action: String, role: Role, effect: PermissionRule.Effect?, declarations: [ActionDeclaration],
        in db: any DatabaseTransaction
    ) throws {
        guard declarations.contains(where: { $0.name == action }) else {
            throw HTTPError.unprocessable("action: '\(action)' is not an action any linked module declares", field: "action")
        }
        guard role != .operator else {
            throw HTTPError.unprocessable("role: operators hold every action; their permissions cannot be changed", field: "role")
        }
        if effect == .deny, role == .regionAdmin, undeniableForRegionAdmins.contains(action) {
            throw HTTPError.unprocessable("effect: region admins always hold \(action), so that the region keeps an administration", field: "effect")
        }
        if let effect {
            try db.execute("""
                INSERT INTO kernel_permission_rules (region, action, role, effect) VALUES (\(region), \(action), \(role.rawValue), \(effect.rawValue))
                ON CONFLICT (region, action, role) DO UPDATE SET effect = excluded.effect
                """)
        } else {
            try db.execute("DELETE FROM kernel_permission_rules WHERE region = \(region) AND action = \(action) AND role = \(role.rawValue)")
        }
    }
}
