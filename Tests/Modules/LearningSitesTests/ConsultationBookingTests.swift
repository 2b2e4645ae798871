import Dispatch
import Foundation
import Kernel
import Synchronization
import TeilhabeTesting
import Testing

/// Consultation hours become slots inside the opening hours; people book them without an
/// account, get a confirmation with a manage link, and a slot is never booked twice.
@Suite struct ConsultationBookingTests {
    /// A site of organisation A open on weekdays with Monday consultation hours 10:00–12:00.
    static func siteWithHours(_ fixture: LearningSitesFixture, languages: [String] = []) throws -> Int64 {
        let site = try fixture.createSite(LearningSitesFixture.siteBody(organisation: fixture.organisationA), as: fixture.staffA)
        try fixture.setWeekdayHours(site, as: fixture.staffA)
        let added = try fixture.send(.post, LearningSitesFixture.api + "/admin/sites/\(site)/consultation-hours",
                                     LearningSitesFixture.consultationHours(languages: languages), as: fixture.staffA)
        guard added.status == 201 else { throw TestServerError("adding hours answered \(added.status): \(added.text)") }
        return site
    }

    @Test func consultationHoursOutsideTheOpeningHoursAreRefused() throws {
        let fixture = try LearningSitesFixture()
        defer { fixture.stop() }
        let site = try fixture.createSite(LearningSitesFixture.siteBody(organisation: fixture.organisationA), as: fixture.staffA)
        try fixture.setWeekdayHours(site, as: fixture.staffA)
        for body in [
            LearningSitesFixture.consultationHours(starts: "12:00", ends: "15:00"),
            LearningSitesFixture.consultationHours(firstDay: "2026-11-28", starts: "10:00", ends: "12:00"),
        ] {
            let response = try fixture.send(.post, LearningSitesFixture.api + "/admin/sites/\(site)/consultation-hours", body, as: fixture.staffA)
            #expect(response.status == 422, "\(response.text)")
            #expect(try response.json()["error"]?["field"]?.stringValue == "schedule", "\(response.text)")
        }
        let inPast = try fixture.send(.post, LearningSitesFixture.api + "/admin/sites/\(site)/consultation-hours",
                                      LearningSitesFixture.consultationHours(firstDay: "2026-11-16"), as: fixture.staffA)
        #expect(inPast.status == 422)
        #expect(try inPast.json()["error"]?["field"]?.stringValue == "schedule.firstDay")
        let shortSlot = try fixture.send(.post, LearningSitesFixture.api + "/admin/sites/\(site)/consultation-hours",
                                         LearningSitesFixture.consultationHours(["slotMinutes": 2]), as: fixture.staffA)
        #expect(try shortSlot.json()["error"]?["field"]?.stringValue == "slotMinutes")
        #expect(try fixture.freeSlots(site).isEmpty)

        // Online hours need no opening hours.
        let online = try fixture.send(.post, LearningSitesFixture.api + "/admin/sites/\(site)/consultation-hours",
                                      LearningSitesFixture.consultationHours(firstDay: "2026-11-28", ["online": true]), as: fixture.staffA)
        #expect(online.status == 201)
        #expect(try fixture.freeSlots(site).count == 8)
    }

    @Test func slotsAreCutFromTheHoursAndSkipClosedDays() throws {
        let fixture = try LearningSitesFixture()
        defer { fixture.stop() }
        let site = try Self.siteWithHours(fixture)
        #expect(try fixture.send(.put, LearningSitesFixture.api + "/admin/sites/\(site)/exceptions/2026-11-30",
                                 ["kind": "holiday"], as: fixture.staffA).status == 200)
        let slots = try fixture.freeSlots(site, days: 15)
        let starts = slots.compactMap { $0["startsAt"]?.stringValue }
        // Today 10:00 has begun; 30 November is a holiday; 7 December has all four.
        #expect(starts == [
            "2026-11-23T09:30:00.000Z", "2026-11-23T10:00:00.000Z", "2026-11-23T10:30:00.000Z",
            "2026-12-07T09:00:00.000Z", "2026-12-07T09:30:00.000Z", "2026-12-07T10:00:00.000Z", "2026-12-07T10:30:00.000Z",
        ])
    }

    @Test func bookingWithoutAccountConfirmsByMailWithAManageLink() throws {
        let fixture = try LearningSitesFixture()
        defer { fixture.stop() }
        let site = try Self.siteWithHours(fixture)
        let slot = try #require(try fixture.freeSlots(site).first?.slotID)

        let booked = try fixture.book(slot)
        #expect(booked.status == 201, "\(booked.text)")
        let answer = try booked.json()
        #expect(answer["consultation"]?["state"]?.stringValue == "confirmed")
        #expect(answer["consultation"]?["name"] == nil, "the public answer carries no personal data")

        let mail = try #require(try fixture.server.mail(to: "amina@example.org").first)
        #expect(mail.subject.contains("Lernort Hansaviertel"))
        let link = try #require(mail.text.split(separator: "\n").first { $0.contains("/consultations/manage?token=") })
        let token = try #require(link.split(separator: "=").last.map(String.init))
        #expect(token == answer["manageToken"]?.stringValue)
        #expect(mail.attachments.first?.contentType.hasPrefix("text/calendar") == true)

        let managed = try fixture.send(.get, LearningSitesFixture.api + "/consultations/manage?token=\(token)").json()
        #expect(managed["consultation"]?["slot"]?.integerValue == slot)
        #expect(try fixture.freeSlots(site).first?.slotID != slot)

        // The slot is taken now.
        let second = try fixture.book(slot, LearningSitesFixture.booking(name: "Oleg", email: "oleg@example.org"))
        #expect(second.status == 409)
        #expect(try second.json()["error"]?["field"]?.stringValue == "slot")
        #expect(try fixture.server.mail(to: "oleg@example.org").isEmpty)
    }

    @Test(arguments: [
        (LearningSitesFixture.booking(email: nil), "email"),
        (LearningSitesFixture.booking(email: "no address"), "email"),
        (LearningSitesFixture.booking(topic: "health"), "topic"),
        (LearningSitesFixture.booking(language: "ar"), "language"),
        (LearningSitesFixture.booking(name: "  "), "name"),
    ])
    func badBookingsAreRefusedNamingTheField(body: JSONValue, field: String) throws {
        let fixture = try LearningSitesFixture()
        defer { fixture.stop() }
        let site = try Self.siteWithHours(fixture)
        let slot = try #require(try fixture.freeSlots(site).first?.slotID)
        let response = try fixture.book(slot, body)
        #expect(response.status == 422, "\(response.text)")
        #expect(try response.json()["error"]?["field"]?.stringValue == field)
        #expect(try fixture.freeSlots(site).first?.slotID == slot)
    }

    @Test func bookingsInThePastAndManageLinksAfterTheSlotAreRefused() throws {
        let fixture = try LearningSitesFixture()
        defer { fixture.stop() }
        let site = try Self.siteWithHours(fixture)
        let slots = try fixture.freeSlots(site).compactMap(\.slotID)
        let booked = try fixture.book(slots[0]).json()
        let token = try #require(booked["manageToken"]?.stringValue)

        // 10:45: the 10:30 slot has begun; the 11:00 one is still open.
        fixture.clock.advance(by: 45 * 60)
        let late = try fixture.book(slots[0])
        #expect(late.status == 409)
        let begun = try fixture.book(slots[1], LearningSitesFixture.booking(name: "Oleg", email: "oleg@example.org"))
        #expect(begun.status == 201)
        let cancel = try fixture.send(.post, LearningSitesFixture.api + "/consultations/manage/cancel", ["token": .string(token)])
        #expect(cancel.status == 409)
        let state = try fixture.send(.get, LearningSitesFixture.api + "/consultations/manage?token=\(token)").json()
        #expect(state["consultation"]?["state"]?.stringValue == "confirmed")

        // Thirty-one days after the slot the link has expired.
        fixture.clock.advance(by: 31 * 86_400)
        #expect(try fixture.send(.get, LearningSitesFixture.api + "/consultations/manage?token=\(token)").status == 410)
        #expect(try fixture.send(.get, LearningSitesFixture.api + "/consultations/manage?token=forged").status == 400)
    }

    @Test func aSingleSlotIsBookedOnceUnderConcurrency() throws {
        let fixture = try LearningSitesFixture(workers: 16)
        defer { fixture.stop() }
        let site = try Self.siteWithHours(fixture)
        let slot = try #require(try fixture.freeSlots(site).first?.slotID)

        let people = 40
        let statuses = Mutex<[Int]>([])
        let ready = DispatchSemaphore(value: 0)
        let start = DispatchSemaphore(value: 0)
        let done = DispatchGroup()
        let port = fixture.server.port
        for person in 0..<people {
            done.enter()
            Thread.detachNewThread {
                defer { done.leave() }
                let client = TestClient(port: port, timeout: 120)
                let body = String(decoding: LearningSitesFixture.booking(name: "Person \(person)", email: "p\(person)@example.org").encoded(), as: UTF8.self)
                _ = try? client.write([])
                ready.signal()
                start.wait()
                let status = (try? client.sendJSON(.post, LearningSitesFixture.api + "/slots/\(slot)/bookings", body).status) ?? 0
                statuses.withLock { $0.append(status) }
                client.close()
            }
        }
        for _ in 0..<people { ready.wait() }
        for _ in 0..<people { start.signal() }
        done.wait()

        let answers = statuses.withLock { $0 }
        #expect(answers.count == people)
        #expect(answers.filter { $0 == 201 }.count == 1)
        #expect(answers.filter { $0 == 409 }.count == people - 1)
        let stored = try fixture.server.storage.read(.region("demo")) { db in
            (try db.scalar(Int.self, "SELECT COUNT(*) FROM learning_sites_consultations WHERE region = \("demo")"),
             try db.scalar(Int.self, "SELECT COUNT(*) FROM kernel_bookings WHERE region = \("demo") AND state = 'confirmed'"))
        }
        #expect(stored.0 == 1)
        #expect(stored.1 == 1)
    }

    @Test func peerHelpersLanguagesDecideWhichSlotsAReaderAskingForALanguageSees() throws {
        let fixture = try LearningSitesFixture()
        defer { fixture.stop() }
        let site = try Self.siteWithHours(fixture, languages: ["de"])
        #expect(try fixture.freeSlots(site, language: "ar").isEmpty)
        #expect(try fixture.send(.get, LearningSitesFixture.api + "?language=ar").json()["total"]?.integerValue == 0)

        let helper = try fixture.send(.post, LearningSitesFixture.api + "/admin/sites/\(site)/helpers",
                                      ["displayName": "Samira", "languages": ["ar", "fa"]], as: fixture.staffA)
        #expect(helper.status == 201, "\(helper.text)")
        let details = try helper.json()
        let hoursID = try #require(details["consultationHours"]?.arrayValue?.first?["id"]?.integerValue)
        let samira = try #require(try fixture.server.storage.read(.region("demo")) { db in
            try db.scalar(Int64.self, "SELECT id FROM learning_sites_helpers WHERE region = \("demo") AND display_name = 'Samira'")
        })
        var hours = LearningSitesFixture.consultationHours(languages: ["de"]).objectValue ?? [:]
        hours["helpers"] = [.integer(samira)]
        let assigned = try fixture.send(.put, LearningSitesFixture.api + "/admin/sites/\(site)/consultation-hours/\(hoursID)", .object(hours), as: fixture.staffA)
        #expect(assigned.status == 200, "\(assigned.text)")

        #expect(try fixture.freeSlots(site, language: "ar").count == 7)
        let found = try fixture.send(.get, LearningSitesFixture.api + "?language=ar").json()
        #expect(found["items"]?.arrayValue?.first?["id"]?.integerValue == site)
        // And the booking form accepts Arabic now.
        let slot = try #require(try fixture.freeSlots(site, language: "ar").first?.slotID)
        #expect(try fixture.book(slot, LearningSitesFixture.booking(language: "ar")).status == 201)
    }
}
