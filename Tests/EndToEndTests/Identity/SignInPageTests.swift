import Foundation
import HTTP
import Kernel
import Testing
import TeilhabeTesting

/// The sign-in, registration and password pages as a browser uses them: forms with their
/// CSRF token, redirects, localized errors, and the links that arrive by mail.
@Suite(.serialized) final class SignInPageTests {
    let clock = TestClock()
    let server: TestServer

    static func region(_ id: String, selfRegistration: Bool) -> String {
        """
        {"id": "\(id)", "names": {"de": "Demo", "en": "Demo"}, "timeZone": "Europe/Berlin", "selfRegistration": \(selfRegistration),
         "languages": [{"code": "de"}, {"code": "en", "source": "de"}, {"code": "ar", "source": "en"}],
         "modules": {\(allModules.map { "\"\($0.manifest.id)\": {}" }.joined(separator: ", "))}}
        """
    }

    init() throws {
        server = try TestServer(
            modules: allModules,
            regions: ["demo": Self.region("demo", selfRegistration: true), "closed": Self.region("closed", selfRegistration: false)],
            server: ["publicURL": "https://teilhabe.example.org", "sessions": ["secureCookies": false]], clock: clock)
    }

    deinit { server.stop() }

    /// Posts a form the way a browser does after loading it: with the page's token and cookies.
    func submit(_ path: String, _ fields: [(String, String)], as browser: inout TestSession, tokenFrom page: String? = nil) throws -> TestResponse {
        let form = try server.client().send(.get, page ?? path, headers: browser.headers)
        browser.absorb(form)
        let token = try #require(TestServer.hiddenField("_csrf", in: form.text), "no form on \(page ?? path)")
        let response = try server.client().sendForm(path, fields + [("_csrf", token)], headers: browser.headers)
        browser.absorb(response)
        return response
    }

    @Test func signingInThroughTheFormSetsTheSessionAndFollowsNext() throws {
        try server.createAccount("ana@example.org", name: "Ana", roles: ["demo": [.staff]])
        var browser = TestSession()
        let page = try server.client().send(.get, "/demo/de/sign-in")
        #expect(page.status == 200)
        #expect(page.headers["Set-Cookie"]?.hasPrefix("teilhabe-csrf=") == true)
        #expect(page.headers["Set-Cookie"]?.contains("HttpOnly") == true)

        let wrong = try submit("/demo/de/sign-in", [("email", "ana@example.org"), ("password", "falsch falsch")], as: &browser)
        #expect(wrong.status == 422)
        #expect(wrong.text.contains("Die E-Mail-Adresse oder das Passwort stimmt nicht."))
        #expect(wrong.text.contains(#"value="ana@example.org""#), "the address is kept, the password is not")

        let right = try submit(
            "/demo/de/sign-in", [("email", "ana@example.org"), ("password", TestServer.testPassword), ("next", "/demo/de/account")],
            as: &browser, tokenFrom: "/demo/de/sign-in?next=%2Fdemo%2Fde%2Faccount")
        #expect(right.status == 303)
        #expect(right.headers["Location"] == "/demo/de/account")
        let account = try server.client().send(.get, "/demo/de/account", headers: browser.headers)
        #expect(account.status == 200)
        #expect(account.text.contains("Mein Konto"))
        #expect(account.text.contains(#"action="/demo/de/sign-out""#), "the header offers sign-out")
        #expect(account.text.contains("Mitarbeit"), "the roles in the region are listed")
        #expect(account.headers["Cache-Control"] == "private", "no shared cache keeps a signed-in page")
        #expect(try server.client().send(.get, "/demo/de").headers["Cache-Control"] == nil, "anonymous pages stay cacheable")

        let out = try submit("/demo/de/sign-out", [], as: &browser, tokenFrom: "/demo/de/account")
        #expect(out.status == 303)
        #expect(try server.client().send(.get, "/demo/de/account", headers: browser.headers).status == 303)
    }

    @Test func nextNeverLeavesTheSite() throws {
        try server.createAccount("ana@example.org")
        for next in ["//evil.example/steal", "https://evil.example", "/\\evil.example", "javascript:alert(1)"] {
            var browser = TestSession()
            let response = try submit(
                "/demo/de/sign-in", [("email", "ana@example.org"), ("password", TestServer.testPassword), ("next", next)], as: &browser)
            #expect(response.headers["Location"] == "/demo/de", "\(next)")
        }
    }

    @Test func guardedPagesSendTheAnonymousToSignInAndAreHiddenFromOthers() throws {
        try server.createAccount("admin@example.org", roles: ["demo": [.regionAdmin]])
        try server.createAccount("bo@example.org", roles: ["demo": [.participant]])
        let anonymous = try server.client().send(.get, "/demo/de/admin/members?x=1")
        #expect(anonymous.status == 303)
        #expect(anonymous.headers["Location"] == "/demo/de/sign-in?next=%2Fdemo%2Fde%2Fadmin%2Fmembers%3Fx%3D1")
        let participant = try server.signIn("bo@example.org")
        #expect(try server.client().send(.get, "/demo/de/admin/members", headers: participant.headers).status == 404)
        let admin = try server.signIn("admin@example.org")
        let members = try server.client().send(.get, "/demo/de/admin/members", headers: admin.headers)
        #expect(members.status == 200)
        #expect(members.text.contains("bo@example.org"))
        #expect(members.text.contains(#"href="/demo/de/admin/members""#), "the header links the administration")
    }

    @Test func registeringConfirmingAndSigningIn() throws {
        var browser = TestSession()
        let refused = try submit(
            "/demo/de/register", [("display_name", ""), ("email", "not-an-address"), ("password", "passwort123"), ("language", "de")], as: &browser)
        #expect(refused.status == 422)
        #expect(refused.text.contains("Bitte geben Sie einen Namen ein."))
        #expect(refused.text.contains("Bitte geben Sie eine E-Mail-Adresse wie name@example.org ein."))
        #expect(refused.text.contains("Dieses Passwort gehört zu den häufigsten."))
        #expect(try server.storage.read { try $0.scalar(Int.self, "SELECT count(*) FROM kernel_accounts") } == 0)

        let registered = try submit(
            "/demo/de/register", [("display_name", "Leyla"), ("email", "Leyla@Example.org"), ("password", "Spreeufer im Herbst"), ("language", "en")],
            as: &browser)
        #expect(registered.status == 200)
        #expect(registered.text.contains("leyla@example.org"))
        let confirmation = try #require(try server.mail(to: "leyla@example.org").first)
        #expect(confirmation.subject == "Please confirm your e-mail address", "the mail is in the language chosen")
        #expect(confirmation.text.contains("https://teilhabe.example.org/demo/de/confirm-email?token="))
        let token = try #require(TestServer.linkToken(in: confirmation))

        // Before confirming, the right password is not enough.
        let early = try submit("/demo/de/sign-in", [("email", "leyla@example.org"), ("password", "Spreeufer im Herbst")], as: &browser)
        #expect(early.status == 422)
        #expect(early.text.contains("Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse"))

        let confirmed = try submit("/demo/de/confirm-email", [("token", token)], as: &browser, tokenFrom: "/demo/de/confirm-email?token=\(token)")
        #expect(confirmed.status == 303)
        #expect(confirmed.headers["Location"] == "/demo/de/sign-in?notice=confirmed")
        let again = try submit("/demo/de/confirm-email", [("token", token)], as: &browser, tokenFrom: "/demo/de/confirm-email?token=\(token)")
        #expect(again.status == 422, "a confirmation link works once")
        #expect(again.text.contains("Dieser Link ist ungültig, wurde schon benutzt oder ist abgelaufen."))

        let signedIn = try submit("/demo/de/sign-in", [("email", "leyla@example.org"), ("password", "Spreeufer im Herbst")], as: &browser)
        #expect(signedIn.status == 303)
        let roles = try server.client().send(.get, "/api/v1/demo/de/account", headers: browser.headers).json()["roles"]
        #expect(roles?.arrayValue == ["participant"])
    }

    @Test func registeringAKnownAddressLooksTheSameAndMailsTheOwner() throws {
        try server.createAccount("ana@example.org", password: "Spreeufer im Herbst")
        var browser = TestSession()
        let response = try submit(
            "/demo/de/register", [("display_name", "Someone"), ("email", "ana@example.org"), ("password", "Ganz anderes Passwort"), ("language", "de")],
            as: &browser)
        #expect(response.status == 200)
        #expect(response.text.contains("Wir haben eine Mail an ana@example.org geschickt."))
        #expect(try server.storage.read { try $0.scalar(Int.self, "SELECT count(*) FROM kernel_accounts") } == 1)
        #expect(try server.mail(to: "ana@example.org").map(\.subject) == ["Sie haben schon ein Konto"])
        #expect(try server.signIn("ana@example.org", password: "Spreeufer im Herbst").cookies.isEmpty == false, "the password is unchanged")

        let api = try server.client().sendJSON(.post, "/api/v1/demo/de/accounts", #"{"email": "ana@example.org", "display_name": "X", "password": "Noch ein Passwort"}"#)
        #expect(api.status == 202)
        let fresh = try server.client().sendJSON(.post, "/api/v1/demo/de/accounts", #"{"email": "new@example.org", "display_name": "X", "password": "Noch ein Passwort"}"#)
        #expect(fresh.status == 202, "a new and a known address get the same answer")
    }

    @Test func regionsWithoutSelfRegistrationHaveNoRegistration() throws {
        #expect(try server.client().send(.get, "/closed/de/register").status == 404)
        #expect(try server.client().sendJSON(.post, "/api/v1/closed/de/accounts", #"{"email": "x@example.org", "display_name": "X", "password": "Spreeufer im Herbst"}"#).status == 404)
        #expect(!(try server.client().send(.get, "/closed/de/sign-in").text.contains("/closed/de/register")))
    }

    @Test func forgottenPasswordsAreResetOnceWithinTwoHours() throws {
        try server.createAccount("ana@example.org")
        let oldSession = try server.signIn("ana@example.org")
        var browser = TestSession()
        let known = try submit("/demo/de/reset-password", [("email", "ana@example.org")], as: &browser)
        let unknown = try submit("/demo/de/reset-password", [("email", "nobody@example.org")], as: &browser)
        #expect(known.status == 200 && unknown.status == 200)
        #expect(known.text.contains("Wenn es zu dieser Adresse ein Konto gibt") && unknown.text.contains("Wenn es zu dieser Adresse ein Konto gibt"))
        #expect(try server.mail(to: "nobody@example.org").isEmpty)
        let token = try #require(try server.mail(to: "ana@example.org").first.flatMap(TestServer.linkToken))

        let tampered = try server.client().send(.get, "/demo/de/new-password?token=\(token.dropLast(2))xx")
        #expect(tampered.status == 422)
        let weak = try submit("/demo/de/new-password", [("token", token), ("password", "kurz")], as: &browser, tokenFrom: "/demo/de/new-password?token=\(token)")
        #expect(weak.status == 422)
        #expect(weak.text.contains("Bitte verwenden Sie mindestens 10 Zeichen."))
        let set = try submit("/demo/de/new-password", [("token", token), ("password", "Ein ganz neues Passwort")], as: &browser, tokenFrom: "/demo/de/new-password?token=\(token)")
        #expect(set.status == 303)
        #expect(set.headers["Location"] == "/demo/de/sign-in?notice=password-set")
        #expect(try server.client().send(.get, "/api/v1/demo/de/account", headers: oldSession.headers).status == 401, "a reset ends old sessions")
        #expect(try server.signIn("ana@example.org", password: "Ein ganz neues Passwort").cookies.isEmpty == false)

        let reused = try server.client().sendJSON(.post, "/api/v1/demo/de/password-reset/complete", #"{"token": "\#(token)", "password": "Noch ein anderes Passwort"}"#)
        #expect(reused.status == 422)
        #expect(try reused.json()["error"]?["field"]?.stringValue == "token")

        #expect(try server.client().sendJSON(.post, "/api/v1/demo/de/password-reset", #"{"email": "ana@example.org"}"#).status == 202)
        let late = try #require(try server.mail(to: "ana@example.org").last.flatMap(TestServer.linkToken))
        clock.advance(by: 2 * 3600 + 1)
        let expired = try server.client().sendJSON(.post, "/api/v1/demo/de/password-reset/complete", #"{"token": "\#(late)", "password": "Noch ein anderes Passwort"}"#)
        #expect(expired.status == 422)
        #expect(try expired.json()["error"]?["message"]?.stringValue?.contains("expired") == true)
    }
}
