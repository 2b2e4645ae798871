import HTTP
import Testing

@Suite struct RouterTests {
    /// A router like the server's: health checks, the OpenAPI document, region pages and API.
    func siteRouter() throws -> Router<String> {
        var router = Router<String>()
        try router.register(.get, "/healthz", "health")
        try router.register(.get, "/{region}", "region home")
        try router.register(.get, "/{region}/{lang}", "language home")
        try router.register(.get, "/api/openapi.json", "openapi")
        try router.register(.get, "/api/v1/{region}/{lang}/workshops/{id}", "workshop")
        try router.register(.put, "/api/v1/{region}/{lang}/workshops/{id}", "update workshop")
        try router.register(.post, "/{region}/{lang}/workshops/{id}/registrations", "register")
        try router.register(.get, "/{region}/{lang}/docs/", "docs")
        return router
    }

    func value(_ match: Router<String>.Match) -> String? {
        if case .matched(let value, _) = match { return value }
        return nil
    }

    func segments(_ path: String) -> [String] {
        path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map(String.init)
    }

    @Test func staticSegmentsWinOverParameters() throws {
        let router = try siteRouter()
        #expect(value(router.match(.get, segments: ["healthz"])) == "health")
        #expect(value(router.match(.get, segments: ["berlin"])) == "region home")
        #expect(value(router.match(.get, segments: ["api", "openapi.json"])) == "openapi")
    }

    @Test func backtracksFromADeadEndStaticBranch() throws {
        let router = try siteRouter()
        // "api" matches the static branch first, which has no "de" child: backtrack to {region}.
        guard case .matched(let name, let parameters) = router.match(.get, segments: ["api", "de"]) else {
            Issue.record("expected a match")
            return
        }
        #expect(name == "language home")
        #expect(parameters == ["region": "api", "lang": "de"])
    }

    @Test func bindsParametersFromDecodedSegments() throws {
        let router = try siteRouter()
        let request = Request(method: .get, target: "/api/v1/k%C3%B6ln/de/workshops/a%2Fb")
        guard case .matched(let name, let parameters) = router.match(request) else {
            Issue.record("expected a match")
            return
        }
        #expect(name == "workshop")
        #expect(parameters == ["region": "köln", "lang": "de", "id": "a/b"])
    }

    @Test func answersMethodNotAllowedWithEveryAllowedMethod() throws {
        let router = try siteRouter()
        guard case .methodNotAllowed(let allowed) = router.match(.delete, segments: segments("/api/v1/b/de/workshops/7")) else {
            Issue.record("expected 405")
            return
        }
        #expect(allowed == [.get, .head, .put])
    }

    @Test func triesParameterBranchesForTheMethodBeforeAnswering405() throws {
        var router = Router<String>()
        try router.register(.get, "/healthz", "health")
        try router.register(.post, "/{region}", "create in region")
        #expect(value(router.match(.post, segments: ["healthz"])) == "create in region")
        guard case .methodNotAllowed(let allowed) = router.match(.delete, segments: ["healthz"]) else {
            Issue.record("expected 405")
            return
        }
        #expect(allowed == [.get, .head, .post])
    }

    @Test func servesHeadWithTheGetRouteUnlessHeadIsRegistered() throws {
        var router = try siteRouter()
        #expect(value(router.match(.head, segments: ["healthz"])) == "health")
        try router.register(.head, "/healthz", "cheap health")
        #expect(value(router.match(.head, segments: ["healthz"])) == "cheap health")
        #expect(value(router.match(.get, segments: ["healthz"])) == "health")
    }

    @Test func redirectsPathsThatDifferOnlyByATrailingSlash() throws {
        let router = try siteRouter()
        let withSlash = Request(method: .get, target: "/healthz/?verbose=1")
        guard case .redirect(let location) = router.match(withSlash) else {
            Issue.record("expected a redirect")
            return
        }
        #expect(location == "/healthz?verbose=1")

        let withoutSlash = Request(method: .get, target: "/k%C3%B6ln/de/docs")
        guard case .redirect(let docs) = router.match(withoutSlash) else {
            Issue.record("expected a redirect")
            return
        }
        #expect(docs == "/k%C3%B6ln/de/docs/", "the raw encoding is kept")

        guard case .redirect(let encoded) = router.match(.get, segments: ["köln", "de", "docs"]) else {
            Issue.record("expected a redirect")
            return
        }
        #expect(encoded == "/k%C3%B6ln/de/docs/")
    }

    @Test func answersNotFoundAndNeverRedirectsOffSite() throws {
        let router = try siteRouter()
        if case .notFound = router.match(.get, segments: ["a", "b", "c", "d"]) {} else {
            Issue.record("expected 404")
        }
        // `//evil.example/` must not become a protocol-relative redirect.
        if case .notFound = router.match(Request(method: .get, target: "//evil.example/")) {} else {
            Issue.record("expected 404")
        }
        if case .notFound = router.match(.get, segments: ["", "x"]) {} else {
            Issue.record("empty segments never match a parameter")
        }
    }

    @Test func matchesTheRoot() throws {
        var router = Router<String>()
        try router.register(.get, "/", "root")
        #expect(value(router.match(Request(method: .get, target: "/"))) == "root")
    }

    @Test func refusesDuplicateRoutesNamingBoth() throws {
        var router = try siteRouter()
        #expect(throws: RouterError.duplicateRoute(
            method: .get, pattern: "/api/v1/{r}/{l}/workshops/{workshop}",
            existingPattern: "/api/v1/{region}/{lang}/workshops/{id}"
        )) {
            try router.register(.get, "/api/v1/{r}/{l}/workshops/{workshop}", "again")
        }
        let error = RouterError.duplicateRoute(method: .get, pattern: "/a/{x}", existingPattern: "/a/{id}")
        #expect(error.description == "duplicate route GET /a/{x}: already registered as GET /a/{id}")
        try router.register(.delete, "/api/v1/{r}/{l}/workshops/{workshop}", "delete is new")
    }

    @Test(arguments: ["healthz", "/a//b", "/a/{}", "/a/{x}{y}", "/a/b{x}", "/a/{x}/{x}", "/a/{x-y}"])
    func refusesInvalidPatterns(pattern: String) {
        var router = Router<String>()
        #expect(throws: RouterError.self) { try router.register(.get, pattern, "bad") }
        #expect(router.routes.isEmpty)
    }

    @Test func listsRoutesInRegistrationOrder() throws {
        let router = try siteRouter()
        #expect(router.routes.count == 8)
        #expect(router.routes.first?.pattern == "/healthz")
        #expect(router.routes[4].parameterNames == ["region", "lang", "id"])
        #expect(router.routes.map(\.method).filter { $0 == .put }.count == 1)
    }
}
