import Foundation
import Kernel
import Testing
import TeilhabeTesting
@testable import Workshops

/// The full life of a workshop through the real server, with mail delivered to a real SMTP
/// server: create and tag to a funded project, publish, register to capacity, waiting list,
/// cancel and promote, remind, check in, held, and the funder's report counted from the data.
@Suite(.serialized) final class WorkshopEndToEndTests {
    let sink: SMTPSink
    let fixture: WorkshopsFixture

    init() throws {
        sink = try SMTPSink()
        fixture = try WorkshopsFixture(mail: [
            "transport": "smtp", "host": "127.0.0.1", "port": .integer(Int64(sink.port)), "starttls": "off",
            "from": "Lernort Nord <noreply@lernort.example>",
        ])
    }

    deinit { sink.stop() }

    /// The raw messages the SMTP server received for `address`.
    func received(by address: String) throws -> [String] {
        try sink.messages().filter { $0.recipients.contains(address) }.map { try String(contentsOfFile: $0.path, encoding: .utf8) }
    }

    @Test func theLifeOfAWorkshop() throws {
        let server = fixture.server
        try server.createAccount("leitung@example.org", roles: ["demo": [.regionAdmin]])
        let admin = try server.signIn("leitung@example.org")
        let year = String(ReportingDay(containing: fixture.clock.now(), in: berlin).description.prefix(4))
        let nextYear = String((Int(year) ?? 2026) + 1)
        let project = try server.client().sendJSON(.post, "/api/v1/demo/de/reports/projects", """
            {"name": "Digitale Teilhabe", "firstDay": "\(year)-01-01", "lastDay": "\(nextYear)-12-31",
             "categories": [{"name": "Schulungen", "targets": [
                {"fact": "workshops.events-held", "value": 14},
                {"fact": "workshops.people-reached", "targetGroup": "volunteers-staff", "value": 140}]}]}
            """, headers: admin.headers)
        #expect(project.status == 201, "\(project.text)")
        let created = try project.json()["project"]
        let projectID = try #require(created?["id"]?.integerValue)
        let category = try #require(created?["categories"]?.arrayValue?.first?["id"]?.integerValue)

        // Create tagged to the project's category, publish, register to capacity and beyond.
        let id = try fixture.createWorkshop([("project-\(projectID)", String(category))], capacity: 2, inDays: 2)
        try fixture.publish(id)
        for (name, email) in [("Leyla", "leyla@example.org"), ("Jonas", "jonas@example.org"), ("Olena", "olena@example.org")] {
            #expect(try fixture.register(id, name: name, email: email).status == 201)
        }
        let waiting = try fixture.mails(to: "olena@example.org")
        #expect(waiting.first?.subject.hasPrefix("Auf der Warteliste") == true)

        // Jonas cancels through the page his mail links to; Olena moves up and is told.
        let jonas = try #require(try fixture.mails(to: "jonas@example.org").first)
        let token = try #require(WorkshopsFixture.manageToken(in: jonas))
        var browser = TestSession()
        let csrf = try server.csrfToken(for: &browser)
        let manage = try server.client().send(.get, "/demo/de/workshops/registration?token=\(token.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")")
        #expect(manage.status == 200)
        #expect(!manage.text.contains("meet.example"))
        let cancelled = try server.client().sendForm("/demo/de/workshops/registration/cancel", [("token", token), ("_csrf", csrf)], headers: browser.headers)
        #expect(cancelled.status == 200, "\(cancelled.text.prefix(500))")
        #expect(try fixture.mails(to: "olena@example.org").last?.subject.hasPrefix("Ein Platz für Sie") == true)

        // Mails arrive at the SMTP server, the confirmation with its calendar file.
        #expect(eventually { ((try? self.received(by: "olena@example.org")) ?? []).count == 2 })
        let confirmation = try #require(try received(by: "leyla@example.org").first)
        #expect(confirmation.contains("text/calendar"))
        #expect(confirmation.contains("workshop-\(id).ics"))

        // The reminder a day before reaches the SMTP server once.
        let parts = fixture.day(in: 2).split(separator: "-").compactMap { Int($0) }
        let start = try #require(Recurrence.instant(year: parts[0], month: parts[1], day: parts[2], hour: 18, in: berlin))
        fixture.clock.advance(by: start.timeIntervalSince(fixture.clock.now()) - 6 * 3600)
        try fixture.signInAgain()
        try fixture.runJob("workshops.send-reminders")
        try fixture.runJob("workshops.send-reminders")
        // Leyla: confirmation and reminder; Olena: waiting list, place, reminder (subjects are encoded words on the wire).
        #expect(eventually { ((try? self.received(by: "leyla@example.org")) ?? []).count == 2 })
        #expect(eventually { ((try? self.received(by: "olena@example.org")) ?? []).count == 3 })
        #expect(try fixture.mails(to: "leyla@example.org").filter { $0.subject.hasPrefix("Erinnerung") }.count == 1)
        #expect(try fixture.mails(to: "jonas@example.org").filter { $0.subject.hasPrefix("Erinnerung") }.isEmpty)

        // Check in at the door; after the session the workshop is held and the report counts it.
        let list = try server.client().send(.get, "/demo/de/admin/workshops/\(id)/attendance", headers: fixture.coordinator.headers)
        let session = try #require(WorkshopsFixture.firstValue(of: "session", in: list.text))
        for booking in try server.storage.read(.region("demo"), { db in
            try db.query("SELECT booking_id FROM workshops_registrations WHERE region = \("demo") AND active = 1").map { try $0.get("booking_id", as: Int64.self) }
        }) {
            #expect(try fixture.form("/admin/workshops/\(id)/attendance", [("booking", String(booking)), ("session", session), ("mark", "attended")]).status == 200)
        }
        fixture.clock.advance(by: 86_400)
        try fixture.runJob("workshops.mark-held")
        #expect(eventually { (try? self.fixture.count("SELECT COUNT(*) FROM workshops WHERE region = \("demo") AND status = 'held'")) == 1 })

        let admin2 = try server.signIn("leitung@example.org")
        let report = try server.client().send(.get, "/api/v1/demo/de/reports/projects/\(projectID)/report", headers: admin2.headers).json()
        let rows = report["rows"]?.arrayValue ?? []
        #expect(rows.first { $0["fact"]?.stringValue == "workshops.events-held" }?["actual"]?.integerValue == 1, "\(report)")
        #expect(rows.first { $0["fact"]?.stringValue == "workshops.people-reached" }?["actual"]?.integerValue == 2, "\(report)")
        let csv = try server.client().send(.get, "/demo/de/admin/reports/\(projectID)/report.csv", headers: admin2.headers)
        #expect(csv.status == 200)
        #expect(csv.body.starts(with: [0xEF, 0xBB, 0xBF]))
        #expect(csv.text.contains("Schulungen"))
    }
}
