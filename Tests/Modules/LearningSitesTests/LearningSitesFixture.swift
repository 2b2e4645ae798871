import Foundation
import HTTP
import Kernel
import LearningSites
import TeilhabeTesting

/// A real server with the module, a clock standing on Monday 23 November 2026, 10:00 in
/// Berlin, a region admin and the staff of two hosting organisations.
final class LearningSitesFixture {
    /// Monday 2026-11-23 10:00 Europe/Berlin (UTC+1).
    static let monday = Date(timeIntervalSince1970: 1_795_424_400)

    let server: TestServer
    let clock: TestClock
    let admin: TestSession
    let staffA: TestSession
    let staffB: TestSession
    let organisationA: Int64
    let organisationB: Int64

    init(workers: Int? = nil) throws {
        clock = TestClock(Self.monday)
        var settings: [String: JSONValue] = [:]
        if let workers { settings = ["threads": ["workers": .integer(Int64(workers)), "workerQueue": 4096], "limits": ["maxConnections": 4096]] }
        server = try TestServer(modules: [LearningSitesModule.self], server: settings, clock: clock)
        let (a, b) = try server.storage.write(.region("demo")) { db in
            (try Organisations.create(OrganisationProfile(name: "Nachbarschaftshaus", kind: .association), in: "demo", now: Self.monday, db: db).id,
             try Organisations.create(OrganisationProfile(name: "Stadtteilladen", kind: .association), in: "demo", now: Self.monday, db: db).id)
        }
        organisationA = a
        organisationB = b
        try server.createAccount("admin@example.org", roles: ["demo": [.regionAdmin]])
        let a1 = try server.createAccount("staff-a@example.org")
        let b1 = try server.createAccount("staff-b@example.org")
        try server.storage.write { db in
            try Memberships.grant(Membership(role: .staff, organisationID: a), to: a1, in: "demo", now: Self.monday, db: db)
            try Memberships.grant(Membership(role: .staff, organisationID: b), to: b1, in: "demo", now: Self.monday, db: db)
        }
        admin = try server.signIn("admin@example.org")
        staffA = try server.signIn("staff-a@example.org")
        staffB = try server.signIn("staff-b@example.org")
    }

    func stop() { server.stop() }

    static let api = "/api/v1/demo/de/learning-sites"

    @discardableResult
    func send(_ method: HTTP.Method, _ path: String, _ json: JSONValue? = nil, as session: TestSession? = nil) throws -> TestResponse {
        let client = server.client()
        defer { client.close() }
        let headers = session?.headers ?? []
        if let json {
            return try client.sendJSON(method, path, String(decoding: json.encoded(), as: UTF8.self), headers: headers)
        }
        // Unsafe API requests riding on the session cookie must say they are JSON.
        let json = method == .get ? [] : [("Content-Type", "application/json")]
        return try client.send(method, path, headers: json + headers)
    }

    /// A stationary site of organisation A in Münster with `overrides` applied to the body.
    static func siteBody(
        name: String = "Lernort Hansaviertel", organisation: Int64, latitude: Double = 51.9607, longitude: Double = 7.6261,
        languages: [String] = ["de"], _ overrides: [String: JSONValue] = [:]
    ) -> JSONValue {
        var body: [String: JSONValue] = [
            "names": ["de": .string(name)], "kind": "stationary", "organisation": .integer(organisation),
            "address": ["street": "Hansaring 1", "postalCode": "48155", "locality": "Münster"],
            "latitude": .number(latitude), "longitude": .number(longitude),
            "accessibility": ["stepFree": true], "equipment": ["laptops": 4, "printer": 1],
            "languages": .array(languages.map(JSONValue.string)), "contactEmail": "lernort@example.org",
        ]
        for (key, value) in overrides { body[key] = value }
        return .object(body)
    }

    /// Creates a site as `session` and returns its id.
    func createSite(_ body: JSONValue, as session: TestSession) throws -> Int64 {
        let response = try send(.post, Self.api + "/admin/sites", body, as: session)
        guard response.status == 201, let id = try response.json()["id"]?.integerValue else {
            throw TestServerError("creating a site answered \(response.status): \(response.text)")
        }
        return id
    }

    /// Weekday opening hours Monday to Friday 09:00–13:00 and 14:00–18:00.
    static let weekdays: JSONValue = ["hours": .array(["MO", "TU", "WE", "TH", "FR"].flatMap { day -> [JSONValue] in
        [["weekday": .string(day), "opens": "09:00", "closes": "13:00"], ["weekday": .string(day), "opens": "14:00", "closes": "18:00"]]
    })]

    func setWeekdayHours(_ site: Int64, as session: TestSession) throws {
        let response = try send(.put, Self.api + "/admin/sites/\(site)/hours", Self.weekdays, as: session)
        guard response.status == 200 else { throw TestServerError("setting hours answered \(response.status): \(response.text)") }
    }

    /// Weekly consultation hours on Mondays from the fixture's Monday, 30-minute slots.
    static func consultationHours(
        firstDay: String = "2026-11-23", starts: String = "10:00", ends: String = "12:00", languages: [String] = [],
        _ overrides: [String: JSONValue] = [:]
    ) -> JSONValue {
        var body: [String: JSONValue] = [
            "schedule": ["firstDay": .string(firstDay), "starts": .string(starts), "ends": .string(ends), "everyWeeks": 1],
            "slotMinutes": 30, "capacity": 1, "topics": ["authorities", "job-applications"],
            "languages": .array(languages.map(JSONValue.string)),
        ]
        for (key, value) in overrides { body[key] = value }
        return .object(body)
    }

    /// Free slots of a site, as the public API lists them.
    func freeSlots(_ site: Int64, language: String? = nil, days: Int = 14) throws -> [JSONValue] {
        let query = "?days=\(days)" + (language.map { "&language=\($0)" } ?? "")
        let response = try send(.get, Self.api + "/\(site)/slots" + query)
        guard response.status == 200 else { throw TestServerError("slots answered \(response.status): \(response.text)") }
        return try response.json()["items"]?.arrayValue ?? []
    }

    static func booking(name: String = "Amina", email: String? = "amina@example.org", topic: String = "authorities", language: String = "de") -> JSONValue {
        var body: [String: JSONValue] = ["name": .string(name), "topic": .string(topic), "language": .string(language), "note": "Termin beim Bürgeramt"]
        if let email { body["email"] = .string(email) }
        return .object(body)
    }

    func book(_ slot: Int64, _ body: JSONValue = LearningSitesFixture.booking()) throws -> TestResponse {
        try send(.post, Self.api + "/slots/\(slot)/bookings", body)
    }
}

extension JSONValue {
    var slotID: Int64? { self["id"]?.integerValue }
}
