import Foundation
import Kernel
import Testing
import TeilhabeTesting

/// Attendance per session of a series and changes to the booking person, on a real server.
@Suite struct BookingSessionTests {
    @Test func attendanceIsRecordedPerSessionForConfirmedBookingsOnly() throws {
        let server = try TestServer(modules: [])
        defer { server.stop() }
        let ledger = server.application.services.bookings
        let monday = Date(timeIntervalSince1970: 1_790_000_000)
        let tuesday = monday.addingTimeInterval(86_400)
        let (course, ada, ben) = try server.storage.write(.region("demo")) { db in
            let course = try ledger.createBookable(NewBookable(owner: "workshops", reference: "workshop:1", title: "Kurs", capacity: 1), in: db)
            let ada = try ledger.book(course.id, for: BookingPerson(name: "Ada", email: "ada@example.org"), in: db)
            let ben = try ledger.book(course.id, for: BookingPerson(name: "Ben"), in: db)
            return (course, ada, ben)
        }
        try server.storage.write(.region("demo")) { db in
            try ledger.checkIn(ada.id, session: monday, in: db)
            try ledger.markNoShow(ada.id, session: tuesday, in: db)
            // A second check-in of the same session changes the record, it does not add one.
            try ledger.checkIn(ada.id, session: tuesday, in: db)
        }
        #expect(throws: BookingError.notConfirmed(ben.id, .waitlisted)) {
            try server.storage.write(.region("demo")) { db in try ledger.checkIn(ben.id, session: monday, in: db) }
        }
        let all = try server.storage.read(.region("demo")) { try ledger.sessionAttendance(of: course.id, in: $0) }
        #expect(all.map(\.attendance) == [.attended, .attended])
        #expect(all.map(\.sessionStart) == [monday, tuesday])

        try server.storage.write(.region("demo")) { db in try ledger.clearAttendance(ada.id, session: monday, in: db) }
        let mondayOnly = try server.storage.read(.region("demo")) { try ledger.sessionAttendance(of: course.id, session: monday, in: $0) }
        #expect(mondayOnly.isEmpty)
        // Another region does not see the course's sessions.
        let elsewhere = try server.storage.read(.region("other")) { try ledger.sessionAttendance(of: course.id, in: $0) }
        #expect(elsewhere.isEmpty)
    }

    @Test func thePersonsNameAndLanguageCanChangeButNotToNothing() throws {
        let server = try TestServer(modules: [])
        defer { server.stop() }
        let ledger = server.application.services.bookings
        let booking = try server.storage.write(.region("demo")) { db in
            let slot = try ledger.createBookable(NewBookable(owner: "workshops", reference: "workshop:2", title: "Kurs", capacity: 3), in: db)
            return try ledger.book(slot.id, for: BookingPerson(name: "Adaa", email: "ada@example.org", language: "de"), in: db)
        }
        let changed = try server.storage.write(.region("demo")) { db in
            try ledger.changePerson(booking.id, name: "  Ada Lovelace ", language: "en", in: db)
        }
        #expect(changed.name == "Ada Lovelace")
        #expect(changed.language == "en")
        #expect(changed.email == "ada@example.org")
        #expect(throws: BookingError.invalid(field: "name", message: "is required")) {
            try server.storage.write(.region("demo")) { db in try ledger.changePerson(booking.id, name: " ", language: nil, in: db) }
        }
    }
}
