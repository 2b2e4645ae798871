import Foundation
import HTTP
import Kernel
import LearningSites
import TeilhabeTesting
import Testing

/// A learning site from creation to the funder's report, over HTTP: created by the hosting
/// organisation's staff, hours and consultation hours set, a slot found through "open now"
/// and a language, booked, cancelled, booked again, attended, counted in the module's report
/// and in a funded project's target.
@Suite struct LearningSitesEndToEndTests {
    /// Monday 2026-11-23 10:00 in Berlin.
    static let monday = Date(timeIntervalSince1970: 1_795_424_400)

    @Test func aSiteFromCreationToTheFundersReport() throws {
        let clock = TestClock(Self.monday)
        let server = try TestServer(modules: [LearningSitesModule.self], clock: clock)
        defer { server.stop() }
        let organisation = try server.storage.write(.region("demo")) { db in
            try Organisations.create(OrganisationProfile(name: "Nachbarschaftshaus", kind: .learningSiteHost), in: "demo", now: Self.monday, db: db).id
        }
        let staffID = try server.createAccount("staff@example.org")
        try server.storage.write { db in
            try Memberships.grant(Membership(role: .staff, organisationID: organisation), to: staffID, in: "demo", now: Self.monday, db: db)
        }
        let project = try server.application.services.reporting.createProject(
            ProjectDetails(name: "Digital dabei", funder: "Land NRW", firstDay: "2026-01-01", lastDay: "2026-12-31"),
            categories: [.init(name: "Beratung", targets: [
                NewProjectTarget(categoryID: 0, fact: "learning-sites.consultations-held", value: 15),
                NewProjectTarget(categoryID: 0, fact: "learning-sites.people-advised", value: 10),
            ])],
            region: "demo", actor: AuditActor(accountID: nil, label: "test"))
        let category = try #require(project.categories.first?.id)
        var staff = try server.signIn("staff@example.org")
        let api = "/api/v1/demo/de/learning-sites"
        func send(_ method: HTTP.Method, _ path: String, _ json: JSONValue? = nil, as session: TestSession? = nil) throws -> TestResponse {
            let client = server.client()
            defer { client.close() }
            let headers = [("Content-Type", "application/json")] + (session?.headers ?? [])
            return try client.send(method, path, headers: headers, body: json.map { $0.encoded() } ?? [])
        }

        // Created, tagged to the project, with hours, a peer helper speaking Arabic and Monday consultation hours.
        let tags: JSONValue = [["project": .integer(project.id), "category": .integer(category)]]
        let address: JSONValue = ["street": "Hansaring 1", "postalCode": "48155", "locality": "Münster"]
        let body: [String: JSONValue] = [
            "names": ["de": "Lernort Hansaviertel"], "kind": "stationary", "organisation": .integer(organisation),
            "address": address, "latitude": .number(51.9607), "longitude": .number(7.6261), "languages": ["de"], "projects": tags,
        ]
        let created = try send(.post, api + "/admin/sites", .object(body), as: staff)
        #expect(created.status == 201, "\(created.text)")
        let site = try #require(try created.json()["id"]?.integerValue)
        #expect(try send(.put, api + "/admin/sites/\(site)/hours", ["hours": [["weekday": "MO", "opens": "09:00", "closes": "18:00"]]], as: staff).status == 200)
        let helper = try send(.post, api + "/admin/sites/\(site)/helpers", ["displayName": "Samira", "languages": ["ar"]], as: staff)
        #expect(helper.status == 201)
        let helperID = try #require(try server.storage.read(.region("demo")) { db in
            try db.scalar(Int64.self, "SELECT id FROM learning_sites_helpers WHERE region = \("demo")")
        })
        let schedule: JSONValue = ["firstDay": "2026-11-23", "starts": "11:00", "ends": "12:00", "everyWeeks": 1]
        let hours: [String: JSONValue] = [
            "schedule": schedule, "slotMinutes": 30, "topics": ["authorities"], "languages": ["de"], "helpers": .array([.integer(helperID)]),
        ]
        #expect(try send(.post, api + "/admin/sites/\(site)/consultation-hours", .object(hours), as: staff).status == 201)

        // A reader finds it open now, in Arabic, and its first free slot.
        let found = try send(.get, "/api/v1/demo/ar/learning-sites?open=now&language=ar&near=51.96,7.62").json()
        let hit = try #require(found["items"]?.arrayValue?.first)
        #expect(hit["id"]?.integerValue == site)
        #expect(hit["openNow"]?.boolValue == true)
        let slot = try #require(hit["nextFreeSlot"]?["id"]?.integerValue)

        // Booked, cancelled by the link, booked again.
        let booking: JSONValue = ["name": "Amina", "email": "amina@example.org", "topic": "authorities", "language": "ar"]
        let first = try send(.post, api + "/slots/\(slot)/bookings", booking)
        #expect(first.status == 201)
        let token = try #require(try first.json()["manageToken"]?.stringValue)
        #expect(try send(.post, api + "/consultations/manage/cancel", ["token": .string(token)]).status == 200)
        let again = try send(.post, api + "/slots/\(slot)/bookings", booking)
        #expect(again.status == 201, "\(again.text)")
        let consultation = try #require(try again.json()["consultation"]?["id"]?.integerValue)
        #expect(try server.mail(to: "amina@example.org").count == 2)

        // Attended at 11:00; the outcome logged.
        clock.advance(by: 3600)
        staff = try server.signIn("staff@example.org")
        #expect(try send(.post, api + "/admin/consultations/\(consultation)/attendance", ["attended": true], as: staff).status == 200)
        #expect(try send(.post, api + "/admin/consultations/\(consultation)/outcome", ["topic": "authorities", "followUp": false], as: staff).status == 200)

        // Counted: the module's report and the funded project's targets.
        let report = try send(.get, api + "/admin/report?from=2026-11-01&to=2026-11-30", as: staff).json()
        let row = try #require(report["items"]?.arrayValue?.first)
        #expect(row["booked"]?.integerValue == 2)
        #expect(row["cancelled"]?.integerValue == 1)
        #expect(row["held"]?.integerValue == 1)
        let funded = try server.application.services.reporting.report(project: project.id, region: "demo", languages: ["de"])
        let held = try #require(funded.rows.first { $0.fact == "learning-sites.consultations-held" })
        #expect(held.actual == 1)
        #expect(held.target == 15)
        #expect(held.factTitle == "Durchgeführte Beratungen")
        #expect(funded.rows.first { $0.fact == "learning-sites.people-advised" }?.actual == 1)
    }
}
