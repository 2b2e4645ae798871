import Foundation
import HTTP
import Kernel

/// A signed-in browser for tests: the session cookie (and CSRF cookie, once a form set one)
/// to send with each request.
public struct TestSession: Sendable {
    /// `name=value` pairs for the `Cookie` header.
    public var cookies: [String: String]

    public init(cookies: [String: String] = [:]) {
        self.cookies = cookies
    }

    public var cookieHeader: String { cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }

    /// Headers carrying the cookies (none when there are none).
    public var headers: [(String, String)] { cookies.isEmpty ? [] : [("Cookie", cookieHeader)] }

    /// Takes up the cookies a response sets (and drops those it clears).
    public mutating func absorb(_ response: TestResponse) {
        for value in response.headers.values("Set-Cookie") {
            guard let pair = value.split(separator: ";").first, let equals = pair.firstIndex(of: "=") else { continue }
            let name = String(pair[..<equals]).trimmingCharacters(in: .whitespaces)
            let cookie = String(pair[pair.index(after: equals)...])
            if cookie.isEmpty || value.contains("Max-Age=0") { cookies[name] = nil } else { cookies[name] = cookie }
        }
    }
}

extension TestServer {
    public static let testPassword = "a long test password"

    /// Creates a confirmed account with `password`, directly in storage, holding `roles` per
    /// region id. Returns its id.
    @discardableResult
    public func createAccount(
        _ email: String, password: String? = TestServer.testPassword, name: String? = nil, isOperator: Bool = false,
        roles: [String: [Role]] = [:], confirmed: Bool = true
    ) throws -> Int64 {
        let address = try EmailAddress(email)
        let hash = try password.map { try application.services.accounts.hasher.hash($0) }
        return try storage.write { db in
            let account = try Accounts.create(
                email: address, displayName: name ?? String(address.value.split(separator: "@")[0]), language: nil,
                passwordHash: hash, confirmed: confirmed, isOperator: isOperator, now: Date(), in: db)
            for (region, held) in roles {
                try Memberships.set(Set(held.map { Membership(role: $0) }), of: account.id, in: region, now: Date(), db: db)
            }
            return account.id
        }
    }

    /// Signs in over the JSON API of `region` and returns the browser state to send along.
    public func signIn(_ email: String, password: String = TestServer.testPassword, region: String = "demo", client: TestClient? = nil) throws -> TestSession {
        let body = JSONValue.object(["email": .string(email), "password": .string(password)]).encoded()
        let response = try (client ?? self.client()).sendJSON(.post, "/api/v1/\(region)/de/sign-in", String(decoding: body, as: UTF8.self))
        guard response.status == 200 else { throw TestServerError("sign-in of \(email) answered \(response.status): \(response.text)") }
        var session = TestSession()
        session.absorb(response)
        return session
    }
}
