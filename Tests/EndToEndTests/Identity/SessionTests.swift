import Foundation
import HTTP
import Kernel
import Testing
import TeilhabeTesting

/// Signing in, session cookies, rotation, expiry and throttling, over real HTTP.
@Suite(.serialized) final class SessionTests {
    let clock = TestClock()
    let server: TestServer

    init() throws {
        server = try TestServer(modules: allModules, clock: clock)
    }

    deinit { server.stop() }

    func account(_ session: TestSession) throws -> TestResponse {
        try server.client().send(.get, "/api/v1/demo/de/account", headers: session.headers)
    }

    @Test func signInSetsAnHttpOnlyLaxSessionCookieAndAnswersWithTheAccount() throws {
        try server.createAccount("ana@example.org", roles: ["demo": [.staff]])
        let response = try server.client().sendJSON(.post, "/api/v1/demo/de/sign-in", #"{"email": " Ana@Example.org", "password": "a long test password"}"#)
        #expect(response.status == 200)
        let cookie = try #require(response.headers["Set-Cookie"])
        #expect(cookie.hasPrefix("teilhabe-session="))
        #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/"))
        #expect(!cookie.contains("Secure"), "plain-http public URL: no Secure flag")
        let body = try response.json()
        #expect(body["account"]?["email"]?.stringValue == "ana@example.org")
        #expect(body["roles"]?.arrayValue == ["staff"])
        #expect(body["actions"]?.arrayValue?.contains("workshops.manage") == true)
        // The database holds only a hash of the token.
        let token = String(cookie.split(separator: ";")[0].split(separator: "=")[1])
        let stored = try server.storage.read { try $0.scalar(String.self, "SELECT token_hash FROM kernel_sessions") }
        #expect(stored != nil && stored != token && stored?.count == 64)
    }

    @Test func wrongPasswordsAndUnknownAddressesGetTheSameAnswer() throws {
        try server.createAccount("ana@example.org")
        let client = server.client()
        let wrong = try client.sendJSON(.post, "/api/v1/demo/de/sign-in", #"{"email": "ana@example.org", "password": "not the password"}"#)
        let unknown = try client.sendJSON(.post, "/api/v1/demo/de/sign-in", #"{"email": "nobody@example.org", "password": "not the password"}"#)
        #expect(wrong.status == 401 && unknown.status == 401)
        #expect(try wrong.json()["error"]?["message"] == unknown.json()["error"]?["message"])
        #expect(wrong.headers["Set-Cookie"] == nil)
        let invalid = try client.sendJSON(.post, "/api/v1/demo/de/sign-in", #"{"email": "not-an-address", "password": "x"}"#)
        #expect(invalid.status == 422)
        #expect(try invalid.json()["error"]?["field"]?.stringValue == "email")
    }

    @Test func signingInAgainRotatesTheSession() throws {
        try server.createAccount("ana@example.org")
        let first = try server.signIn("ana@example.org")
        let client = server.client()
        let again = try client.sendJSON(
            .post, "/api/v1/demo/de/sign-in", #"{"email": "ana@example.org", "password": "a long test password"}"#, headers: first.headers)
        #expect(again.status == 200)
        var second = TestSession()
        second.absorb(again)
        #expect(second.cookies != first.cookies)
        #expect(try account(first).status == 401)
        #expect(try account(second).status == 200)
        #expect(try server.storage.read { try $0.scalar(Int.self, "SELECT count(*) FROM kernel_sessions") } == 1)
    }

    @Test func aChangeOfRolesRotatesTheSessionOnItsNextRequest() throws {
        try server.createAccount("admin@example.org", roles: ["demo": [.regionAdmin]])
        let member = try server.createAccount("bo@example.org", roles: ["demo": [.participant]])
        let admin = try server.signIn("admin@example.org")
        let before = try server.signIn("bo@example.org")
        #expect(try account(before).headers["Set-Cookie"] == nil)

        let change = try server.client().sendJSON(
            .put, "/api/v1/demo/de/members/\(member)/roles", #"{"roles": [{"role": "staff"}]}"#, headers: admin.headers)
        #expect(change.status == 200)

        let rotated = try account(before)
        #expect(rotated.status == 200)
        #expect(try rotated.json()["roles"]?.arrayValue == ["staff"])
        var after = before
        after.absorb(rotated)
        #expect(after.cookies != before.cookies, "the response carries a new session cookie")
        #expect(try account(before).status == 401, "the old session id is worthless")
        #expect(try account(after).status == 200)
    }

    @Test func sessionsEndWhenIdleAndAfterTheirLifetime() throws {
        try server.createAccount("ana@example.org")
        let idle = try server.signIn("ana@example.org")
        clock.advance(by: 2 * 3600 - 60)
        #expect(try account(idle).status == 200)
        clock.advance(by: 2 * 3600 + 1)
        #expect(try account(idle).status == 401)

        let busy = try server.signIn("ana@example.org")
        for _ in 0..<(14 * 24 + 2) {
            clock.advance(by: 3600)
            if try account(busy).status != 200 { break }
        }
        #expect(try account(busy).status == 401, "a session used every hour still ends after 14 days")
    }

    @Test func signingOutEverywhereEndsEverySession() throws {
        try server.createAccount("ana@example.org")
        let phone = try server.signIn("ana@example.org")
        let laptop = try server.signIn("ana@example.org")
        let list = try server.client().send(.get, "/api/v1/demo/de/account/sessions", headers: laptop.headers)
        #expect(try list.json()["items"]?.arrayValue?.count == 2)
        let end = try server.client().sendJSON(.post, "/api/v1/demo/de/account/sessions/end-all", "{}", headers: laptop.headers)
        #expect(end.status == 204)
        #expect(end.headers["Set-Cookie"]?.contains("Max-Age=0") == true)
        #expect(try account(phone).status == 401)
        #expect(try account(laptop).status == 401)
    }

    @Test func signOutEndsOnlyThisSession() throws {
        try server.createAccount("ana@example.org")
        let phone = try server.signIn("ana@example.org")
        let laptop = try server.signIn("ana@example.org")
        #expect(try server.client().sendJSON(.post, "/api/v1/demo/de/sign-out", "{}", headers: laptop.headers).status == 204)
        #expect(try account(laptop).status == 401)
        #expect(try account(phone).status == 200)
    }

    @Test func repeatedFailuresAreThrottledAndForgivenLater() throws {
        try server.createAccount("ana@example.org")
        let client = server.client()
        for _ in 0..<5 {
            #expect(try client.sendJSON(.post, "/api/v1/demo/de/sign-in", #"{"email": "ana@example.org", "password": "guess guess guess"}"#).status == 401)
        }
        let blocked = try client.sendJSON(.post, "/api/v1/demo/de/sign-in", #"{"email": "ana@example.org", "password": "a long test password"}"#)
        #expect(blocked.status == 429)
        #expect(blocked.headers["Retry-After"] == "1")
        // Unknown addresses are throttled the same way, so a 429 reveals nothing.
        for _ in 0..<5 {
            try client.sendJSON(.post, "/api/v1/demo/de/sign-in", #"{"email": "ghost@example.org", "password": "guess guess guess"}"#)
        }
        #expect(try client.sendJSON(.post, "/api/v1/demo/de/sign-in", #"{"email": "ghost@example.org", "password": "x"}"#).status == 429)
        clock.advance(by: 2)
        #expect(try client.sendJSON(.post, "/api/v1/demo/de/sign-in", #"{"email": "ana@example.org", "password": "a long test password"}"#).status == 200)
    }

    @Test func disabledAndUnconfirmedAccountsCannotSignIn() throws {
        let id = try server.createAccount("ana@example.org")
        try server.createAccount("new@example.org", confirmed: false)
        let session = try server.signIn("ana@example.org")
        try server.storage.write { db in try Accounts.setDisabled(id: id, true, now: Date(), in: db) }
        #expect(try account(session).status == 401)
        let refused = try server.client().sendJSON(.post, "/api/v1/demo/de/sign-in", #"{"email": "ana@example.org", "password": "a long test password"}"#)
        #expect(refused.status == 403)
        let unconfirmed = try server.client().sendJSON(.post, "/api/v1/demo/de/sign-in", #"{"email": "new@example.org", "password": "a long test password"}"#)
        #expect(unconfirmed.status == 403)
        #expect(try unconfirmed.json()["error"]?["field"]?.stringValue == "email")
    }

    @Test func sessionRequestsThatChangeThingsMustBeJSON() throws {
        try server.createAccount("ana@example.org")
        let session = try server.signIn("ana@example.org")
        // What a cross-site form could send: refused before any handler runs.
        let form = try server.client().send(
            .post, "/api/v1/demo/de/account/sessions/end-all",
            headers: session.headers + [("Content-Type", "application/x-www-form-urlencoded")], body: Array("x=1".utf8))
        #expect(form.status == 415)
        #expect(try account(session).status == 200)
    }
}

@Suite struct SecureCookieTests {
    @Test func httpsDeploymentsGetSecureHostPrefixedCookies() throws {
        let server = try TestServer(modules: allModules, server: ["publicURL": "https://teilhabe.example.org"])
        defer { server.stop() }
        try server.createAccount("ana@example.org")
        let response = try server.client().sendJSON(.post, "/api/v1/demo/de/sign-in", #"{"email": "ana@example.org", "password": "a long test password"}"#)
        let cookie = try #require(response.headers["Set-Cookie"])
        #expect(cookie.hasPrefix("__Host-teilhabe-session="))
        #expect(cookie.contains("; Secure"))
    }

    @Test func theSettingOverridesTheDefault() throws {
        let server = try TestServer(modules: allModules, server: ["sessions": ["secureCookies": true, "idleMinutes": 30]])
        defer { server.stop() }
        #expect(server.application.services.accounts.settings.secureCookies)
        #expect(server.application.services.accounts.settings.idleTimeout == .seconds(1800))
    }
}
