import Foundation
import Kernel
import Testing
import TeilhabeTesting
@testable import Workshops

/// A person's registrations through the kernel's real export and erasure: the account's own
/// pages (export, erase with the password) and the operator's `teilhabe privacy` service for
/// a person without an account. Erasure forgets them; the funder's counts stay.
@Suite(.serialized) final class WorkshopPrivacyTests {
    let fixture: WorkshopsFixture

    init() throws { fixture = try WorkshopsFixture() }

    var server: TestServer { fixture.server }

    func json(_ object: [String: JSONValue]) -> String { String(decoding: JSONValue.object(object).encoded(), as: UTF8.self) }

    func report(_ project: Int64, _ headers: [(String, String)]) throws -> [String: Int64] {
        let report = try server.client().send(.get, "/api/v1/demo/de/reports/projects/\(project)/report", headers: headers).json()
        var actual: [String: Int64] = [:]
        for row in report["rows"]?.arrayValue ?? [] {
            if let fact = row["fact"]?.stringValue { actual[fact] = row["actual"]?.integerValue }
        }
        return actual
    }

    @Test func registrationsAreExportedThenErasedWhileTheCountsStay() throws {
        try server.createAccount("leitung@example.org", roles: ["demo": [.regionAdmin]])
        try server.createAccount("mia@example.org", name: "Mia", roles: ["demo": [.volunteer]])
        let admin = try server.signIn("leitung@example.org")
        let year = Int(ReportingDay(containing: fixture.clock.now(), in: berlin).description.prefix(4)) ?? 2026
        let created = try server.client().sendJSON(.post, "/api/v1/demo/de/reports/projects", """
            {"name": "Digitale Teilhabe", "firstDay": "\(year - 1)-01-01", "lastDay": "\(year + 1)-12-31",
             "categories": [{"name": "Schulungen", "targets": [
                {"fact": "workshops.participants-registered", "value": 10},
                {"fact": "workshops.participants-attended", "value": 10},
                {"fact": "workshops.people-reached", "value": 10}]}]}
            """, headers: admin.headers)
        #expect(created.status == 201, "\(created.text)")
        let project = try #require(try created.json()["project"]?["id"]?.integerValue)
        let category = try #require(try created.json()["project"]?["categories"]?.arrayValue?.first?["id"]?.integerValue)

        let first = try fixture.createWorkshop([("project-\(project)", String(category))], capacity: 5, inDays: 2)
        let second = try fixture.createWorkshop([("project-\(project)", String(category))], capacity: 5, inDays: 9)
        #expect(try fixture.form("/admin/workshops/\(first)/questions", [("label", "Ernährung"), ("kind", "text"), ("required", "on")]).status == 303)
        try fixture.publish(first)
        try fixture.publish(second)
        let question = String(try fixture.count("SELECT id FROM workshops_questions WHERE region = \("demo")"))

        // Ana registers without an account, Ben too; Mia signed in, once with her account's
        // address (the API's default) and once on the page with another address she typed.
        let ana = try server.client().sendJSON(.post, "/api/v1/demo/de/workshops/\(first)/registrations", json([
            "name": "Ana Petrova", "email": "ana@example.org", "phone": "+49 170 1111111", "accessibility": "Rollstuhl",
            "answers": .object([question: "vegetarisch-ana"]),
        ]))
        #expect(ana.status == 201, "\(ana.text)")
        #expect(try fixture.register(first, name: "Ben Schulz", email: "ben@example.org", answers: [question: "vegan-ben"]).status == 201)
        var mia = try server.signIn("mia@example.org")
        let viaAPI = try server.client().sendJSON(.post, "/api/v1/demo/de/workshops/\(first)/registrations", json([
            "name": "Mia Keller", "phone": "+49 170 2222222", "answers": .object([question: "halal-mia"]),
        ]), headers: mia.headers)
        #expect(viaAPI.status == 201, "\(viaAPI.text)")
        #expect(try viaAPI.json()["registration"]?["email"]?.stringValue == "mia@example.org")
        let csrf = try server.csrfToken(for: &mia)
        let viaPage = try server.client().sendForm("/demo/de/workshops/\(second)", [
            ("name", "Mia Keller"), ("email", "mia.keller@verein.example"), ("phone", "+49 170 3333333"), ("language", "de"),
            ("_csrf", csrf),
        ], headers: mia.headers)
        #expect(viaPage.status == 201, "\(viaPage.text.components(separatedBy: "<main").last?.prefix(1500) ?? "")")

        // Ana and Mia come to the first session.
        let list = try server.client().send(.get, "/demo/de/admin/workshops/\(first)/attendance", headers: fixture.coordinator.headers)
        let session = try #require(WorkshopsFixture.firstValue(of: "session", in: list.text))
        let attending = try server.storage.read(.region("demo")) { db in
            try db.query("""
                SELECT r.booking_id FROM workshops_registrations r WHERE r.region = \("demo") AND r.workshop_id = \(first)
                  AND r.phone IS NOT NULL ORDER BY r.id
                """).map { try $0.get("booking_id", as: Int64.self) }
        }
        #expect(attending.count == 2)
        for booking in attending {
            #expect(try fixture.form("/admin/workshops/\(first)/attendance", [("booking", String(booking)), ("session", session), ("mark", "attended")]).status == 200)
        }
        let before = try report(project, admin.headers)
        #expect(before["workshops.participants-registered"] == 4, "\(before)")
        #expect(before["workshops.participants-attended"] == 2, "\(before)")
        #expect(before["workshops.people-reached"] == 2, "\(before)")

        // Mia's export (from her account) holds both registrations with her answers and phone.
        let exported = try server.client().send(.get, "/api/v1/demo/de/account/export", headers: mia.headers)
        #expect(exported.status == 200)
        let miaDocument = try exported.json()
        let miaRegistrations = miaDocument["modules"]?["workshops"]?.arrayValue ?? []
        #expect(miaRegistrations.count == 2, "\(miaDocument)")
        #expect(miaRegistrations.compactMap { $0["phone"]?.stringValue }.sorted() == ["+49 170 2222222", "+49 170 3333333"])
        #expect(miaRegistrations.first?["answers"]?.arrayValue?.first?["question"]?.stringValue == "Ernährung", "\(miaRegistrations)")
        #expect(miaRegistrations.first?["answers"]?.arrayValue?.first?["answer"]?.stringValue == "halal-mia")
        #expect(miaRegistrations.compactMap { $0["email"]?.stringValue }.sorted() == ["mia.keller@verein.example", "mia@example.org"])
        #expect(miaDocument["kernel"]?["bookings"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["Mia Keller", "Mia Keller"])
        #expect(!exported.text.contains("Ben") && !exported.text.contains("Ana"))

        // Ana's export, as the operator's `teilhabe privacy export` makes it.
        let privacy = server.application.services.privacy
        let anaDocument = try privacy.export(try EmailAddress("ana@example.org"))
        #expect(anaDocument["kernel"]?["identity"]?["account"] == .null)
        let anaRegistrations = anaDocument["modules"]?["workshops"]?.arrayValue ?? []
        #expect(anaRegistrations.count == 1)
        #expect(anaRegistrations.first?["accessibility"]?.stringValue == "Rollstuhl")
        #expect(anaRegistrations.first?["answers"]?.arrayValue?.first?["answer"]?.stringValue == "vegetarisch-ana")
        #expect(anaRegistrations.first?["active"] == .bool(true))
        #expect(anaDocument["kernel"]?["bookings"]?.arrayValue?.first?["name"]?.stringValue == "Ana Petrova")
        #expect(!String(decoding: anaDocument.encoded(), as: UTF8.self).contains("Ben"))

        // Ana is erased by the operator, Mia erases herself with her password.
        let anaErased = try privacy.erase(try EmailAddress("ana@example.org"), actor: .commandLine)
        #expect(anaErased.modules["workshops"]?.anonymised == 1)
        let miaErased = try server.client().sendJSON(
            .post, "/api/v1/demo/de/account/erase", #"{"password": "\#(TestServer.testPassword)"}"#, headers: mia.headers)
        #expect(miaErased.status == 200, "\(miaErased.text)")

        // Gone: names, addresses, phones, needs, answers; Ben's registration untouched.
        func rows(_ sql: SQL) throws -> [String] {
            try server.storage.read { db in try db.query(sql).map { try $0.get("v", as: String?.self) ?? "NULL" } }
        }
        let stored = try rows("""
            SELECT coalesce(email_key, '') || '|' || coalesce(phone, '') || '|' || coalesce(accessibility, '') || '|' || answers AS v
            FROM workshops_registrations ORDER BY id
            """)
        #expect(stored.count == 4)
        #expect(stored.filter { $0.contains("ben@example.org") && $0.contains("vegan-ben") }.count == 1, "\(stored)")
        for text in ["ana", "mia", "Rollstuhl", "2222222", "3333333", "1111111", "halal", "vegetarisch"] {
            #expect(!stored.contains { $0.lowercased().contains(text.lowercased()) }, "\(text) in \(stored)")
        }
        let names = try rows("SELECT coalesce(name, '') || '|' || coalesce(email, '') AS v FROM kernel_bookings ORDER BY id")
        #expect(names.count == 4)
        #expect(!names.contains { $0.contains("Ana") || $0.contains("Mia") || $0.contains("ana@") || $0.contains("mia") }, "\(names)")
        #expect(names.contains("Ben Schulz|ben@example.org"))
        #expect(try privacy.export(try EmailAddress("ana@example.org"))["modules"]?["workshops"]?.arrayValue == [])
        #expect(try privacy.export(try EmailAddress("mia.keller@verein.example"))["modules"]?["workshops"]?.arrayValue == [])

        // Still counted: places, registrations, attendance and people reached.
        let detail = try server.client().send(.get, "/api/v1/demo/de/workshops/\(first)").json()
        #expect(detail["workshop"]?["confirmed"]?.integerValue == 3)
        let after = try report(project, try server.signIn("leitung@example.org").headers)
        #expect(after == before, "\(after) after erasure, \(before) before")
    }
}
