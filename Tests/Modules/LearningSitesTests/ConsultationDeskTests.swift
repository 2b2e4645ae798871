import Foundation
import Kernel
@testable import LearningSites
import TeilhabeTesting
import Testing

/// Staff see the day's consultations, record attendance and the outcome, and count them;
/// contact details are forgotten after the retention period.
@Suite struct ConsultationDeskTests {
    @Test func staffRecordAttendanceAndOutcomeAndTheReportCountsThem() throws {
        let fixture = try LearningSitesFixture()
        defer { fixture.stop() }
        let site = try ConsultationBookingTests.siteWithHours(fixture)
        let slots = try fixture.freeSlots(site).compactMap(\.slotID)
        let amina = try #require(try fixture.book(slots[0]).json()["consultation"]?["id"]?.integerValue)
        let oleg = try #require(try fixture.book(slots[1], LearningSitesFixture.booking(name: "Oleg", email: nil, topic: "job-applications")
            .objectValue.map { var body = $0; body["phone"] = "0251 123456"; return JSONValue.object(body) } ?? .null)
            .json()["consultation"]?["id"]?.integerValue)

        let day = try fixture.send(.get, LearningSitesFixture.api + "/admin/sites/\(site)/consultations?day=2026-11-23", as: fixture.staffA).json()
        #expect(day["items"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["Amina", "Oleg"])
        #expect(day["items"]?.arrayValue?.last?["phone"]?.stringValue == "0251 123456")
        #expect(try fixture.send(.get, LearningSitesFixture.api + "/admin/sites/\(site)/consultations", as: fixture.staffB).status == 404)

        // Not before the slot; then attended, and the outcome.
        let early = try fixture.send(.post, LearningSitesFixture.api + "/admin/consultations/\(amina)/attendance", ["attended": true], as: fixture.staffA)
        #expect(early.status == 409)
        let noOutcomeYet = try fixture.send(.post, LearningSitesFixture.api + "/admin/consultations/\(amina)/outcome", ["topic": "authorities"], as: fixture.staffA)
        #expect(noOutcomeYet.status == 409)
        fixture.clock.advance(by: 30 * 60)
        let came = try fixture.send(.post, LearningSitesFixture.api + "/admin/consultations/\(amina)/attendance", ["attended": true], as: fixture.staffA)
        #expect(came.status == 200, "\(came.text)")
        #expect(try came.json()["attendance"]?.stringValue == "attended")
        let outcome = try fixture.send(.post, LearningSitesFixture.api + "/admin/consultations/\(amina)/outcome",
                                       ["topic": "authorities", "followUp": true], as: fixture.staffA)
        #expect(try outcome.json()["outcome"]?["followUp"]?.boolValue == true)
        fixture.clock.advance(by: 30 * 60)
        #expect(try fixture.send(.post, LearningSitesFixture.api + "/admin/consultations/\(oleg)/attendance", ["attended": false], as: fixture.staffA).status == 200)
        #expect(try fixture.send(.post, LearningSitesFixture.api + "/admin/consultations/\(oleg)/attendance", ["attended": false], as: fixture.staffB).status == 404)

        let report = try fixture.send(.get, LearningSitesFixture.api + "/admin/report?from=2026-11-01&to=2026-11-30", as: fixture.staffA).json()
        let rows = report["items"]?.arrayValue ?? []
        #expect(rows.count == 2)
        let authorities = try #require(rows.first { $0["topic"]?.stringValue == "authorities" })
        #expect(authorities["booked"]?.integerValue == 1)
        #expect(authorities["held"]?.integerValue == 1)
        let applications = try #require(rows.first { $0["topic"]?.stringValue == "job-applications" })
        #expect(applications["noShows"]?.integerValue == 1)
        #expect(try fixture.send(.get, LearningSitesFixture.api + "/admin/report?from=2026-11-01&to=2026-11-30", as: fixture.staffB)
            .json()["items"]?.arrayValue?.isEmpty == true)

        let csv = try fixture.server.client().send(.get, "/demo/de/learning-sites/admin/report.csv?from=2026-11-01&to=2026-11-30", headers: fixture.staffA.headers)
        #expect(csv.status == 200)
        #expect(csv.headers["Content-Type"]?.hasPrefix("text/csv") == true)
        let lines = csv.text.split(whereSeparator: \.isNewline)
        #expect(lines.first?.contains("Lernort") == true)
        #expect(lines.contains { $0.contains("Lernort Hansaviertel") && $0.contains("Bewerbungen") })

        // Someone who may read reports but not manage sites sees their organisation's counts.
        let evaluator = try fixture.server.createAccount("evaluator@example.org")
        try fixture.server.storage.write { db in
            try Memberships.grant(Membership(role: .volunteer, organisationID: fixture.organisationA), to: evaluator, in: "demo", now: LearningSitesFixture.monday, db: db)
            try Permissions.setRule(
                region: "demo", action: "learning-sites.report", role: .volunteer, effect: .grant,
                declarations: LearningSitesModule.manifest.actions, in: db)
        }
        let reader = try fixture.server.signIn("evaluator@example.org")
        let theirs = try fixture.send(.get, LearningSitesFixture.api + "/admin/report?from=2026-11-01&to=2026-11-30", as: reader)
        #expect(theirs.status == 200)
        #expect(try theirs.json()["items"]?.arrayValue?.count == 2)
    }

    @Test func contactDetailsAreForgottenAfterTheRetentionPeriodWhileCountsStay() throws {
        let fixture = try LearningSitesFixture()
        defer { fixture.stop() }
        let site = try ConsultationBookingTests.siteWithHours(fixture)
        let slot = try #require(try fixture.freeSlots(site).first?.slotID)
        let id = try #require(try fixture.book(slot).json()["consultation"]?["id"]?.integerValue)
        fixture.clock.advance(by: 3600)
        #expect(try fixture.send(.post, LearningSitesFixture.api + "/admin/consultations/\(id)/attendance", ["attended": true], as: fixture.staffA).status == 200)

        // Within the 30 days nothing is forgotten; after them the job clears name, e-mail and note.
        fixture.clock.advance(by: 29 * 86_400)
        _ = try ConsultationDesk.forgetContacts(region: "demo", olderThan: 30, services: fixture.server.application.services)
        // Sessions do not last a month: sign in afresh.
        var staff = try fixture.server.signIn("staff-a@example.org")
        var row = try fixture.send(.get, LearningSitesFixture.api + "/admin/sites/\(site)/consultations?day=2026-11-23", as: staff).json()["items"]?.arrayValue?.first
        #expect(row?["name"]?.stringValue == "Amina")
        fixture.clock.advance(by: 2 * 86_400)
        _ = try ConsultationDesk.forgetContacts(region: "demo", olderThan: 30, services: fixture.server.application.services)
        staff = try fixture.server.signIn("staff-a@example.org")
        row = try fixture.send(.get, LearningSitesFixture.api + "/admin/sites/\(site)/consultations?day=2026-11-23", as: staff).json()["items"]?.arrayValue?.first
        #expect(row?["name"] == .null)
        #expect(row?["email"] == .null)
        #expect(row?["note"] == .null)
        #expect(row?["attendance"]?.stringValue == "attended")
        #expect(row?["topic"]?.stringValue == "authorities")
    }
}
