import Foundation

/// Books places: confirmed while there are free places, waitlisted in arrival order after
/// that; a cancellation gives the freed place to the first waitlisted booking, announces it
/// (`kernel.booking-promoted`) and mails that person, all in the caller's transaction.
///
/// No overbooking under concurrency: a place is taken with one conditional update
/// (`confirmed = confirmed + 1 WHERE confirmed < capacity`), atomic on every backend, and
/// the table refuses `confirmed > capacity` as a last guard. On SQLite the single writer
/// serialises bookings in arrival order; on PostgreSQL the update locks the bookable's row.
///
/// Every operation works in the transaction's region: a booking of another region is "not
/// found". Capacity can be raised (waitlisted bookings move up) or lowered down to the
/// number of confirmed bookings, never below: cancelling people is a person's decision.
public struct BookingLedger: Sendable {
    let services: KernelServices

    /// The purpose of manage-link tokens.
    public static let managePurpose = "kernel.manage-booking"

    /// Builds the mail that tells a person their waitlisted booking got a place; nil sends
    /// none. `manageURL` is the signed link to view or cancel the booking.
    public typealias PromotionNotice = @Sendable (_ booking: Booking, _ bookable: Bookable, _ manageURL: String) -> MailMessage?

    // MARK: - Bookables

    /// Creates a bookable in the transaction's region.
    @discardableResult
    public func createBookable(_ new: NewBookable, in db: any DatabaseTransaction) throws -> Bookable {
        guard let region = db.scope.region else { throw BookingError.needsRegion }
        guard !new.title.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw BookingError.invalid(field: "title", message: "must not be empty")
        }
        guard (0...100_000).contains(new.capacity) else {
            throw BookingError.invalid(field: "capacity", message: "must be from 0 to 100000, found \(new.capacity)")
        }
        let now = services.clock.now()
        let id = try db.query("""
            INSERT INTO kernel_bookables (region, owner, reference, title, capacity, confirmed, open_booking, starts_at, ends_at, created_at)
            VALUES (\(region), \(new.owner), \(new.reference), \(new.title), \(new.capacity), 0, \(new.openBooking),
                    \(new.startsAt), \(new.endsAt), \(now))
            RETURNING id
            """).first.map { try $0.get("id", as: Int64.self) }
        guard let id, let bookable = try bookable(id, in: db) else { throw BookingError.needsRegion }
        return bookable
    }

    public func bookable(_ id: Int64, in db: any DatabaseConnection) throws -> Bookable? {
        try db.query("\(Self.bookableColumns) WHERE id = \(id)\(regionFilter(db))").first.map(Self.bookable)
    }

    /// Several bookables by id, in one query (for lists); ids not found here are left out.
    public func bookables(_ ids: [Int64], in db: any DatabaseConnection) throws -> [Int64: Bookable] {
        guard !ids.isEmpty else { return [:] }
        let rows = try db.query("\(Self.bookableColumns) WHERE id IN (\(list: ids))\(regionFilter(db))").map(Self.bookable)
        return Dictionary(rows.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public func bookable(owner: String, reference: String, in db: any DatabaseConnection) throws -> Bookable? {
        try db.query("\(Self.bookableColumns) WHERE owner = \(owner) AND reference = \(reference)\(regionFilter(db))").first.map(Self.bookable)
    }

    // MARK: - Booking

    /// Books a place, or a place on the waiting list when all are taken. With
    /// `requireOpen`, only bookables open for booking by anyone are accepted. Without
    /// `waitlist` (a consultation slot has no waiting list), a full bookable throws
    /// `BookingError.full` and nothing is written.
    @discardableResult
    public func book(
        _ bookableID: Int64, for person: BookingPerson, requireOpen: Bool = false, waitlist: Bool = true,
        in db: any DatabaseTransaction
    ) throws -> Booking {
        try Self.validate(person)
        guard let bookable = try bookable(bookableID, in: db) else { throw BookingError.bookableNotFound(bookableID) }
        if requireOpen && !bookable.openBooking { throw BookingError.notOpenForBooking(bookableID) }
        let now = services.clock.now()
        let placed = try db.execute("""
            UPDATE kernel_bookables SET confirmed = confirmed + 1 WHERE id = \(bookableID) AND confirmed < capacity
            """)
        if placed == 0 && !waitlist { throw BookingError.full(bookableID) }
        let state: Booking.State = placed == 1 ? .confirmed : .waitlisted
        let name = person.name.trimmingCharacters(in: .whitespacesAndNewlines)
        let email = person.email?.trimmingCharacters(in: .whitespaces).lowercased()
        guard let id = try db.query("""
            INSERT INTO kernel_bookings (region, bookable_id, state, name, email, language, account_id, created_at, updated_at)
            VALUES (\(bookable.region), \(bookableID), \(state.rawValue), \(name), \(email), \(person.language), \(person.accountID), \(now), \(now))
            RETURNING id
            """).first.map({ try $0.get("id", as: Int64.self) }), let booking = try booking(id, in: db) else {
            throw BookingError.bookableNotFound(bookableID)
        }
        try services.events.publish(
            BookingCreated(booking: id, bookable: bookableID, owner: bookable.owner, reference: bookable.reference, state: state),
            region: bookable.region, after: db)
        return booking
    }

    public func booking(_ id: Int64, in db: any DatabaseConnection) throws -> Booking? {
        guard var booking = try db.query("\(Self.bookingColumns) WHERE id = \(id)\(regionFilter(db))").first.map(Self.booking) else {
            return nil
        }
        if booking.state == .waitlisted {
            let ahead = try db.scalar(Int.self, """
                SELECT COUNT(*) FROM kernel_bookings
                WHERE bookable_id = \(booking.bookableID) AND state = 'waitlisted' AND id < \(id)\(regionFilter(db))
                """) ?? 0
            booking.waitlistPosition = ahead + 1
        }
        return booking
    }

    /// Every booking of a bookable in arrival order, waitlisted ones with their position.
    public func bookings(of bookableID: Int64, in db: any DatabaseConnection) throws -> [Booking] {
        var position = 0
        return try db.query("\(Self.bookingColumns) WHERE bookable_id = \(bookableID)\(regionFilter(db)) ORDER BY id").map { row in
            var booking = try Self.booking(row)
            if booking.state == .waitlisted {
                position += 1
                booking.waitlistPosition = position
            }
            return booking
        }
    }

    /// Cancels a confirmed booking (its place goes to the first waitlisted booking) or takes
    /// a waitlisted one off the list.
    @discardableResult
    public func cancel(_ bookingID: Int64, notice: PromotionNotice? = nil, in db: any DatabaseTransaction) throws -> Cancellation {
        guard let booking = try booking(bookingID, in: db), let bookable = try bookable(booking.bookableID, in: db) else {
            throw BookingError.bookingNotFound(bookingID)
        }
        let now = services.clock.now()
        switch booking.state {
        case .cancelled, .left:
            throw BookingError.alreadyWithdrawn(bookingID, booking.state)
        case .waitlisted:
            try db.execute("UPDATE kernel_bookings SET state = 'left', updated_at = \(now) WHERE id = \(bookingID) AND state = 'waitlisted'")
        case .confirmed:
            // Touching the bookable's row first serialises concurrent cancellations of it.
            try db.execute("UPDATE kernel_bookables SET confirmed = confirmed - 1 WHERE id = \(bookable.id) AND confirmed > 0")
            try db.execute("UPDATE kernel_bookings SET state = 'cancelled', updated_at = \(now) WHERE id = \(bookingID) AND state = 'confirmed'")
        }
        let withdrawn = booking.state == .confirmed ? Booking.State.cancelled : .left
        try services.events.publish(
            BookingCancelled(booking: bookingID, bookable: bookable.id, owner: bookable.owner, reference: bookable.reference, state: withdrawn),
            region: bookable.region, after: db)
        let promoted = booking.state == .confirmed ? try promote(in: bookable, places: 1, notice: notice, db: db).first : nil
        guard let updated = try self.booking(bookingID, in: db) else { throw BookingError.bookingNotFound(bookingID) }
        return Cancellation(booking: updated, promoted: promoted)
    }

    /// Takes a waitlisted booking off the list; refuses a confirmed one (use `cancel`).
    @discardableResult
    public func leaveWaitlist(_ bookingID: Int64, in db: any DatabaseTransaction) throws -> Booking {
        guard let booking = try booking(bookingID, in: db) else { throw BookingError.bookingNotFound(bookingID) }
        guard booking.state == .waitlisted else {
            throw booking.state == .confirmed ? BookingError.invalid(field: "booking", message: "booking \(bookingID) has a place; cancel it instead")
                : BookingError.alreadyWithdrawn(bookingID, booking.state)
        }
        return try cancel(bookingID, in: db).booking
    }

    /// Records that the person came.
    @discardableResult
    public func checkIn(_ bookingID: Int64, in db: any DatabaseTransaction) throws -> Booking {
        try setAttendance(.attended, of: bookingID, in: db)
    }

    /// Records that the person did not come.
    @discardableResult
    public func markNoShow(_ bookingID: Int64, in db: any DatabaseTransaction) throws -> Booking {
        try setAttendance(.noShow, of: bookingID, in: db)
    }

    private func setAttendance(_ attendance: Booking.Attendance, of bookingID: Int64, in db: any DatabaseTransaction) throws -> Booking {
        guard let booking = try booking(bookingID, in: db) else { throw BookingError.bookingNotFound(bookingID) }
        guard booking.state == .confirmed else { throw BookingError.notConfirmed(bookingID, booking.state) }
        try db.execute("""
            UPDATE kernel_bookings SET attendance = \(attendance.rawValue), updated_at = \(services.clock.now()) WHERE id = \(bookingID)
            """)
        return try self.booking(bookingID, in: db) ?? booking
    }

    /// Forgets who booked (name `-`, no e-mail address, language or account) while the
    /// booking keeps its state and attendance, so counts stay right: for retention periods
    /// and erasure.
    @discardableResult
    public func anonymise(_ bookingID: Int64, in db: any DatabaseTransaction) throws -> Booking {
        guard let region = db.scope.region else { throw BookingError.needsRegion }
        guard try db.execute("""
            UPDATE kernel_bookings SET name = '-', email = NULL, language = NULL, account_id = NULL, updated_at = \(services.clock.now())
            WHERE region = \(region) AND id = \(bookingID)
            """) == 1, let booking = try booking(bookingID, in: db) else {
            throw BookingError.bookingNotFound(bookingID)
        }
        return booking
    }

    /// Changes the number of places. Raising it confirms waitlisted bookings in order
    /// (returned, each notified); lowering it below the confirmed bookings is refused.
    @discardableResult
    public func changeCapacity(
        of bookableID: Int64, to capacity: Int, notice: PromotionNotice? = nil, in db: any DatabaseTransaction
    ) throws -> [Booking] {
        guard let bookable = try bookable(bookableID, in: db) else { throw BookingError.bookableNotFound(bookableID) }
        guard (0...100_000).contains(capacity) else {
            throw BookingError.invalid(field: "capacity", message: "must be from 0 to 100000, found \(capacity)")
        }
        let changed = try db.execute("""
            UPDATE kernel_bookables SET capacity = \(capacity) WHERE id = \(bookableID) AND confirmed <= \(capacity)
            """)
        guard changed == 1 else {
            let confirmed = try self.bookable(bookableID, in: db)?.confirmed ?? bookable.confirmed
            throw BookingError.capacityBelowConfirmed(capacity: capacity, confirmed: confirmed)
        }
        guard let updated = try self.bookable(bookableID, in: db) else { return [] }
        return try promote(in: updated, places: updated.freePlaces, notice: notice, db: db)
    }

    /// Confirms up to `places` waitlisted bookings in arrival order.
    private func promote(in bookable: Bookable, places: Int, notice: PromotionNotice?, db: any DatabaseTransaction) throws -> [Booking] {
        var promoted: [Booking] = []
        let now = services.clock.now()
        for _ in 0..<max(0, places) {
            guard let next = try db.scalar(Int64.self, """
                SELECT id FROM kernel_bookings
                WHERE bookable_id = \(bookable.id) AND state = 'waitlisted'\(regionFilter(db)) ORDER BY id LIMIT 1
                """) else { break }
            let placed = try db.execute("""
                UPDATE kernel_bookables SET confirmed = confirmed + 1 WHERE id = \(bookable.id) AND confirmed < capacity
                """)
            guard placed == 1 else { break }
            try db.execute("UPDATE kernel_bookings SET state = 'confirmed', updated_at = \(now) WHERE id = \(next) AND state = 'waitlisted'")
            guard let booking = try booking(next, in: db) else { continue }
            try services.events.publish(
                BookingPromoted(booking: next, bookable: bookable.id, owner: bookable.owner, reference: bookable.reference),
                region: bookable.region, after: db)
            if booking.email != nil {
                let message = (notice ?? BookingNotices.promoted)(booking, bookable, manageURL(for: booking, of: bookable))
                if let message { try services.mail.enqueue(message, in: db) }
            }
            promoted.append(booking)
        }
        return promoted
    }

    // MARK: - Manage links

    /// A signed link token that lets the person view and cancel this booking without an
    /// account; valid until 30 days after the bookable ends (a year without an end).
    public func manageToken(for booking: Booking, of bookable: Bookable) -> String {
        let expires = bookable.endsAt?.addingTimeInterval(30 * 86_400) ?? services.clock.now().addingTimeInterval(365 * 86_400)
        return services.tokens.sign(purpose: Self.managePurpose, subject: "\(booking.region):\(booking.id)", expires: expires)
    }

    /// The page where the person manages the booking, in their language.
    public func manageURL(for booking: Booking, of bookable: Bookable) -> String {
        let region = services.regions[booking.region]
        let language = booking.language.flatMap { region?.speaks($0) == true ? $0 : nil } ?? region?.defaultLanguage ?? "de"
        let token = manageToken(for: booking, of: bookable)
        return "\(services.server.publicURL)/\(booking.region)/\(language)/bookings/manage?token=\(token)"
    }

    /// The booking a manage token names, in the transaction's region.
    public func booking(forManageToken token: String, in db: any DatabaseConnection) throws -> Booking {
        let subject = try services.tokens.verify(token, purpose: Self.managePurpose, now: services.clock.now())
        let parts = subject.split(separator: ":")
        guard parts.count == 2, let id = Int64(parts[1]), db.scope.region.map({ $0 == parts[0] }) ?? true,
              let booking = try booking(id, in: db) else {
            throw SignedTokenError.malformed
        }
        return booking
    }

    // MARK: - Rows

    private func regionFilter(_ db: any DatabaseConnection) -> SQL {
        db.scope.region.map { " AND region = \($0)" } ?? ""
    }

    static let bookableColumns: SQL = """
        SELECT id, region, owner, reference, title, capacity, confirmed, open_booking, starts_at, ends_at FROM kernel_bookables
        """

    static func bookable(_ row: Row) throws -> Bookable {
        Bookable(
            id: try row.get("id"), region: try row.get("region"), owner: try row.get("owner"), reference: try row.get("reference"),
            title: try row.get("title"), capacity: try row.get("capacity"), confirmed: try row.get("confirmed"),
            openBooking: try row.get("open_booking"), startsAt: try row.get("starts_at"), endsAt: try row.get("ends_at"))
    }

    static let bookingColumns: SQL = """
        SELECT id, region, bookable_id, state, attendance, name, email, language, account_id, created_at FROM kernel_bookings
        """

    static func booking(_ row: Row) throws -> Booking {
        try Booking(row: row)
    }

    static func validate(_ person: BookingPerson) throws(BookingError) {
        let name = person.name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else { throw .invalid(field: "name", message: "is required") }
        guard name.count <= 200 else { throw .invalid(field: "name", message: "must be at most 200 characters") }
        if let email = person.email?.trimmingCharacters(in: .whitespaces), let problem = MailAddress.problem(with: email) {
            throw .invalid(field: "email", message: problem)
        }
    }
}

extension KernelServices {
    /// Places, waiting lists and attendance of bookable things.
    public var bookings: BookingLedger { BookingLedger(services: self) }
}
