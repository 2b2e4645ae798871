import Foundation
import HTTP

/// The region's organisations over the JSON API: public profiles for everyone, all of them
/// and changes for holders of `kernel.manage-organisations`.
enum OrganisationsAPI {
    static let routes: [Route] = [
        .api(.get, "/organisations", access: .public, summary: "The region's organisations (public profiles; all for their managers)", handler: list),
        .api(.get, "/organisations/{id}", access: .public, summary: "One organisation's profile", handler: show),
        .api(.post, "/organisations", access: .action(IdentityArea.manageOrganisations), summary: "Create an organisation", handler: create),
        .api(.put, "/organisations/{id}", access: .action(IdentityArea.manageOrganisations), summary: "Replace an organisation's profile", handler: update),
        .api(.delete, "/organisations/{id}", access: .action(IdentityArea.manageOrganisations), summary: "Delete an organisation and the roles held for it", handler: delete),
    ]

    @Sendable static func list(_ request: Request, _ context: RequestContext) throws -> Response {
        let all = context.allows(IdentityArea.manageOrganisations)
        let organisations = try context.read { db in try Organisations.list(in: context.region.id, publicOnly: !all, db: db) }
        return try .json(Items(items: organisations))
    }

    @Sendable static func show(_ request: Request, _ context: RequestContext) throws -> Response {
        let id = try context.idParameter(request)
        let organisation = try context.read { db in try Organisations.find(id, in: context.region.id, db: db) }
        guard let organisation, organisation.isPublic || context.allows(IdentityArea.manageOrganisations) else {
            throw HTTPError.notFound("There is no organisation \(id) in this region")
        }
        return try .json(organisation)
    }

    @Sendable static func create(_ request: Request, _ context: RequestContext) throws -> Response {
        let profile = try request.decodeJSON(OrganisationProfile.self)
        return try .json(try Administration.createOrganisation(profile, context: context), status: .created)
    }

    @Sendable static func update(_ request: Request, _ context: RequestContext) throws -> Response {
        let id = try context.idParameter(request)
        let profile = try request.decodeJSON(OrganisationProfile.self)
        return try .json(try Administration.updateOrganisation(id, profile, context: context))
    }

    @Sendable static func delete(_ request: Request, _ context: RequestContext) throws -> Response {
        try Administration.deleteOrganisation(try context.idParameter(request), context: context)
        return Response(status: .noContent)
    }
}
