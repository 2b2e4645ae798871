import Foundation
import HTTP

/// Signing in and out over the JSON API. Signing in sets the same HttpOnly session cookie as
/// the sign-in page; scripts and programs that cannot keep cookies use API tokens.
enum SessionAPI {
    static let routes: [Route] = [
        .api(.post, "/sign-in", access: .public, summary: "Sign in with e-mail address and password; sets the session cookie", handler: signIn),
        .api(.post, "/sign-out", access: .public, summary: "End the current session and remove its cookie", handler: signOut),
    ]

    struct Credentials: Decodable {
        var email: String
        var password: String
    }

    @Sendable static func signIn(_ request: Request, _ context: RequestContext) throws -> Response {
        let credentials = try request.decodeJSON(Credentials.self)
        let accounts = context.services.accounts
        let result = try accounts.signIn(
            email: credentials.email, password: credentials.password, client: context.clientAddress,
            userAgent: request.headers["User-Agent"] ?? "", replacing: context.principal)
        let principal = try accounts.principal(of: result.account, in: context.region.id)
        var response = try Response.json(AccountView(account: result.account, principal: principal, region: context.region.id))
        response.headers.add("Set-Cookie", result.cookie)
        return response
    }

    @Sendable static func signOut(_ request: Request, _ context: RequestContext) throws -> Response {
        var response = Response(status: .noContent)
        response.headers.add("Set-Cookie", try context.services.accounts.signOut(context.principal))
        return response
    }
}
