import Foundation
import HTTP

/// What a region admin does, shared by the admin pages and the API: members and roles,
/// permission rules, organisations. Every change is one region-scoped transaction that also
/// writes its audit entry.
enum Administration {
    /// Adds `email` to the region with `roles`, creating an account without password when
    /// there is none (the person sets one through "forgot password"). 409 when the person is
    /// a member already.
    static func addMember(email: EmailAddress, displayName: String?, roles: Set<Membership>, context: RequestContext) throws -> Member {
        let region = context.region.id
        return try context.write { db in
            let account = try Accounts.find(email: email, in: db) ?? Accounts.create(
                email: email, displayName: displayName ?? String(email.value.split(separator: "@").first ?? ""),
                language: nil, passwordHash: nil, confirmed: false, now: context.now, in: db)
            guard try !Memberships.isMember(account.id, of: region, db: db) else {
                throw HTTPError.conflict("email: this person is a member of the region already; change their roles instead", field: "email")
            }
            try Memberships.set(roles, of: account.id, in: region, now: context.now, db: db)
            try AuditLog.record(
                region: region, actor: context.auditActor, action: "kernel.member-added", subject: "account \(account.id)",
                detail: describe(roles), at: context.now, in: db)
            return try member(account.id, context: context, db: db)
        }
    }

    /// Replaces a member's roles (empty: removes them from the region). 404 for someone who
    /// is not a member here.
    @discardableResult
    static func setRoles(of account: Int64, to roles: Set<Membership>, context: RequestContext) throws -> Member? {
        let region = context.region.id
        return try context.write { db in
            guard try Memberships.isMember(account, of: region, db: db) else {
                throw HTTPError.notFound("There is no member \(account) in this region")
            }
            let before = Set(try Memberships.list(of: account, in: region, db: db))
            try Memberships.set(roles, of: account, in: region, now: context.now, db: db)
            try requireAnAdmin(context: context, db: db, before: before, account: account)
            try AuditLog.record(
                region: region, actor: context.auditActor, action: roles.isEmpty ? "kernel.member-removed" : "kernel.member-roles-changed",
                subject: "account \(account)",
                detail: .object(["before": describe(before), "after": describe(roles)]), at: context.now, in: db)
            return roles.isEmpty ? nil : try member(account, context: context, db: db)
        }
    }

    /// A region that had a region admin keeps one: the last may not remove themselves.
    private static func requireAnAdmin(context: RequestContext, db: any DatabaseTransaction, before: Set<Membership>, account: Int64) throws {
        guard before.contains(where: { $0.role == .regionAdmin }) else { return }
        let admins = try db.scalar(Int.self, """
            SELECT count(*) FROM kernel_memberships WHERE region = \(context.region.id) AND role = 'region-admin'
            """) ?? 0
        if admins == 0 {
            throw HTTPError.unprocessable("roles: the region needs at least one region admin; make someone else admin first", field: "roles")
        }
    }

    private static func member(_ account: Int64, context: RequestContext, db: any DatabaseConnection) throws -> Member {
        guard let member = try Memberships.members(of: context.region.id, db: db).first(where: { $0.accountID == account }) else {
            throw HTTPError.notFound()
        }
        return member
    }

    static func describe(_ roles: Set<Membership>) -> JSONValue {
        .array(roles.sorted { ($0.role.rawValue, $0.organisationID ?? 0) < ($1.role.rawValue, $1.organisationID ?? 0) }.map { membership in
            membership.organisationID.map { .string("\(membership.role.rawValue)@organisation \($0)") } ?? .string(membership.role.rawValue)
        })
    }

    /// One row of the permission table: an action, who holds it by default and here.
    struct PermissionRow: Encodable {
        var action: String
        var summary: String
        var default_roles: [String]
        var roles: [String]
        /// The region's rules for this action by role: `grant` or `deny`.
        var rules: [String: String]
    }

    static func permissionTable(_ context: RequestContext) throws -> [PermissionRow] {
        let rules = try context.read { db in try Permissions.rules(region: context.region.id, in: db) }
        return context.services.accounts.declarations.map { declaration in
            PermissionRow(
                action: declaration.name, summary: declaration.summary,
                default_roles: declaration.defaultRoles.map(\.rawValue).sorted(),
                roles: Permissions.holders(of: declaration, rules: rules).map(\.rawValue).sorted(),
                rules: Dictionary(uniqueKeysWithValues: rules.filter { $0.action == declaration.name }.map { ($0.role.rawValue, $0.effect.rawValue) }))
        }
    }

    static func setRule(action: String, role: Role, effect: PermissionRule.Effect?, context: RequestContext) throws {
        let region = context.region.id
        try context.write { db in
            try Permissions.setRule(
                region: region, action: action, role: role, effect: effect, declarations: context.services.accounts.declarations, in: db)
            try AuditLog.record(
                region: region, actor: context.auditActor, action: "kernel.permission-changed", subject: "\(action)/\(role.rawValue)",
                detail: .object(["effect": .string(effect?.rawValue ?? "default")]), at: context.now, in: db)
        }
    }

    static func createOrganisation(_ profile: OrganisationProfile, context: RequestContext) throws -> Organisation {
        try context.write { db in
            let organisation = try Organisations.create(profile, in: context.region.id, now: context.now, db: db)
            try AuditLog.record(
                region: context.region.id, actor: context.auditActor, action: "kernel.organisation-created",
                subject: "organisation \(organisation.id)", detail: .object(["name": .string(organisation.name)]), at: context.now, in: db)
            return organisation
        }
    }

    static func updateOrganisation(_ id: Int64, _ profile: OrganisationProfile, context: RequestContext) throws -> Organisation {
        try context.write { db in
            let organisation = try Organisations.update(id, with: profile, in: context.region.id, db: db)
            try AuditLog.record(
                region: context.region.id, actor: context.auditActor, action: "kernel.organisation-updated",
                subject: "organisation \(id)", detail: .object(["name": .string(organisation.name)]), at: context.now, in: db)
            return organisation
        }
    }

    static func deleteOrganisation(_ id: Int64, context: RequestContext) throws {
        try context.write { db in
            try Organisations.delete(id, in: context.region.id, db: db)
            try AuditLog.record(
                region: context.region.id, actor: context.auditActor, action: "kernel.organisation-deleted",
                subject: "organisation \(id)", at: context.now, in: db)
        }
    }
}
