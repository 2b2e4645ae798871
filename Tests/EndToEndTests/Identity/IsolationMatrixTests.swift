import Foundation
import HTTP
import Kernel
import Testing
import TeilhabeTesting

/// The generated isolation test: every route the server has (kernel and every linked
/// module, pages and API, taken from the router), called by the anonymous, by an admin of
/// another region and by the region's own admin, against data seeded from the schema in two
/// regions. It proves that:
/// - nobody gets a guarded route of a region where they hold no role (API 401/403, pages a
///   sign-in redirect or 404), and the admin of `north` sees of `south` only what the
///   anonymous see;
/// - no response in `north` carries `south`'s data, whatever ids the URL names;
/// - requests in `north` change nothing of `south`, and no handler trips the storage's scope
///   check (which would mean a query forgot its region).
/// New routes and new region-owned tables are covered without changing this file.
@Suite(.serialized) final class IsolationMatrixTests {
    let server: TestServer
    let north: Int64 = 1001
    let south: Int64 = 2001
    var northAdmin: TestSession
    let southAdmin: TestSession
    let seededTables: [String]

    init() throws {
        server = try TwoRegions.server(logToFile: true)
        seededTables = try RegionSeed.seed(server.storage, regions: ["north": 1001, "south": 2001])
        try Self.seedKernel(server, regions: ["north": 1001, "south": 2001])
        try Self.seedContent(server, regions: ["north": 1001, "south": 2001])
        try server.createAccount("north-admin@example.org", roles: ["north": [.regionAdmin]])
        try server.createAccount("south-admin@example.org", roles: ["south": [.regionAdmin]])
        northAdmin = try server.signIn("north-admin@example.org", region: "north")
        southAdmin = try server.signIn("south-admin@example.org", region: "south")
    }

    deinit { server.stop() }

    /// Kernel rows with meaning: a member, a public and a private organisation, a rule, an
    /// audit entry and an API token per region, each named with the region's marker.
    static func seedKernel(_ server: TestServer, regions: [String: Int64]) throws {
        try server.storage.write { db in
            for (region, id) in regions {
                let marker = RegionSeed.marker(region)
                try db.execute("""
                    INSERT INTO kernel_accounts (id, email, display_name, email_confirmed_at, created_at)
                    VALUES (\(id), \("\(marker)-member@example.org"), \("\(marker)-member"), \(Date()), \(Date()))
                    """)
                try db.execute("""
                    INSERT INTO kernel_organisations (id, region, name, kind, contact_email, public, created_at)
                    VALUES (\(id), \(region), \("\(marker)-public-organisation"), 'association', \("\(marker)-contact@example.org"), 1, \(Date())),
                           (\(id + 1), \(region), \("\(marker)-private-organisation"), 'other', NULL, 0, \(Date()))
                    """)
                try db.execute("""
                    INSERT INTO kernel_memberships (region, account_id, organisation_id, role, created_at)
                    VALUES (\(region), \(id), NULL, 'staff', \(Date())), (\(region), \(id), \(id + 1), 'organisation-admin', \(Date()))
                    """)
                try db.execute("INSERT INTO kernel_permission_rules (region, action, role, effect) VALUES (\(region), 'echo.post', 'participant', 'grant')")
                try AuditLog.record(
                    region: region, actor: AuditActor(accountID: id, label: "\(marker)-actor"), action: "kernel.member-added",
                    subject: "\(marker)-subject", at: Date(), in: db)
                try db.execute("""
                    INSERT INTO kernel_api_tokens (id, region, token_hash, account_id, name, actions, created_at, expires_at)
                    VALUES (\(id), \(region), \("\(marker)-hash"), \(id), \("\(marker)-token"), '["kernel.manage-members"]', \(Date()), \(Date().addingTimeInterval(86_400)))
                    """)
            }
        }
    }

    /// A draft story per region, written through the content store so that its texts, versions
    /// and search entries exist, with the id the routes are called with: a placeholder item
    /// just below that id makes the store's next id the region's own.
    static func seedContent(_ server: TestServer, regions: [String: Int64]) throws {
        for (region, id) in regions.sorted(by: { $0.value < $1.value }) {
            let marker = RegionSeed.marker(region)
            try server.storage.write(.region(region)) { db in
                try db.execute("""
                    INSERT INTO kernel_content_items (id, region, module, kind, slug, status, original_language, languages, version, created_at, updated_at)
                    VALUES (\(id - 1), \(region), 'echo', 'placeholder', 'placeholder', 'archived', 'de', 'de', 1, 0, 0)
                    """)
                let created = try server.application.services.content.create(
                    NewContentItem(
                        module: "echo", kind: "story", slug: "\(marker)-story", originalLanguage: "de",
                        texts: ["de": ContentTexts(title: "\(marker)-story-title", summary: "\(marker)-summary", body: "\(marker)-body")],
                        status: .draft),
                    in: db)
                guard created == id else { throw TestServerError("the \(region) story got id \(created), not \(id)") }
            }
        }
    }

    /// The regional routes, each with its mounted pattern.
    var regionalRoutes: [MountedRoute] { server.application.routes.filter { $0.module != nil } }

    func path(_ route: MountedRoute, region: String, id: Int64) -> String {
        var path = route.pattern.replacingOccurrences(of: "{region}", with: region).replacingOccurrences(of: "{lang}", with: "de")
        while let open = path.firstIndex(of: "{"), let close = path[open...].firstIndex(of: "}") {
            path.replaceSubrange(open...close, with: String(id))
        }
        return path
    }

    var isUnsafe: (MountedRoute) -> Bool { { ![.get, .head, .options].contains($0.method) } }

    func call(_ route: MountedRoute, region: String, id: Int64, as session: TestSession?) throws -> TestResponse {
        let client = server.client()
        let target = path(route, region: region, id: id)
        let cookies = session?.headers ?? []
        guard isUnsafe(route) else { return try client.send(route.method, target, headers: cookies) }
        switch route.surface {
        case .api?:
            return try client.sendJSON(route.method, target, "{}", headers: cookies)
        default:
            let token = try session.map { try server.csrfToken(for: $0, region: region) } ?? ""
            return try client.send(
                route.method, target, headers: cookies + [("Content-Type", "application/x-www-form-urlencoded")],
                body: Array("_csrf=\(PercentDecoding.encode(token))".utf8))
        }
    }

    func markers(_ response: TestResponse, of region: String) -> Set<String> {
        let text = response.text
        let marker = RegionSeed.marker(region)
        var found: Set<String> = []
        var search = text.startIndex
        while let range = text.range(of: marker, range: search..<text.endIndex) {
            let tail = text[range.upperBound...].prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
            found.insert(marker + tail)
            search = range.upperBound
        }
        return found
    }

    func southSnapshot() throws -> [String] {
        try server.storage.read { db in
            let tables = try db.query("""
                SELECT m.name FROM sqlite_schema m WHERE m.type = 'table' AND m.sql NOT LIKE 'CREATE VIRTUAL%'
                  -- Periodic jobs of modules are planned per region in the background, not by requests.
                  AND m.name NOT IN ('kernel_jobs', 'kernel_job_schedules')
                  AND EXISTS (SELECT 1 FROM pragma_table_info(m.name) c WHERE c.name = 'region') ORDER BY m.name
                """).map { try $0.get("name", as: String.self) }
            return try tables.flatMap { table in
                try db.query(SQL("SELECT * FROM \"" + table + "\" WHERE region = 'south' ORDER BY rowid")).map { row in
                    "\(table): " + row.values.map { "\($0)" }.joined(separator: "|")
                }
            }
        }
    }

    /// Keeps the north admin signed in when a route (sign-out, sign out everywhere) ended it.
    func keepNorthAdminSignedIn() throws {
        if try server.client().send(.get, "/api/v1/north/de/account", headers: northAdmin.headers).status == 401 {
            northAdmin = try server.signIn("north-admin@example.org", region: "north")
        }
    }

    @Test func noRouteOfOneRegionAnswersForAnotherRegionsAdminOrTheAnonymous() throws {
        #expect(seededTables.count >= 4, "module tables seeded: \(seededTables)")
        let routes = regionalRoutes
        #expect(routes.count >= 30)
        let before = try southSnapshot()
        var revealing: [String] = []

        for route in routes {
            let label = "\(route.method) \(route.pattern)"
            let guarded = route.access != .public

            // The anonymous in the south.
            let anonymous = try call(route, region: "south", id: south, as: nil)
            if guarded {
                if route.surface == .api {
                    #expect(anonymous.status == 401, "\(label) anonymous: \(anonymous.status)")
                } else {
                    #expect(anonymous.status == 303 || (isUnsafe(route) && anonymous.status == 403), "\(label) anonymous: \(anonymous.status)")
                    if anonymous.status == 303 { #expect(anonymous.headers["Location"]?.contains("/south/de/sign-in") == true, "\(label)") }
                }
                #expect(markers(anonymous, of: "south").isEmpty, "\(label) anonymous saw south data")
            }

            // The north admin in the south: no more than the anonymous.
            let foreign = try call(route, region: "south", id: south, as: northAdmin)
            if guarded {
                #expect(foreign.status == (route.surface == .api ? 403 : 404), "\(label) north admin in south: \(foreign.status)")
                #expect(markers(foreign, of: "south").isEmpty, "\(label) north admin saw south data")
            } else if !isUnsafe(route) {
                let extra = markers(foreign, of: "south").subtracting(markers(anonymous, of: "south"))
                #expect(extra.isEmpty, "\(label) north admin saw south data the anonymous do not: \(extra.sorted())")
            }
            try keepNorthAdminSignedIn()

            // The north admin in the north, naming south ids: nothing of the south.
            let home = try call(route, region: "north", id: south, as: northAdmin)
            #expect(markers(home, of: "south").isEmpty, "\(label) in north with south ids showed south data")
            try keepNorthAdminSignedIn()

            // The south admin sees the south's data where routes show data at all.
            if route.method == .get, !markers(try call(route, region: "south", id: south, as: southAdmin), of: "south").isEmpty {
                revealing.append(label)
            }
        }

        #expect(try southSnapshot() == before, "requests changed south data")
        let violations = server.logLines().filter { $0.contains("data scope violation") }
        #expect(violations.isEmpty, "handlers tripped the storage's scope check:\n\(violations.joined(separator: "\n"))")
        // The matrix only proves something if data is there to leak.
        #expect(revealing.contains { $0.contains("/members") }, "routes revealing south data to its admin: \(revealing)")
        #expect(revealing.contains { $0.contains("/mentoring/mentors") }, "routes revealing south data to its admin: \(revealing)")
        #expect(revealing.contains { $0.contains("/content/items/{id}/history") }, "routes revealing south data to its admin: \(revealing)")
    }
}
