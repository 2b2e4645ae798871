import Foundation
import HTTP

/// The signed-in person's own account over the JSON API: profile, password, sessions, API
/// tokens, and their data (export and erasure). Every route needs a session: an API token
/// cannot manage the account it belongs to.
enum AccountAPI {
    static let routes: [Route] = [
        .api(.get, "/account", access: .public, summary: "The signed-in account with its roles and actions in this region", handler: show),
        .api(.patch, "/account", access: .public, summary: "Change display name or language", handler: update),
        .api(.post, "/account/password", access: .public, summary: "Change the password (other sessions end)", handler: changePassword),
        .api(.get, "/account/sessions", access: .public, summary: "The account's signed-in sessions", handler: sessions),
        .api(.delete, "/account/sessions/{id}", access: .public, summary: "End one session", handler: endSession),
        .api(.post, "/account/sessions/end-all", access: .public, summary: "Sign out everywhere, this session included", handler: endAllSessions),
        .api(.get, "/account/tokens", access: .public, summary: "The account's API tokens in this region", handler: tokens),
        .api(.post, "/account/tokens", access: .public, summary: "Create an API token for this region; its secret is shown once", handler: createToken),
        .api(.delete, "/account/tokens/{id}", access: .public, summary: "Revoke an API token", handler: revokeToken),
        .api(.get, "/account/export", access: .public, summary: "Everything the server holds on the signed-in person, as JSON", handler: export),
        .api(.post, "/account/erase", access: .public, summary: "Delete the account and erase the person's data everywhere", handler: erase),
    ]

    static func account(_ context: RequestContext) throws -> Account {
        let id = try context.sessionAccountForAPI()
        guard let account = try context.services.storage.read(.global, { db in try Accounts.find(id: id, in: db) }) else {
            throw HTTPError(.unauthorized, "Sign in for this", headers: ["WWW-Authenticate": "Bearer"])
        }
        return account
    }

    @Sendable static func show(_ request: Request, _ context: RequestContext) throws -> Response {
        try .json(AccountView(account: try account(context), principal: context.principal, region: context.region.id))
    }

    struct ProfileChange: Decodable {
        var display_name: String?
        var language: String?
    }

    @Sendable static func update(_ request: Request, _ context: RequestContext) throws -> Response {
        var current = try account(context)
        let change = try request.decodeJSON(ProfileChange.self)
        let name = try change.display_name.map { try Accounts.validDisplayName($0) } ?? current.displayName
        let language = try change.language.map { try Accounts.validLanguage($0, in: context.region) } ?? current.language
        try context.services.storage.write(.global) { db in
            try Accounts.updateProfile(id: current.id, displayName: name, language: language, in: db)
        }
        current.displayName = name
        current.language = language
        return try .json(AccountView(account: current, principal: context.principal, region: context.region.id))
    }

    struct PasswordChange: Decodable {
        var current_password: String
        var new_password: String
    }

    @Sendable static func changePassword(_ request: Request, _ context: RequestContext) throws -> Response {
        let account = try account(context)
        let change = try request.decodeJSON(PasswordChange.self)
        let cookie = try AccountChanges.changePassword(
            of: account, current: change.current_password, new: change.new_password, fields: ("current_password", "new_password"),
            request: request, context: context)
        var response = Response(status: .noContent)
        response.headers.add("Set-Cookie", cookie)
        return response
    }

    @Sendable static func sessions(_ request: Request, _ context: RequestContext) throws -> Response {
        let id = try context.sessionAccountForAPI()
        var current: Int64?
        if case .session(let session, _) = context.principal.credential { current = session }
        let accounts = context.services.accounts
        let list = try context.services.storage.read(.global) { db in
            try Sessions.list(of: id, current: current, settings: accounts.settings, now: context.now, in: db)
        }
        return try .json(Items(items: list))
    }

    @Sendable static func endSession(_ request: Request, _ context: RequestContext) throws -> Response {
        let account = try context.sessionAccountForAPI()
        let session = try context.idParameter(request)
        let ended = try context.services.storage.write(.global) { db in try Sessions.end(session, of: account, in: db) }
        guard ended else { throw HTTPError.notFound("You have no session \(session)") }
        return Response(status: .noContent)
    }

    @Sendable static func endAllSessions(_ request: Request, _ context: RequestContext) throws -> Response {
        let account = try context.sessionAccountForAPI()
        try context.services.storage.write(.global) { db in try Sessions.endAll(of: account, in: db) }
        var response = Response(status: .noContent)
        response.headers.add("Set-Cookie", try context.services.accounts.signOut(.anonymous))
        return response
    }

    @Sendable static func tokens(_ request: Request, _ context: RequestContext) throws -> Response {
        let account = try context.sessionAccountForAPI()
        let list = try context.read { db in try APITokens.list(account: account, region: context.region.id, in: db) }
        return try .json(Items(items: list))
    }

    struct TokenRequest: Decodable {
        var name: String
        var actions: [String]
        var expires_in_days: Int?
    }

    struct CreatedToken: Encodable {
        /// The secret, shown this once.
        var secret: String
        var token: APITokenSummary
    }

    @Sendable static func createToken(_ request: Request, _ context: RequestContext) throws -> Response {
        let account = try context.sessionAccountForAPI()
        let input = try request.decodeJSON(TokenRequest.self)
        let created = try context.write { db in
            try APITokens.create(
                account: account, region: context.region.id, name: input.name, actions: input.actions,
                lifetimeDays: input.expires_in_days ?? APITokens.defaultLifetimeDays, holderActions: context.principal.actions,
                now: context.now, in: db)
        }
        return try .json(CreatedToken(secret: created.secret, token: created.token), status: .created)
    }

    @Sendable static func revokeToken(_ request: Request, _ context: RequestContext) throws -> Response {
        let account = try context.sessionAccountForAPI()
        let token = try context.idParameter(request)
        let revoked = try context.write { db in
            try APITokens.revoke(token, account: account, region: context.region.id, now: context.now, in: db)
        }
        guard revoked else { throw HTTPError.notFound("You have no API token \(token) in this region") }
        return Response(status: .noContent)
    }

    @Sendable static func export(_ request: Request, _ context: RequestContext) throws -> Response {
        let account = try account(context)
        let document = try context.services.privacy.export(try EmailAddress(account.email))
        var response = Response.json(document.encoded())
        response.headers["Content-Disposition"] = "attachment; filename=\"teilhabe-data.json\""
        response.headers["Cache-Control"] = "no-store"
        return response
    }

    struct Confirmation: Decodable {
        var password: String
    }

    @Sendable static func erase(_ request: Request, _ context: RequestContext) throws -> Response {
        let account = try account(context)
        let confirmation = try request.decodeJSON(Confirmation.self)
        let report = try AccountChanges.erase(account, password: confirmation.password, field: "password", context: context)
        var response = try Response.json(ErasureView(report))
        response.headers.add("Set-Cookie", try context.services.accounts.signOut(.anonymous))
        return response
    }
}

/// What an erasure did, as the API reports it.
struct ErasureView: Encodable {
    var erased: Int
    var anonymised: Int
    var modules: [String]

    init(_ report: PrivacyService.ErasureReport) {
        erased = report.total.erased
        anonymised = report.total.anonymised
        modules = report.modules.keys.sorted()
    }
}
