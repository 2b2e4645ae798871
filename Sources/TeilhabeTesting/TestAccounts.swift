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

extension TestServer {
    /// The CSRF token a form rendered for `session` carries, read from the account page
    /// (signed in) or the sign-in page (anonymous), as a browser would get it. Updates the
    /// session with the CSRF cookie an anonymous browser receives.
    public func csrfToken(for session: inout TestSession, region: String = "demo") throws -> String {
        let page = session.cookies.keys.contains(where: { $0.hasSuffix("teilhabe-session") }) ? "account" : "sign-in"
        let response = try client().send(.get, "/\(region)/de/\(page)", headers: session.headers)
        session.absorb(response)
        guard let token = Self.hiddenField(CSRFProtection.fieldName, in: response.text) else {
            throw TestServerError("no \(CSRFProtection.fieldName) field on /\(region)/de/\(page) (status \(response.status))")
        }
        return token
    }

    /// The CSRF token for a signed-in session (which needs no cookie from the form).
    public func csrfToken(for session: TestSession, region: String = "demo") throws -> String {
        var copy = session
        return try csrfToken(for: &copy, region: region)
    }

    /// The value of the hidden input `name` in an HTML page.
    public static func hiddenField(_ name: String, in html: String) -> String? {
        guard let range = html.range(of: "name=\"\(name)\"") else { return nil }
        let tag = html[..<range.lowerBound].lastIndex(of: "<").map { html[$0...] } ?? html[range.lowerBound...]
        guard let end = tag.firstIndex(of: ">"), let value = tag[..<end].range(of: "value=\"") else { return nil }
        return String(tag[value.upperBound...].prefix { $0 != "\"" })
    }
}

extension TestServer {
    /// Headers of a browser signed in as a new account that holds `role` in `region`: its
    /// session cookie and the CSRF token its forms carry, so that page forms, JSON API calls
    /// and reads all pass as they would for that person.
    public func headers(signedInAs role: Role, region: String = "demo") throws -> [(String, String)] {
        let email = "\(role.rawValue)-\(UUID().uuidString.prefix(8).lowercased())@example.org"
        if role == .operator {
            try createAccount(email, isOperator: true)
        } else {
            try createAccount(email, roles: [region: [role]])
        }
        let session = try signIn(email, region: region)
        return session.headers + [(CSRFProtection.headerName, try csrfToken(for: session, region: region))]
    }
}

extension TestServer {
    /// `Authorization: Bearer` headers of a real API token, created over the API the way a
    /// person does it, by a new account that holds `role` in `region`, with every action the
    /// role holds there.
    public func apiTokenHeaders(role: Role, region: String = "demo") throws -> [(String, String)] {
        let session = try headers(signedInAs: role, region: region)
        let client = client()
        let account = try client.send(.get, "/api/v1/\(region)/de/account", headers: session).json()
        let actions = account["actions"]?.arrayValue ?? []
        let request = JSONValue.object(["name": .string("test \(role.rawValue)"), "actions": .array(actions)]).encoded()
        let created = try client.sendJSON(.post, "/api/v1/\(region)/de/account/tokens", String(decoding: request, as: UTF8.self), headers: session)
        guard created.status == 201, let secret = try created.json()["secret"]?.stringValue else {
            throw TestServerError("creating an API token answered \(created.status): \(created.text)")
        }
        return [("Authorization", "Bearer \(secret)")]
    }
}
