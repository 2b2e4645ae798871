import Foundation
import Kernel

/// Reading workshops and their registrations, always in the connection's region.
struct WorkshopStore {
    let services: KernelServices
    let region: Region

    init(_ services: KernelServices, region: Region) {
        self.services = services
        self.region = region
    }

    init(_ context: RequestContext) {
        self.init(context.services, region: context.region)
    }

    func workshop(_ id: Int64, in db: any DatabaseConnection) throws -> Workshop? {
        try db.query("\(Workshop.columns) WHERE region = \(region.id) AND id = \(id)").first.map { try Workshop.decode($0, zone: region.timeZone) }
    }

    /// The workshop or 404.
    func require(_ id: Int64, in db: any DatabaseConnection) throws -> Workshop {
        guard let workshop = try workshop(id, in: db) else { throw WorkshopError.notFound.httpError }
        return workshop
    }

    /// What the list of upcoming workshops can be narrowed to.
    struct Filter: Sendable, Equatable {
        var topic: Int64?
        var format: Workshop.Format?
        var language: String?
        var targetGroup: Workshop.TargetGroup?
        var programme: Int64?

        var sql: SQL {
            var sql: SQL = ""
            if let topic { sql = sql + " AND topic_id = \(topic)" }
            if let format { sql = sql + " AND format = \(format.rawValue)" }
            if let language { sql = sql + " AND languages LIKE \("%,\(language),%")" }
            if let targetGroup { sql = sql + " AND target_group = \(targetGroup.rawValue)" }
            if let programme { sql = sql + " AND programme_id = \(programme)" }
            return sql
        }
    }

    /// A position in the list by date (keyset pagination: stable while workshops are added).
    struct Position: Sendable, Hashable {
        var startsAt: Int64
        var id: Int64

        init(startsAt: Int64, id: Int64) {
            self.startsAt = startsAt
            self.id = id
        }

        init?(_ text: String) {
            let parts = text.split(separator: "-")
            guard parts.count == 2, let startsAt = Int64(parts[0]), let id = Int64(parts[1]) else { return nil }
            self.init(startsAt: startsAt, id: id)
        }

        init(_ workshop: Workshop) {
            self.init(startsAt: Int64((workshop.startsAt.timeIntervalSince1970 * 1000).rounded()), id: workshop.id)
        }

        var text: String { "\(startsAt)-\(id)" }
    }

    /// Published workshops that have not ended, by date; `limit + 1` are read to know whether
    /// there is a next page.
    ///
    /// The status list is the `workshops_upcoming` index's condition, word for word, so the
    /// database walks that index in date order. `+ends_at` keeps the planner (SQLite without
    /// statistics) from choosing the end-date index instead, which reads and sorts every
    /// planned workshop for each page.
    func upcoming(_ filter: Filter, after: Position?, limit: Int, now: Date, in db: any DatabaseConnection) throws -> (items: [Workshop], next: Position?) {
        var sql: SQL = """
            \(Workshop.columns) WHERE region = \(region.id) AND status IN ('open', 'closed', 'cancelled') AND +ends_at > \(now)
            """
        sql = sql + filter.sql
        if let after {
            sql = sql + " AND (starts_at > \(after.startsAt) OR (starts_at = \(after.startsAt) AND id > \(after.id)))"
        }
        sql = sql + " ORDER BY starts_at, id LIMIT \(limit + 1)"
        let rows = try db.query(sql).map { try Workshop.decode($0, zone: region.timeZone) }
        let items = Array(rows.prefix(limit))
        return (items, rows.count > limit ? items.last.map(Position.init) : nil)
    }

    /// Workshops that took place, newest first (the archive).
    func past(before: Position?, limit: Int, now: Date, in db: any DatabaseConnection) throws -> (items: [Workshop], next: Position?) {
        var sql: SQL = """
            \(Workshop.columns) WHERE region = \(region.id) AND status IN ('open', 'closed', 'held') AND ends_at <= \(now)
            """
        if let before {
            sql = sql + " AND (starts_at < \(before.startsAt) OR (starts_at = \(before.startsAt) AND id < \(before.id)))"
        }
        sql = sql + " ORDER BY starts_at DESC, id DESC LIMIT \(limit + 1)"
        let rows = try db.query(sql).map { try Workshop.decode($0, zone: region.timeZone) }
        let items = Array(rows.prefix(limit))
        return (items, rows.count > limit ? items.last.map(Position.init) : nil)
    }

    /// Every workshop of the region for coordinators, newest first, drafts included.
    func all(limit: Int, in db: any DatabaseConnection) throws -> [Workshop] {
        try db.query("\(Workshop.columns) WHERE region = \(region.id) ORDER BY starts_at DESC, id DESC LIMIT \(limit)")
            .map { try Workshop.decode($0, zone: region.timeZone) }
    }

    /// The workshops of a programme in agenda order.
    func agenda(of programme: Int64, publishedOnly: Bool, in db: any DatabaseConnection) throws -> [Workshop] {
        let status: SQL = publishedOnly ? " AND status <> 'draft'" : ""
        return try db.query("\(Workshop.columns) WHERE region = \(region.id) AND programme_id = \(programme)\(status) ORDER BY starts_at, id")
            .map { try Workshop.decode($0, zone: region.timeZone) }
    }

    // MARK: - Places and places' names

    /// The bookable of each workshop that has one, by workshop id, in one query.
    func bookables(of workshops: [Workshop], in db: any DatabaseConnection) throws -> [Int64: Bookable] {
        let bookables = try services.bookings.bookables(workshops.compactMap(\.bookableID), in: db)
        var result: [Int64: Bookable] = [:]
        for workshop in workshops {
            if let id = workshop.bookableID, let bookable = bookables[id] { result[workshop.id] = bookable }
        }
        return result
    }

    /// Where the workshop takes place, as one line: the place's name and address, or the free address.
    func location(of workshop: Workshop, languages: [String], in db: any DatabaseConnection) throws -> String? {
        try locations(of: [workshop], languages: languages, in: db)[workshop.id] ?? nil
    }

    /// Where each workshop takes place, by workshop id, reading their places in one query.
    func locations(of workshops: [Workshop], languages: [String], in db: any DatabaseConnection) throws -> [Int64: String?] {
        let places = try services.places.places(workshops.compactMap(\.placeID), in: db)
        var result: [Int64: String?] = [:]
        for workshop in workshops {
            if let placeID = workshop.placeID, let place = places[placeID] {
                result[workshop.id] = [place.name(for: languages), place.address?.singleLine].compactMap { $0 }.filter { !$0.isEmpty }
                    .joined(separator: ", ")
            } else {
                result[workshop.id] = workshop.address
            }
        }
        return result
    }

    // MARK: - Registrations

    /// Every registration of the workshop in booking order (confirmed and waitlisted first as
    /// they arrived, with waiting-list positions).
    func registrations(of workshop: Workshop, in db: any DatabaseConnection) throws -> [Registration] {
        guard let bookableID = workshop.bookableID else { return [] }
        let bookings = Dictionary(uniqueKeysWithValues: try services.bookings.bookings(of: bookableID, in: db).map { ($0.id, $0) })
        return try db.query("\(Registration.columns) WHERE region = \(region.id) AND workshop_id = \(workshop.id) ORDER BY id")
            .compactMap { row in
                let stored = try Registration.Row(row)
                return bookings[stored.bookingID].map(stored.with)
            }
            .sorted { $0.booking.id < $1.booking.id }
    }

    func registration(_ id: Int64, in db: any DatabaseConnection) throws -> Registration? {
        guard let row = try db.query("\(Registration.columns) WHERE region = \(region.id) AND id = \(id)").first else { return nil }
        let stored = try Registration.Row(row)
        return try services.bookings.booking(stored.bookingID, in: db).map(stored.with)
    }

    func registration(booking: Int64, in db: any DatabaseConnection) throws -> Registration? {
        guard let row = try db.query("\(Registration.columns) WHERE region = \(region.id) AND booking_id = \(booking)").first else { return nil }
        let stored = try Registration.Row(row)
        return try services.bookings.booking(stored.bookingID, in: db).map(stored.with)
    }

    func questions(of workshopID: Int64, in db: any DatabaseConnection) throws -> [Question] {
        try db.query("\(Question.columns) WHERE region = \(region.id) AND workshop_id = \(workshopID) ORDER BY position, id").map(Question.init)
    }

    func topics(in db: any DatabaseConnection) throws -> [Topic] {
        try db.query("SELECT id, names FROM workshops_topics WHERE region = \(region.id) ORDER BY position, id").map {
            Topic(id: try $0.get("id"), names: Localized.decode(try $0.get("names")))
        }
    }

    func programmes(in db: any DatabaseConnection) throws -> [Programme] {
        try db.query("""
            SELECT id, title, original_language, content_id, published FROM workshops_programmes
            WHERE region = \(region.id) ORDER BY id DESC
            """).map(Self.programme)
    }

    func programme(_ id: Int64, in db: any DatabaseConnection) throws -> Programme? {
        try db.query("""
            SELECT id, title, original_language, content_id, published FROM workshops_programmes WHERE region = \(region.id) AND id = \(id)
            """).first.map(Self.programme)
    }

    static func programme(_ row: Row) throws -> Programme {
        Programme(
            id: try row.get("id"), title: try row.get("title"), originalLanguage: try row.get("original_language"),
            contentID: try row.get("content_id"), published: try row.get("published"))
    }

    /// Registrations with at least one attended session, by registration id, with the
    /// number of sessions attended.
    func attendedSessions(of workshop: Workshop, in db: any DatabaseConnection) throws -> [Int64: Int] {
        guard let bookableID = workshop.bookableID else { return [:] }
        var byBooking: [Int64: Int] = [:]
        for record in try services.bookings.sessionAttendance(of: bookableID, in: db) where record.attendance == .attended {
            byBooking[record.bookingID, default: 0] += 1
        }
        var result: [Int64: Int] = [:]
        for registration in try registrations(of: workshop, in: db) {
            if let count = byBooking[registration.booking.id] { result[registration.id] = count }
        }
        return result
    }
}
