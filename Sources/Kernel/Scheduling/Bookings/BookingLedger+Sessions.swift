import Foundation

/// Who came to one session of a series: a booking of a ten-week course is made once, and
/// attendance is recorded per session (identified by its start).
public struct SessionAttendance: Sendable, Hashable, Codable {
    public var bookingID: Int64
    public var sessionStart: Date
    public var attendance: Booking.Attendance
}

extension BookingLedger {
    /// Records that the person came to the session starting at `session`.
    @discardableResult
    public func checkIn(_ bookingID: Int64, session: Date, in db: any DatabaseTransaction) throws -> SessionAttendance {
        try setAttendance(.attended, of: bookingID, session: session, in: db)
    }

    /// Records that the person did not come to the session starting at `session`.
    @discardableResult
    public func markNoShow(_ bookingID: Int64, session: Date, in db: any DatabaseTransaction) throws -> SessionAttendance {
        try setAttendance(.noShow, of: bookingID, session: session, in: db)
    }

    /// Forgets what was recorded for the session (a check-in by mistake).
    public func clearAttendance(_ bookingID: Int64, session: Date, in db: any DatabaseTransaction) throws {
        guard let region = db.scope.region else { throw BookingError.needsRegion }
        try db.execute("""
            DELETE FROM kernel_booking_sessions WHERE region = \(region) AND booking_id = \(bookingID) AND session_start = \(session)
            """)
    }

    /// Attendance recorded for the bookable's sessions, optionally for one session, in
    /// booking order.
    public func sessionAttendance(of bookableID: Int64, session: Date? = nil, in db: any DatabaseConnection) throws -> [SessionAttendance] {
        guard let region = db.scope.region else { throw BookingError.needsRegion }
        let filter: SQL = session.map { " AND session_start = \($0)" } ?? ""
        return try db.query("""
            SELECT booking_id, session_start, attendance FROM kernel_booking_sessions
            WHERE region = \(region) AND bookable_id = \(bookableID)\(filter) ORDER BY session_start, booking_id
            """).map { row in
            SessionAttendance(
                bookingID: try row.get("booking_id"), sessionStart: try row.get("session_start"),
                attendance: Booking.Attendance(rawValue: try row.get("attendance")) ?? .noShow)
        }
    }

    /// Changes the name and language a booking was made under (a typo, another language for
    /// mails); the address and account stay, as they identify the person.
    @discardableResult
    public func changePerson(_ bookingID: Int64, name: String, language: String?, in db: any DatabaseTransaction) throws -> Booking {
        guard let region = db.scope.region else { throw BookingError.needsRegion }
        try Self.validate(BookingPerson(name: name, language: language))
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard try db.execute("""
            UPDATE kernel_bookings SET name = \(trimmed), language = \(language), updated_at = \(services.clock.now())
            WHERE region = \(region) AND id = \(bookingID)
            """) == 1, let booking = try booking(bookingID, in: db) else {
            throw BookingError.bookingNotFound(bookingID)
        }
        return booking
    }

    private func setAttendance(
        _ attendance: Booking.Attendance, of bookingID: Int64, session: Date, in db: any DatabaseTransaction
    ) throws -> SessionAttendance {
        guard let region = db.scope.region else { throw BookingError.needsRegion }
        guard let booking = try booking(bookingID, in: db) else { throw BookingError.bookingNotFound(bookingID) }
        guard booking.state == .confirmed else { throw BookingError.notConfirmed(bookingID, booking.state) }
        try db.execute("""
            INSERT INTO kernel_booking_sessions (region, booking_id, bookable_id, session_start, attendance, recorded_at)
            VALUES (\(region), \(bookingID), \(booking.bookableID), \(session), \(attendance.rawValue), \(services.clock.now()))
            ON CONFLICT (booking_id, session_start) DO UPDATE SET attendance = excluded.attendance, recorded_at = excluded.recorded_at
            """)
        return SessionAttendance(bookingID: bookingID, sessionStart: session, attendance: attendance)
    }
}
