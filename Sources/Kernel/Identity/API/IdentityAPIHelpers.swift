import Foundation
import HTTP

extension RequestContext {
    /// The signed-in account behind a session; 401 for the anonymous, 403 for API tokens
    /// (a token must not be able to change the account it belongs to).
    func sessionAccountForAPI() throws -> Int64 {
        guard let account = principal.accountID else {
            throw HTTPError(.unauthorized, "Sign in for this", headers: ["WWW-Authenticate": "Bearer"])
        }
        guard case .session = principal.credential else {
            throw HTTPError.forbidden("Manage your account with a signed-in session, not with an API token")
        }
        return account
    }

    var auditActor: AuditActor { AuditActor(principal) }

    /// A path parameter that must be a positive integer id; 404 otherwise.
    func idParameter(_ request: Request, _ name: String = "id") throws -> Int64 {
        guard let text = request.parameters[name], let id = Int64(text), id > 0 else { throw HTTPError.notFound() }
        return id
    }
}

/// The signed-in person as the API shows them, with what they hold in the request's region.
struct AccountView: Encodable {
    var account: Account
    var region: String
    var roles: [String]
    var actions: [String]

    init(account: Account, principal: Principal, region: String) {
        self.account = account
        self.region = region
        roles = principal.roles.map(\.rawValue).sorted()
        actions = principal.actions.sorted()
    }
}

/// `{"items": [...]}`, the shape of every list the API returns.
struct Items<Item: Encodable>: Encodable {
    var items: [Item]
}
