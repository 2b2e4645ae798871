import Foundation
import HTTP
import Kernel
import Testing
import TeilhabeTesting

/// Walks every POST, PUT, PATCH and DELETE page route the server has (kernel and every linked
/// module, from the router) and proves that a request without the right CSRF token is
/// refused before anything happens: signed in or not, with no token, with a token of another
/// browser, or with a token carried over from before the session was rotated.
@Suite(.serialized) final class CSRFSweepTests {
    let server: TestServer

    init() throws {
        server = try TestServer(modules: allModules)
        try server.createAccount("operator@example.org", isOperator: true)
    }

    deinit { server.stop() }

    var formRoutes: [MountedRoute] {
        server.application.routes.filter { $0.surface == .page && ![.get, .head, .options].contains($0.method) }
    }

    func path(_ route: MountedRoute) -> String {
        var path = route.pattern.replacingOccurrences(of: "{region}", with: "demo").replacingOccurrences(of: "{lang}", with: "de")
        while let open = path.firstIndex(of: "{"), let close = path[open...].firstIndex(of: "}") { path.replaceSubrange(open...close, with: "1") }
        return path
    }

    func post(_ route: MountedRoute, token: String?, as browser: TestSession) throws -> TestResponse {
        let fields = token.map { "_csrf=\(PercentDecoding.encode($0))&" } ?? ""
        return try server.client().send(
            route.method, path(route), headers: browser.headers + [("Content-Type", "application/x-www-form-urlencoded")],
            body: Array("\(fields)name=x&email=x%40example.org".utf8))
    }

    /// Every row of the tables requests could change. Jobs and mail run on their own, and so
    /// does the half-hourly merge of the search index's segments (`kernel_content_search_*`,
    /// derived from the texts, which are compared).
    func snapshot() throws -> [String] {
        try server.storage.read { db in
            let tables = try db.query("""
                SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite%'
                  AND name NOT LIKE 'kernel_job%' AND name NOT LIKE 'kernel_mail%'
                  AND name NOT LIKE 'kernel_content_search_%' ORDER BY name
                """).map { try $0.get("name", as: String.self) }
            // Sorted here rather than by rowid: full-text index tables have none.
            return try tables.flatMap { table in
                try db.query(SQL("SELECT * FROM \"" + table + "\"")).map { "\(table): \($0.values)" }.sorted()
            }
        }
    }

    @Test func everyStateChangingPageRefusesRequestsWithoutTheirToken() throws {
        let routes = formRoutes
        #expect(routes.count >= 20, "form routes found: \(routes.map(\.pattern))")
        let signedIn = try server.signIn("operator@example.org")
        let signedInToken = try server.csrfToken(for: signedIn)
        var anonymous = TestSession()
        let anonymousToken = try server.csrfToken(for: &anonymous)
        var stranger = TestSession()
        let strangerToken = try server.csrfToken(for: &stranger)
        #expect(anonymous.cookies.keys.contains("teilhabe-csrf") && anonymousToken != strangerToken)

        let before = try snapshot()
        for route in routes {
            let label = "\(route.method) \(route.pattern)"
            for (who, browser, token) in [
                ("signed in, no token", signedIn, nil), ("signed in, another browser's token", signedIn, strangerToken),
                ("anonymous, no token", anonymous, nil), ("anonymous, another browser's token", anonymous, strangerToken),
                ("no cookies, a token", TestSession(), anonymousToken),
            ] as [(String, TestSession, String?)] {
                let response = try post(route, token: token, as: browser)
                #expect(response.status == 403, "\(label), \(who): \(response.status)")
                #expect(response.headers["Set-Cookie"]?.contains("session") != true, "\(label), \(who) touched the session")
            }
        }
        #expect(try snapshot() == before, "a refused request changed data")

        // The right token gets past the check (whatever the handler then says).
        var current = signedIn
        var token = signedInToken
        for route in routes {
            let response = try post(route, token: token, as: current)
            #expect(response.status != 403, "\(route.method) \(route.pattern) refused a valid token")
            if try server.client().send(.get, "/api/v1/demo/de/account", headers: current.headers).status != 200 {
                current = try server.signIn("operator@example.org")
                token = try server.csrfToken(for: current)
            }
        }
    }

    @Test func aTokenFromBeforeSignInStopsWorkingAfterIt() throws {
        try server.createAccount("ana@example.org")
        var browser = TestSession()
        let before = try server.csrfToken(for: &browser)
        let signIn = try server.client().sendForm(
            "/demo/de/sign-in", [("email", "ana@example.org"), ("password", TestServer.testPassword), ("_csrf", before)], headers: browser.headers)
        #expect(signIn.status == 303)
        browser.absorb(signIn)
        let stale = try server.client().sendForm("/demo/de/account", [("display_name", "Ana"), ("_csrf", before)], headers: browser.headers)
        #expect(stale.status == 403)
        let fresh = try server.client().sendForm(
            "/demo/de/account", [("display_name", "Ana"), ("_csrf", try server.csrfToken(for: browser))], headers: browser.headers)
        #expect(fresh.status == 303)
    }
}
