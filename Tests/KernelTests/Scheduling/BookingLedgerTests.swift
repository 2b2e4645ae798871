import Foundation
import HTTP
import Kernel
import Synchronization
import Testing
import TeilhabeTesting

/// A module that records the booking events it hears in its own table.
struct BookingWatcherModule: Module {
    static let manifest = ModuleManifest(
        id: "watcher", version: "1.0.0", kernel: "0.1.0"..<"0.2.0",
        migrations: [Migration("001-heard", sql: "CREATE TABLE watcher_heard (id INTEGER PRIMARY KEY, event TEXT NOT NULL, booking INTEGER NOT NULL)")],
        subscriptions: [BookingCreated.name, BookingCancelled.name, BookingPromoted.name].map { name in
            EventSubscription(to: name) { event, context in
                let booking = event.payload["booking"]?.integerValue ?? 0
                try context.services.storage.write(.global) { db in
                    _ = try db.execute("INSERT INTO watcher_heard (event, booking) VALUES (\(event.name), \(booking))")
                }
            }
        })
}

/// A clock a test moves forward.
final class MovableClock: TimeSource {
    private let current = Mutex(Date())
    func now() -> Date { current.withLock { $0 } }
    func advance(by seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

@Suite struct BookingLedgerTests {
    func makeServer(clock: any TimeSource = SystemTime()) throws -> TestServer {
        try TestServer(modules: [BookingWatcherModule.self], server: ["jobs": fastJobs], clock: clock)
    }

    /// A bookable in region demo.
    func slot(_ server: TestServer, capacity: Int, open: Bool = true) throws -> Bookable {
        try server.storage.write(.region("demo")) { db in
            try server.application.services.bookings.createBookable(
                NewBookable(owner: "learning-sites", reference: "slot:\(UUID().uuidString)", title: "Sprechstunde Bewerbung",
                            capacity: capacity, openBooking: open, startsAt: Date().addingTimeInterval(86_400),
                            endsAt: Date().addingTimeInterval(90_000)), in: db)
        }
    }

    func book(_ server: TestServer, _ bookable: Bookable, _ name: String, email: String? = nil, language: String? = "de") throws -> Booking {
        try server.storage.write(.region("demo")) { db in
            try server.application.services.bookings.book(bookable.id, for: BookingPerson(name: name, email: email, language: language), in: db)
        }
    }

    func ledger(_ server: TestServer) -> BookingLedger { server.application.services.bookings }

    @Test func placesAreConfirmedThenWaitlistedInArrivalOrder() throws {
        let server = try makeServer()
        defer { server.stop() }
        let bookable = try slot(server, capacity: 2)
        let bookings = try ["Ada", "Bülent", "Chiara", "Dmytro"].map { try book(server, bookable, $0) }
        #expect(bookings.map(\.state) == [.confirmed, .confirmed, .waitlisted, .waitlisted])
        #expect(bookings.map(\.waitlistPosition) == [nil, nil, 1, 2])
        let stored = try server.storage.read(.region("demo")) { try ledger(server).bookable(bookable.id, in: $0) }
        #expect(stored?.confirmed == 2)
        #expect(stored?.freePlaces == 0)

        // Several at once, for lists, with their counts; unknown ids are left out.
        let other = try slot(server, capacity: 5)
        let both = try server.storage.read(.region("demo")) { try ledger(server).bookables([bookable.id, other.id, 999_999], in: $0) }
        #expect(Set(both.keys) == [bookable.id, other.id])
        #expect(both[bookable.id]?.confirmed == 2)
        #expect(both[other.id]?.freePlaces == 5)
    }

    @Test func bookablesOfAnotherRegionAreNotReadByID() throws {
        let ids = [BookingWatcherModule.manifest.id]
        let server = try TestServer(
            modules: [BookingWatcherModule.self],
            regions: ["demo": TestServer.demoRegion(enabling: ids), "other": TestServer.demoRegion(id: "other", enabling: ids)],
            server: ["jobs": fastJobs])
        defer { server.stop() }
        let here = try slot(server, capacity: 3)
        let there = try server.storage.write(.region("other")) { db in
            try server.application.services.bookings.createBookable(
                NewBookable(owner: "learning-sites", reference: "slot:elsewhere", title: "Anderswo", capacity: 3), in: db)
        }
        let read = try server.storage.read(.region("demo")) { try ledger(server).bookables([here.id, there.id], in: $0) }
        #expect(Set(read.keys) == [here.id])
        #expect(try server.storage.read(.region("other")) { try ledger(server).bookables([here.id, there.id], in: $0) }.keys.sorted() == [there.id])
    }

    @Test func cancellingPromotesTheFirstWaitlistedAndMailsThemInTheSameTransaction() throws {
        let server = try makeServer()
        defer { server.stop() }
        let bookable = try slot(server, capacity: 1)
        let first = try book(server, bookable, "Ada")
        let second = try book(server, bookable, "Bülent Yılmaz", email: "buelent@example.org")
        let third = try book(server, bookable, "Chiara", email: "chiara@example.org", language: "en")

        // A cancellation that rolls back changes nothing and sends nothing.
        struct Refused: Error {}
        #expect(throws: Refused.self) {
            try server.storage.write(.region("demo")) { db in
                try ledger(server).cancel(first.id, in: db)
                throw Refused()
            }
        }
        #expect(try server.storage.read { try Outbox.entries(region: nil, limit: 10, in: $0) }.isEmpty)

        let cancellation = try server.storage.write(.region("demo")) { db in try ledger(server).cancel(first.id, in: db) }
        #expect(cancellation.booking.state == .cancelled)
        #expect(cancellation.promoted?.id == second.id)
        #expect(cancellation.promoted?.state == .confirmed)
        let after = try server.storage.read(.region("demo")) { try ledger(server).bookings(of: bookable.id, in: $0) }
        #expect(after.map(\.state) == [.cancelled, .confirmed, .waitlisted])
        #expect(after.last?.waitlistPosition == 1)
        #expect(after.last?.id == third.id)

        // The promoted person gets a mail with a manage link that works.
        let mail = try #require(try server.storage.read { try Outbox.entries(region: "demo", limit: 10, in: $0) }.first)
        #expect(mail.recipient == "buelent@example.org")
        #expect(mail.subject == "Sie haben einen Platz: Sprechstunde Bewerbung")
        let path = server.directory + "/data/mail/\(String(format: "%08lld", mail.id)).eml"
        #expect(eventually { FileManager.default.fileExists(atPath: path) })
        let text = try #require(try ReceivedMessage.parse(path)["text"]?.stringValue)
        let link = try #require(text.split(separator: "\n").first { $0.contains("/demo/de/bookings/manage?token=") })
        let pathAndQuery = String(link.dropFirst(server.application.services.server.publicURL.count))
        let page = try server.client().send(.get, pathAndQuery)
        #expect(page.status == 200)
        #expect(page.text.contains("data-state=\"confirmed\""))

        // Subscribers hear it all, after commit.
        #expect(eventually {
            let heard = (try? server.storage.read { db in
                try db.query("SELECT event, booking FROM watcher_heard ORDER BY id").map { "\(try $0.get("event", as: String.self)):\(try $0.get("booking", as: Int64.self))" }
            }) ?? []
            return heard.contains("kernel.booking-promoted:\(second.id)") && heard.contains("kernel.booking-cancelled:\(first.id)")
                && heard.filter { $0.hasPrefix("kernel.booking-created") }.count == 3
        })
    }

    @Test func leavingTheWaitlistAttendanceAndCapacity() throws {
        let server = try makeServer()
        defer { server.stop() }
        let bookable = try slot(server, capacity: 1)
        let ada = try book(server, bookable, "Ada")
        let bo = try book(server, bookable, "Bo", email: "bo@example.org")
        let cy = try book(server, bookable, "Cy")
        let di = try book(server, bookable, "Di")
        let (left, attended) = try server.storage.write(.region("demo")) { db in
            (try ledger(server).leaveWaitlist(cy.id, in: db), try ledger(server).checkIn(ada.id, in: db))
        }
        #expect(left.state == .left)
        #expect(attended.attendance == .attended)
        let write = { (body: (any DatabaseTransaction) throws -> Void) in try server.storage.write(.region("demo"), body) }
        #expect(throws: BookingError.alreadyWithdrawn(cy.id, .left)) { try write { try ledger(server).cancel(cy.id, in: $0) } }
        #expect(throws: BookingError.self) { try write { try ledger(server).leaveWaitlist(ada.id, in: $0) } }
        #expect(throws: BookingError.notConfirmed(bo.id, .waitlisted)) { try write { try ledger(server).markNoShow(bo.id, in: $0) } }
        // Raising the capacity confirms the waiting list in order; Cy left it.
        let promoted = try server.storage.write(.region("demo")) { db in try ledger(server).changeCapacity(of: bookable.id, to: 3, in: db) }
        #expect(promoted.map(\.id) == [bo.id, di.id])
        #expect(try server.storage.write(.region("demo")) { try ledger(server).markNoShow(di.id, in: $0) }.attendance == .noShow)
        #expect(throws: BookingError.capacityBelowConfirmed(capacity: 2, confirmed: 3)) {
            try write { try ledger(server).changeCapacity(of: bookable.id, to: 2, in: $0) }
        }
        #expect(try server.storage.read(.region("demo")) { try ledger(server).bookable(bookable.id, in: $0) }?.capacity == 3)
        #expect(BookingError.capacityBelowConfirmed(capacity: 2, confirmed: 3).description
            == "capacity 2 is below the 3 confirmed bookings; cancel bookings first or choose at least 3")
    }

    @Test func withoutAWaitingListAFullBookableRefusesAndWritesNothing() throws {
        let server = try makeServer()
        defer { server.stop() }
        let bookable = try slot(server, capacity: 1)
        let first = try server.storage.write(.region("demo")) { db in
            try ledger(server).book(bookable.id, for: BookingPerson(name: "Ada"), waitlist: false, in: db)
        }
        #expect(first.state == .confirmed)
        #expect(throws: BookingError.full(bookable.id)) {
            try server.storage.write(.region("demo")) { db in
                try ledger(server).book(bookable.id, for: BookingPerson(name: "Bo"), waitlist: false, in: db)
            }
        }
        let bookings = try server.storage.read(.region("demo")) { try ledger(server).bookings(of: bookable.id, in: $0) }
        #expect(bookings.map(\.name) == ["Ada"])
    }

    @Test func anonymisingKeepsStateAndAttendance() throws {
        let server = try makeServer()
        defer { server.stop() }
        let bookable = try slot(server, capacity: 2)
        let ada = try book(server, bookable, "Ada Lovelace", email: "ada@example.org")
        try server.storage.write(.region("demo")) { db in _ = try ledger(server).checkIn(ada.id, in: db) }
        let anonymous = try server.storage.write(.region("demo")) { db in try ledger(server).anonymise(ada.id, in: db) }
        #expect(anonymous.name == "-")
        #expect(anonymous.email == nil && anonymous.language == nil && anonymous.accountID == nil)
        #expect(anonymous.state == .confirmed && anonymous.attendance == .attended)
        #expect(try server.storage.read(.region("demo")) { try ledger(server).bookable(bookable.id, in: $0) }?.confirmed == 1)
        // Another region's transaction does not find it.
        #expect(throws: BookingError.bookingNotFound(ada.id)) {
            try server.storage.write(.region("elsewhere")) { db in try ledger(server).anonymise(ada.id, in: db) }
        }
    }

    @Test func anotherRegionCannotSeeOrTouchABooking() throws {
        let server = try TestServer(modules: [], regions: [
            "demo": TestServer.demoRegion(enabling: []), "north": TestServer.demoRegion(id: "north", enabling: []),
        ], server: ["jobs": fastJobs])
        defer { server.stop() }
        let bookable = try slot(server, capacity: 1)
        let booking = try book(server, bookable, "Ada")
        #expect(try server.storage.read(.region("north")) { try ledger(server).bookable(bookable.id, in: $0) } == nil)
        #expect(throws: BookingError.bookableNotFound(bookable.id)) {
            try server.storage.write(.region("north")) { try ledger(server).book(bookable.id, for: BookingPerson(name: "Eve"), in: $0) }
        }
        #expect(throws: BookingError.bookingNotFound(booking.id)) {
            try server.storage.write(.region("north")) { try ledger(server).cancel(booking.id, in: $0) }
        }
        let token = try server.storage.read(.region("demo")) { db in
            ledger(server).manageToken(for: booking, of: try #require(try ledger(server).bookable(bookable.id, in: db)))
        }
        #expect(try server.client().send(.get, "/api/v1/north/de/bookings/manage?token=\(token)").status == 400)
        #expect(try server.client().send(.get, "/api/v1/demo/de/bookings/manage?token=\(token)").status == 200)
    }

    @Test func bookingOverHTTPWithAManageLink() throws {
        let clock = MovableClock()
        let server = try makeServer(clock: clock)
        defer { server.stop() }
        let bookable = try slot(server, capacity: 1)
        let closed = try slot(server, capacity: 5, open: false)
        let client = server.client()
        let booked = try client.sendJSON(.post, "/api/v1/demo/en/bookables/\(bookable.id)/bookings", #"{"name": "Ada", "email": "ada@example.org"}"#)
        #expect(booked.status == 201)
        let json = try booked.json()
        #expect(json["booking"]?["state"]?.stringValue == "confirmed")
        #expect(json["booking"]?["language"]?.stringValue == "en")
        let token = try #require(json["manageToken"]?.stringValue)
        #expect(json["manageURL"]?.stringValue?.hasSuffix("/demo/en/bookings/manage?token=\(token)") == true)
        let waiting = try client.sendJSON(.post, "/api/v1/demo/en/bookables/\(bookable.id)/bookings", #"{"name": "Bo"}"#)
        #expect(try waiting.json()["booking"]?["waitlistPosition"]?.integerValue == 1)

        // Bad input names the field; a closed bookable does not exist to the public.
        let nameless = try client.sendJSON(.post, "/api/v1/demo/en/bookables/\(bookable.id)/bookings", #"{"name": " "}"#)
        #expect(nameless.status == 422)
        #expect(try nameless.json()["error"]?["field"]?.stringValue == "name")
        let badMail = try client.sendJSON(.post, "/api/v1/demo/en/bookables/\(bookable.id)/bookings", #"{"name": "X", "email": "x@"}"#)
        #expect(try badMail.json()["error"]?["field"]?.stringValue == "email")
        #expect(try client.sendJSON(.post, "/api/v1/demo/en/bookables/\(closed.id)/bookings", #"{"name": "X"}"#).status == 404)
        #expect(try client.sendJSON(.post, "/api/v1/demo/en/bookables/999999/bookings", #"{"name": "X"}"#).status == 404)

        // The link cancels; the waiting list moves up; a second cancel is a conflict.
        let shown = try client.send(.get, "/api/v1/demo/en/bookings/manage?token=\(token)")
        #expect(try shown.json()["booking"]?["state"]?.stringValue == "confirmed")
        let cancelled = try client.sendJSON(.post, "/api/v1/demo/en/bookings/manage/cancel", "{\"token\": \"\(token)\"}")
        #expect(try cancelled.json()["booking"]?["state"]?.stringValue == "cancelled")
        let bookings = try server.storage.read(.region("demo")) { try ledger(server).bookings(of: bookable.id, in: $0) }
        #expect(bookings.map(\.state) == [.cancelled, .confirmed])
        #expect(try client.sendJSON(.post, "/api/v1/demo/en/bookings/manage/cancel", "{\"token\": \"\(token)\"}").status == 409)

        // The page works without JavaScript: a form posts the token.
        let boToken = try server.storage.read(.region("demo")) { db in
            ledger(server).manageToken(for: bookings[1], of: try #require(try ledger(server).bookable(bookable.id, in: db)))
        }
        let page = try client.send(.get, "/demo/de/bookings/manage?token=\(boToken)")
        #expect(page.text.contains("Ihr Platz ist bestätigt."))
        var browser = TestSession()
        let csrf = try server.csrfToken(for: &browser)
        let posted = try client.sendForm("/demo/de/bookings/manage", [("token", boToken), ("_csrf", csrf)], headers: browser.headers)
        #expect(posted.status == 303)
        #expect(try client.send(.get, posted.headers["Location"] ?? "").text.contains("data-state=\"cancelled\""))

        // Tampered and expired links are refused with a reason.
        let tampered = try client.send(.get, "/api/v1/demo/en/bookings/manage?token=\(token.dropLast(2))xx")
        #expect(tampered.status == 400)
        #expect(try tampered.json()["error"]?["field"]?.stringValue == "token")
        clock.advance(by: 60 * 86_400)
        #expect(try client.send(.get, "/api/v1/demo/en/bookings/manage?token=\(token)").status == 410)
    }
}
