import Foundation
import HTTP

/// A region's administration over the JSON API: members and their roles, which roles hold
/// which action, and the audit log. Everything here runs in the region's scope, so it can
/// neither see nor change another region's members, rules or log.
enum AdministrationAPI {
    static let routes: [Route] = [
        .api(.get, "/members", access: .action(IdentityArea.manageMembers), summary: "Members of the region with their roles", handler: members),
        .api(.post, "/members", access: .action(IdentityArea.manageMembers), summary: "Add a member (creating the account if needed) with roles", handler: addMember),
        .api(.put, "/members/{id}/roles", access: .action(IdentityArea.manageMembers), summary: "Replace a member's roles", handler: setRoles),
        .api(.delete, "/members/{id}", access: .action(IdentityArea.manageMembers), summary: "Remove a member from the region", handler: removeMember),
        .api(.get, "/permissions", access: .action(IdentityArea.managePermissions), summary: "Which roles hold which action in the region", handler: permissions),
        .api(.put, "/permissions", access: .action(IdentityArea.managePermissions), summary: "Grant or deny an action to a role, or return to the default", handler: setPermission),
        .api(.get, "/audit-log", access: .action(IdentityArea.readAuditLog), summary: "Administrative actions in the region, newest first", handler: auditLog),
    ]

    @Sendable static func members(_ request: Request, _ context: RequestContext) throws -> Response {
        let members = try context.read { db in try Memberships.members(of: context.region.id, db: db) }
        return try .json(Items(items: members))
    }

    struct RoleInput: Decodable {
        var role: String
        var organisation_id: Int64?
    }

    static func memberships(_ input: [RoleInput]) throws -> Set<Membership> {
        guard input.count <= 50 else { throw HTTPError.unprocessable("roles: at most 50 roles", field: "roles") }
        return Set(try input.enumerated().map { index, item in
            guard let role = Role(rawValue: item.role), role != .operator else {
                let names = Role.allCases.filter { $0 != .operator }.map(\.rawValue).joined(separator: ", ")
                throw HTTPError.unprocessable("roles[\(index)].role must be one of \(names)", field: "roles[\(index)].role")
            }
            return Membership(role: role, organisationID: item.organisation_id)
        })
    }

    struct NewMember: Decodable {
        var email: String
        var display_name: String?
        var roles: [RoleInput]
    }

    @Sendable static func addMember(_ request: Request, _ context: RequestContext) throws -> Response {
        let input = try request.decodeJSON(NewMember.self)
        let email = try Accounts.validEmail(input.email)
        let name = try input.display_name.map { try Accounts.validDisplayName($0) }
        let roles = try memberships(input.roles)
        guard !roles.isEmpty else { throw HTTPError.unprocessable("roles: give the new member at least one role", field: "roles") }
        let member = try Administration.addMember(email: email, displayName: name, roles: roles, context: context)
        return try .json(member, status: .created)
    }

    struct RolesInput: Decodable {
        var roles: [RoleInput]
    }

    @Sendable static func setRoles(_ request: Request, _ context: RequestContext) throws -> Response {
        let account = try context.idParameter(request)
        let roles = try memberships(try request.decodeJSON(RolesInput.self).roles)
        let member = try Administration.setRoles(of: account, to: roles, context: context)
        return try .json(member)
    }

    @Sendable static func removeMember(_ request: Request, _ context: RequestContext) throws -> Response {
        try Administration.setRoles(of: try context.idParameter(request), to: [], context: context)
        return Response(status: .noContent)
    }

    @Sendable static func permissions(_ request: Request, _ context: RequestContext) throws -> Response {
        try .json(Items(items: try Administration.permissionTable(context)))
    }

    struct RuleInput: Decodable {
        var action: String
        var role: String
        /// `grant`, `deny` or `default`.
        var effect: String
    }

    @Sendable static func setPermission(_ request: Request, _ context: RequestContext) throws -> Response {
        let input = try request.decodeJSON(RuleInput.self)
        guard let role = Role(rawValue: input.role) else {
            throw HTTPError.unprocessable("role must be one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))", field: "role")
        }
        let effect: PermissionRule.Effect?
        switch input.effect {
        case "default": effect = nil
        case let text:
            guard let value = PermissionRule.Effect(rawValue: text) else {
                throw HTTPError.unprocessable("effect must be grant, deny or default", field: "effect")
            }
            effect = value
        }
        try Administration.setRule(action: input.action, role: role, effect: effect, context: context)
        return try .json(Items(items: try Administration.permissionTable(context)))
    }

    @Sendable static func auditLog(_ request: Request, _ context: RequestContext) throws -> Response {
        var before: Int64?
        if let text = request.queryValue("before") {
            guard let value = Int64(text), value > 0 else { throw HTTPError.badRequest("before must be an entry id", field: "before") }
            before = value
        }
        let entries = try context.read { db in try AuditLog.entries(region: context.region.id, before: before, in: db) }
        return try .json(Items(items: entries))
    }
}
