import Foundation
import HTTP
@testable import Kernel
import Testing
import TeilhabeTesting
import Web

/// A module that counts meetings from its own table, as a real module would: meetings held
/// (with their size and target group) and the distinct people who came.
struct MeetingsModule: Module {
    static let manifest = ModuleManifest(
        id: "meetings", version: "1.0.0", kernel: "0.1.0"..<"0.2.0",
        migrations: [
            Migration("001-meetings", sql: """
                CREATE TABLE meetings (id INTEGER PRIMARY KEY, region TEXT NOT NULL, held_at BIGINT NOT NULL,
                    target_group TEXT, size INTEGER NOT NULL);
                CREATE TABLE meetings_people (region TEXT NOT NULL, meeting_id BIGINT NOT NULL, email TEXT)
                """),
        ],
        catalog: Catalog(messages: [
            "en": ["fact.held": .text("Meetings held"), "fact.size": .text("participants each"), "fact.people": .text("People reached"),
                   "group.staff": .text("Volunteers and staff"), "group.migrants": .text("Migrants")],
            "de": ["fact.held": .text("Durchgeführte Treffen"), "fact.size": .text("Teilnehmende je Treffen"),
                   "fact.people": .text("Erreichte Personen"), "group.staff": .text("Ehrenamtliche und Hauptamtliche"),
                   "group.migrants": .text("Migrant*innen")],
        ]),
        facts: [
            FactDeclaration(
                "meetings.held", titleKey: "fact.held", summary: "Meetings held", sizeTitleKey: "fact.size",
                targetGroups: [FactChoice("staff", titleKey: "group.staff"), FactChoice("migrants", titleKey: "group.migrants")]
            ) { query, db in
                try db.query("""
                    SELECT id, held_at, target_group, size FROM meetings
                    WHERE region = \(query.region) AND held_at >= \(query.from) AND held_at < \(query.to)
                    """).map { row in
                    FactRecord(reference: "meeting:\(try row.get("id", as: Int64.self))", at: try row.get("held_at"),
                               targetGroup: try row.get("target_group"), size: try row.get("size"))
                }.filter { query.includes($0.reference) }
            },
            FactDeclaration(
                "meetings.people", titleKey: "fact.people", summary: "Distinct people who came", counting: .distinctPeople,
                targetGroups: [FactChoice("staff", titleKey: "group.staff"), FactChoice("migrants", titleKey: "group.migrants")]
            ) { query, db in
                try db.query("""
                    SELECT m.id, m.held_at, m.target_group, p.email FROM meetings m
                    JOIN meetings_people p ON p.meeting_id = m.id AND p.region = \(query.region)
                    WHERE m.region = \(query.region) AND m.held_at >= \(query.from) AND m.held_at < \(query.to)
                    """).map { row in
                    FactRecord(reference: "meeting:\(try row.get("id", as: Int64.self))", at: try row.get("held_at"),
                               targetGroup: try row.get("target_group"),
                               person: (try row.get("email", as: String?.self)).map { FactRecord.person(email: $0) })
                }.filter { query.includes($0.reference) }
            },
        ])
}

@Suite(.serialized) final class ReportingTests {
    let server: TestServer
    var north: TestSession
    let zone = TimeZone(identifier: "Europe/Berlin")!

    init() throws {
        let region = { (id: String) in TestServer.demoRegion(id: id, enabling: ["meetings"]) }
        server = try TestServer(modules: [MeetingsModule.self], regions: ["north": region("north"), "south": region("south")])
        try server.createAccount("coordinator@example.org", roles: ["north": [.staff], "south": [.staff]])
        try server.createAccount("south-only@example.org", roles: ["south": [.regionAdmin]])
        north = try server.signIn("coordinator@example.org", region: "north")
    }

    deinit { server.stop() }

    func day(_ text: String, hour: Int = 10) -> Date {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        return Recurrence.instant(year: parts[0], month: parts[1], day: parts[2], hour: hour, in: zone)!
    }

    /// Adds a meeting with its people (nil e-mail: an erased person) and returns its reference.
    @discardableResult
    func meeting(_ region: String, on date: String, group: String?, people: [String?], hour: Int = 10) throws -> String {
        try server.storage.write(.region(region)) { db in
            let id = try db.scalar(Int64.self, """
                INSERT INTO meetings (region, held_at, target_group, size) VALUES (\(region), \(day(date, hour: hour)), \(group), \(people.count))
                RETURNING id
                """) ?? 0
            for email in people {
                try db.execute("INSERT INTO meetings_people (region, meeting_id, email) VALUES (\(region), \(id), \(email))")
            }
            return "meeting:\(id)"
        }
    }

    func tag(_ references: [String], region: String, project: Int64, category: Int64) throws {
        try server.storage.write(.region(region)) { db in
            for reference in references {
                try server.application.services.reporting.setAssignments(
                    [ProjectAssignment(project: project, category: category)], owner: "meetings", reference: reference, in: db)
            }
        }
    }

    func createProject(_ json: String, region: String = "north", session: TestSession? = nil) throws -> TestResponse {
        try server.client().sendJSON(.post, "/api/v1/\(region)/de/reports/projects", json, headers: (session ?? north).headers)
    }

    static let trainingProject = """
        {"name": "Digitale Teilhabe 2026", "funder": "Stiftung", "reference": "DT-26-01", "firstDay": "2026-01-01", "lastDay": "2026-12-31",
         "categories": [
           {"name": "Schulungen", "targets": [{"fact": "meetings.held", "value": 3},
                                              {"fact": "meetings.people", "targetGroup": "staff", "value": 4}]},
           {"name": "Best-Practice-Treffen", "targets": [{"fact": "meetings.held", "minimumSize": 3, "value": 2}]}
         ]}
        """

    @Test func targetsAreCountedFromTaggedDataPerCategoryAndRegion() throws {
        let created = try createProject(Self.trainingProject)
        #expect(created.status == 201, "\(created.text)")
        let project = try created.json()["project"]
        let id = try #require(project?["id"]?.integerValue)
        let training = try #require(project?["categories"]?[0]?["id"]?.integerValue)
        let meetings = try #require(project?["categories"]?[1]?["id"]?.integerValue)

        // Training: three held in the period, one outside, one untagged; people with a repeat and an erased one.
        let a = try meeting("north", on: "2026-03-04", group: "staff", people: ["ana@example.org", "ben@example.org"])
        let b = try meeting("north", on: "2026-06-10", group: "staff", people: ["ANA@example.org ", nil])
        let c = try meeting("north", on: "2026-11-02", group: "migrants", people: ["cem@example.org"])
        let outside = try meeting("north", on: "2025-12-31", group: "staff", people: ["dora@example.org"], hour: 22)
        try meeting("north", on: "2026-05-05", group: "staff", people: ["untagged@example.org"])
        try tag([a, b, c, outside], region: "north", project: id, category: training)
        // Best practice: one big enough, one too small.
        let big = try meeting("north", on: "2026-09-01", group: "staff", people: ["e1@example.org", "e2@example.org", "e3@example.org"])
        let small = try meeting("north", on: "2026-09-02", group: "staff", people: ["f1@example.org", "f2@example.org"])
        try tag([big, small], region: "north", project: id, category: meetings)

        let report = try #require(try server.client().send(.get, "/api/v1/north/de/reports/projects/\(id)/report", headers: north.headers).json())
        let rows = try #require(report["rows"]?.arrayValue)
        #expect(rows.count == 3)
        #expect(rows[0]["actual"]?.integerValue == 3)
        #expect(rows[0]["target"]?.integerValue == 3)
        #expect(rows[0]["met"]?.boolValue == true)
        #expect(rows[0]["factTitle"]?.stringValue == "Durchgeführte Treffen")
        // ana (twice, once in capitals), ben, and the erased person count; cem is a migrant, dora outside the period.
        #expect(rows[1]["actual"]?.integerValue == 3)
        #expect(rows[1]["met"]?.boolValue == false)
        #expect(rows[1]["targetGroupTitle"]?.stringValue == "Ehrenamtliche und Hauptamtliche")
        #expect(rows[2]["actual"]?.integerValue == 1)
        #expect(rows[2]["category"]?.stringValue == "Best-Practice-Treffen")
        #expect(rows[2]["byRegion"]?["north"]?.integerValue == 1)

        // A part of the period.
        let spring = try #require(try server.client().send(
            .get, "/api/v1/north/de/reports/projects/\(id)/report?from=2026-01-01&to=2026-06-30", headers: north.headers).json())
        #expect(spring["rows"]?[0]?["actual"]?.integerValue == 2)
        #expect(spring["lastDay"]?.stringValue == "2026-06-30")
    }

    @Test func aProjectCoveringTwoRegionsCountsPeopleOnceAcrossThem() throws {
        let id = try #require(try createProject(Self.trainingProject).json()["project"]?["id"]?.integerValue)
        let project = try #require(try server.storage.read(.region("north")) { try server.application.services.reporting.project(id, in: $0) })
        let training = try #require(project.categories.first?.id)

        // The south does not see the project until it covers the south.
        let hidden = try server.client().send(.get, "/api/v1/south/de/reports/projects/\(id)", headers: try server.signIn("coordinator@example.org", region: "south").headers)
        #expect(hidden.status == 404)

        // The coordinator manages projects in both regions, so the north's edit page offers the south.
        let token = try server.csrfToken(for: north, region: "north")
        let edit = try server.client().send(.get, "/north/de/admin/reports/\(id)/edit", headers: north.headers)
        #expect(edit.status == 200)
        #expect(edit.text.contains("value=\"south\""))
        let saved = try server.client().sendForm("/north/de/admin/reports/\(id)/regions",
                                                 [("_csrf", token), ("regions", "north"), ("regions", "south")], headers: north.headers)
        #expect(saved.status == 303)

        try tag([try meeting("north", on: "2026-02-01", group: "staff", people: ["ana@example.org", "ben@example.org"])],
                region: "north", project: id, category: training)
        try tag([try meeting("south", on: "2026-02-02", group: "staff", people: ["ana@example.org", "cem@example.org"])],
                region: "south", project: id, category: training)

        let south = try server.signIn("coordinator@example.org", region: "south")
        let report = try #require(try server.client().send(.get, "/api/v1/south/de/reports/projects/\(id)/report", headers: south.headers).json())
        let people = try #require(report["rows"]?[1])
        #expect(people["byRegion"]?["north"]?.integerValue == 2)
        #expect(people["byRegion"]?["south"]?.integerValue == 2)
        #expect(people["actual"]?.integerValue == 3)
        #expect(report["rows"]?[0]?["actual"]?.integerValue == 2)

        // The south may read it but change it only in its home region.
        let change = try server.client().sendJSON(.delete, "/api/v1/south/de/reports/projects/\(id)", "{}", headers: south.headers)
        #expect(change.status == 409)
        // Someone who manages reports only in the south cannot add the south to a northern project's page.
        let southOnly = try server.signIn("south-only@example.org", region: "south")
        #expect(try server.client().send(.get, "/north/de/admin/reports/\(id)/edit", headers: southOnly.headers).status == 404)
    }

    @Test func badTargetsAreRefusedNamingTheFieldAndNothingIsCreated() throws {
        let unknown = try createProject("""
            {"name": "X", "firstDay": "2026-01-01", "lastDay": "2026-12-31",
             "categories": [{"name": "A", "targets": [{"fact": "meetings.nope", "value": 1}]}]}
            """)
        #expect(unknown.status == 422)
        #expect(try unknown.json()["error"]?["field"]?.stringValue == "categories[0].targets[0].fact")
        let group = try createProject("""
            {"name": "X", "firstDay": "2026-01-01", "lastDay": "2026-12-31",
             "categories": [{"name": "A", "targets": [{"fact": "meetings.held", "targetGroup": "pets", "value": 1}]}]}
            """)
        #expect(try group.json()["error"]?["field"]?.stringValue == "categories[0].targets[0].targetGroup")
        let size = try createProject("""
            {"name": "X", "firstDay": "2026-01-01", "lastDay": "2026-12-31",
             "categories": [{"name": "A", "targets": [{"fact": "meetings.people", "minimumSize": 5, "value": 1}]}]}
            """)
        #expect(try size.json()["error"]?["field"]?.stringValue == "categories[0].targets[0].minimumSize")
        let reversed = try createProject(#"{"name": "X", "firstDay": "2026-12-31", "lastDay": "2026-01-01"}"#)
        #expect(reversed.status == 422)
        #expect(try reversed.json()["error"]?["field"]?.stringValue == "lastDay")
        let badDay = try createProject(#"{"name": "X", "firstDay": "2026-02-30", "lastDay": "2026-12-31"}"#)
        #expect(try badDay.json()["error"]?["field"]?.stringValue == "firstDay")
        let twice = try createProject("""
            {"name": "X", "firstDay": "2026-01-01", "lastDay": "2026-12-31", "categories": [{"name": "A"}, {"name": "a"}]}
            """)
        #expect(twice.status == 409)

        let list = try server.client().send(.get, "/api/v1/north/de/reports/projects", headers: north.headers).json()
        #expect(list["items"]?.arrayValue?.isEmpty == true)
        // Reading reports needs the action: the anonymous are asked to sign in.
        #expect(try server.client().send(.get, "/api/v1/north/de/reports/projects").status == 401)
    }

    @Test func theReportDownloadsAsCSVThatASpreadsheetReads() throws {
        let created = try createProject("""
            {"name": "=HYPERLINK(\\"x\\")", "firstDay": "2026-01-01", "lastDay": "2026-12-31",
             "categories": [{"name": "Treffen; groß \\"A\\"", "targets": [{"fact": "meetings.held", "minimumSize": 2, "value": 2}]}]}
            """)
        let project = try #require(try created.json()["project"])
        let id = try #require(project["id"]?.integerValue)
        let category = try #require(project["categories"]?[0]?["id"]?.integerValue)
        try tag([try meeting("north", on: "2026-04-01", group: "staff", people: ["a@example.org", "b@example.org"])],
                region: "north", project: id, category: category)

        let response = try server.client().send(.get, "/north/de/admin/reports/\(id)/report.csv", headers: north.headers)
        #expect(response.status == 200)
        #expect(response.headers["Content-Type"]?.hasPrefix("text/csv; charset=utf-8") == true)
        #expect(response.headers["Content-Disposition"]?.contains("attachment") == true)
        #expect(Array(response.body.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(response.text.contains("\r\n"))

        // Python's csv module, as a spreadsheet would read it: ';' separated, quoted fields intact.
        let parsed = try PythonTool.script("""
            import csv, io, json, sys
            text = sys.stdin.buffer.read().decode("utf-8-sig")
            print(json.dumps(list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))))
            """, input: response.body)
        #expect(parsed.status == 0, "\(parsed.errors)")
        let rows = try #require(try JSONValue.parse(Array(parsed.output.utf8)).arrayValue)
        #expect(rows.count == 2)
        #expect(rows[0][0]?.stringValue == "Projekt")
        #expect(rows[1][0]?.stringValue == "'=HYPERLINK(\"x\")")
        #expect(rows[1][2]?.stringValue == "Treffen; groß \"A\"")
        #expect(rows[1][5]?.stringValue == "2")
        #expect(rows[1][7]?.stringValue == "2")
        #expect(rows[1][8]?.stringValue == "1")
        #expect(rows[1][9]?.stringValue == "nein")
    }

    @Test func coordinatorsDefineProjectsAndTargetsOnPages() throws {
        let token = try server.csrfToken(for: north, region: "north")
        let client = server.client()
        let bad = try client.sendForm("/north/de/admin/reports", [
            ("_csrf", token), ("name", "Projekt"), ("firstDay", "2026-01-01"), ("lastDay", "31.12.2026"),
        ], headers: north.headers)
        #expect(bad.status == 422)
        #expect(bad.text.contains("field-lastDay-error"))
        #expect(bad.text.contains("value=\"Projekt\""))

        let created = try client.sendForm("/north/de/admin/reports", [
            ("_csrf", token), ("name", "Projekt"), ("firstDay", "2026-01-01"), ("lastDay", "2026-12-31"),
        ], headers: north.headers)
        #expect(created.status == 303)
        let edit = try #require(created.headers["Location"])
        let base = String(edit.dropLast("/edit".count))
        #expect(try client.sendForm(base + "/categories", [("_csrf", token), ("name", "Schulungen")], headers: north.headers).status == 303)
        let project = try #require(try server.storage.read(.region("north")) { try server.application.services.reporting.projects(in: $0) }.first)
        let category = try #require(project.categories.first)

        let refused = try client.sendForm(base + "/targets", [
            ("_csrf", token), ("category", String(category.id)), ("fact", "meetings.people"), ("minimumSize", "3"), ("value", "10"),
        ], headers: north.headers)
        #expect(refused.status == 422)
        #expect(refused.text.contains("field-minimumSize-error"))
        #expect(try client.sendForm(base + "/targets", [
            ("_csrf", token), ("category", String(category.id)), ("fact", "meetings.held"), ("targetGroup", "staff"), ("value", "14"),
        ], headers: north.headers).status == 303)

        let page = try client.send(.get, base, headers: north.headers)
        #expect(page.status == 200)
        #expect(page.text.contains("<caption>Schulungen</caption>"))
        #expect(page.text.contains("Durchgeführte Treffen · Ehrenamtliche und Hauptamtliche"))
        #expect(page.text.contains("data-met=\"no\""))
        let indicators = try client.send(.get, "/north/de/admin/indicators?from=2026-01-01&to=2026-12-31", headers: north.headers)
        #expect(indicators.status == 200)
        #expect(indicators.text.contains("Erreichte Personen: 0"))
        #expect(try client.send(.get, "/north/de/admin/indicators?from=gestern", headers: north.headers).status == 400)

        #expect(try client.sendForm(base + "/delete", [("_csrf", token)], headers: north.headers).status == 303)
        #expect(try client.send(.get, base, headers: north.headers).status == 404)
    }

    @Test func manifestsDeclaringFactsBadlyAreRefusedAtBoot() throws {
        var manifest = MeetingsModule.manifest
        manifest.facts.append(FactDeclaration("other.thing", titleKey: "fact.missing", summary: "x") { _, _ in [] })
        manifest.facts.append(manifest.facts[0])
        let problems = ManifestValidator.problems(in: manifest)
        #expect(problems.contains("module 'meetings': fact 'other.thing' must start with 'meetings.'"))
        #expect(problems.contains("module 'meetings': fact 'other.thing': 'fact.missing' has no text in the module's Catalogs/en.json"))
        #expect(problems.contains("module 'meetings': fact 'meetings.held' is declared twice"))
    }
}

extension JSONValue {
    /// The element at `index` of an array, for reading test responses.
    subscript(index: Int) -> JSONValue? {
        guard let array = arrayValue, array.indices.contains(index) else { return nil }
        return array[index]
    }
}
