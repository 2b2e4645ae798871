import Foundation
import HTTP

/// Registration, e-mail confirmation and password reset over the JSON API. The answers never
/// tell whether an address has an account: a registration or reset request is always 202.
enum AccountFlowsAPI {
    static let routes: [Route] = [
        .api(.post, "/accounts", access: .public, summary: "Register (where the region allows it); a confirmation link is mailed", handler: register),
        .api(.post, "/email-confirmation", access: .public, summary: "Confirm an e-mail address with the token from the mail", handler: confirm),
        .api(.post, "/email-confirmation/again", access: .public, summary: "Mail a new confirmation link", handler: resend),
        .api(.post, "/password-reset", access: .public, summary: "Mail a link to set a new password", handler: requestReset),
        .api(.post, "/password-reset/complete", access: .public, summary: "Set a new password with the token from the mail", handler: completeReset),
    ]

    struct Registration: Decodable {
        var email: String
        var display_name: String
        var password: String
        var language: String?
    }

    struct Address: Decodable {
        var email: String
    }

    struct Token: Decodable {
        var token: String
    }

    struct NewPassword: Decodable {
        var token: String
        var password: String
    }

    static let accepted = Response.json(JSONValue.object(["status": "accepted"]).encoded(), status: .accepted)

    @Sendable static func register(_ request: Request, _ context: RequestContext) throws -> Response {
        let input = try request.decodeJSON(Registration.self)
        try AccountFlows(context: context, mail: context.services.mail).register(
            .init(email: input.email, displayName: input.display_name, password: input.password, language: input.language))
        return accepted
    }

    @Sendable static func confirm(_ request: Request, _ context: RequestContext) throws -> Response {
        try AccountFlows(context: context, mail: context.services.mail).confirm(try request.decodeJSON(Token.self).token)
        return Response(status: .noContent)
    }

    @Sendable static func resend(_ request: Request, _ context: RequestContext) throws -> Response {
        try AccountFlows(context: context, mail: context.services.mail).resendConfirmation(try request.decodeJSON(Address.self).email)
        return accepted
    }

    @Sendable static func requestReset(_ request: Request, _ context: RequestContext) throws -> Response {
        try AccountFlows(context: context, mail: context.services.mail).requestPasswordReset(try request.decodeJSON(Address.self).email)
        return accepted
    }

    @Sendable static func completeReset(_ request: Request, _ context: RequestContext) throws -> Response {
        let input = try request.decodeJSON(NewPassword.self)
        try AccountFlows(context: context, mail: context.services.mail).resetPassword(token: input.token, password: input.password, field: "password")
        return Response(status: .noContent)
    }
}
