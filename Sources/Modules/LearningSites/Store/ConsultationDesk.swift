import Foundation
import Kernel

/// Booking, cancelling and recording consultations: the module's side of the kernel's
/// booking ledger. A slot has no waiting list; a person books without an account and manages
/// the booking through a signed link; staff record attendance and the outcome, and contact
/// details are forgotten after the retention period.
enum ConsultationDesk {
    static let managePurpose = "learning-sites.manage-consultation"

    enum Refusal: Error, Equatable {
        case slotNotFound
        case withdrawn
        case started
        case taken
    }

    static func slot(_ id: Int64, region: String, in db: any DatabaseConnection) throws -> ConsultationSlot? {
        try db.query(ConsultationSlot.columns(region: region) + " WHERE s.region = \(region) AND s.id = \(id)").first.map(ConsultationSlot.init)
    }

    /// The languages a reader can book `hours` in: those it offers, else the region's default.
    static func languages(of hours: ConsultationHours, region: Region) -> [String] {
        hours.offeredLanguages.isEmpty ? [region.defaultLanguage] : hours.offeredLanguages
    }

    /// Books `slot` for the person; the confirmation mail (with manage link and calendar file)
    /// goes out with the commit.
    static func book(
        slotID: Int64, request: BookingBody, context: RequestContext, in db: any DatabaseTransaction
    ) throws -> (consultation: Consultation, token: String) {
        let region = context.region.id
        guard let slot = try slot(slotID, region: region, in: db),
              let site = try SiteStore.site(id: slot.siteID, region: region, in: db), site.published,
              let hours = try ConsultationHoursStore.hours(slot.hoursID, of: site, in: db) else { throw Refusal.slotNotFound }
        let checked = try request.validated(topics: hours.topics, languages: languages(of: hours, region: context.region))
        guard !slot.withdrawn else { throw Refusal.withdrawn }
        guard slot.start > context.now else { throw Refusal.started }
        let ledger = context.services.bookings
        var bookableID = slot.bookableID
        if bookableID == nil {
            let texts = try SiteTexts.texts(of: [site], language: context.region.defaultLanguage, services: context.services, in: db)
            let bookable = try ledger.createBookable(NewBookable(
                owner: SiteStore.owner, reference: "slot:\(slot.id)", title: texts[site.id]?.name ?? site.name,
                capacity: slot.capacity, openBooking: false, startsAt: slot.start, endsAt: slot.end), in: db)
            try db.execute("UPDATE learning_sites_slots SET bookable_id = \(bookable.id) WHERE region = \(region) AND id = \(slot.id)")
            bookableID = bookable.id
        }
        guard let bookableID else { throw Refusal.slotNotFound }
        let booking: Booking
        do {
            booking = try ledger.book(
                bookableID, for: BookingPerson(name: checked.name, email: checked.email, language: context.language,
                                               accountID: context.principal.accountID),
                waitlist: false, in: db)
        } catch BookingError.full {
            throw Refusal.taken
        }
        guard let id = try db.query("""
            INSERT INTO learning_sites_consultations (region, slot_id, booking_id, topic, language, phone, note, created_at)
            VALUES (\(region), \(slot.id), \(booking.id), \(checked.topic), \(checked.language), \(checked.phone), \(checked.note), \(context.now))
            RETURNING id
            """).first.map({ try $0.get("id", as: Int64.self) }), let consultation = try consultation(id, region: region, in: db) else {
            throw Refusal.slotNotFound
        }
        let token = manageToken(for: consultation, region: region, services: context.services)
        try context.publish(
            ConsultationBooked(consultation: id, site: site.id, slot: slot.id, topic: checked.topic, language: checked.language), after: db)
        if let email = checked.email {
            try context.services.mail.enqueue(
                ConsultationMail.confirmation(
                    to: MailAddress(email, name: checked.name), consultation: consultation, site: site, hours: hours,
                    manageURL: manageURL(token: token, region: context.region, language: context.language, services: context.services),
                    context: context, db: db),
                in: db)
        }
        return (consultation, token)
    }

    /// The consultation with `id` in `region`.
    static func consultation(_ id: Int64, region: String, in db: any DatabaseConnection) throws -> Consultation? {
        try consultations(where: " AND c.id = \(id)", region: region, in: db).first
    }

    /// Consultations of the site's slots on a local day, in time order.
    static func day(_ day: LocalDay, site: LearningSite, zone: TimeZone, in db: any DatabaseConnection) throws -> [Consultation] {
        let from = day.instant(minute: 0, in: zone), to = day.adding(days: 1).instant(minute: 0, in: zone)
        return try consultations(
            where: " AND s.site_id = \(site.id) AND s.starts_at >= \(from) AND s.starts_at < \(to)", region: site.region, in: db)
    }

    private static func consultations(where filter: SQL, region: String, in db: any DatabaseConnection) throws -> [Consultation] {
        let rows = try db.query("""
            SELECT c.id AS consultation_id, c.topic, c.language AS needed_language, c.phone, c.note, c.outcome_topic, c.follow_up,
                   c.contact_erased_at, c.booking_id,
                   s.id, s.site_id, s.hours_id, s.starts_at, s.ends_at, s.capacity, s.bookable_id, s.withdrawn,
                   COALESCE(k.confirmed, 0) AS confirmed
            FROM learning_sites_consultations c
            JOIN learning_sites_slots s ON s.id = c.slot_id
            LEFT JOIN kernel_bookables k ON k.id = s.bookable_id AND k.region = \(region)
            WHERE c.region = \(region) AND s.region = \(region)\(filter)
            ORDER BY s.starts_at, c.id
            """)
        // The bookings of all of them in one query (a staff day page lists dozens).
        let bookings = try bookingRows(try rows.map { try $0.get("booking_id", as: Int64.self) }, region: region, in: db)
        return try rows.compactMap { row -> Consultation? in
            guard let booking = bookings[try row.get("booking_id")] else { return nil }
            return Consultation(
                id: try row.get("consultation_id"), slot: try ConsultationSlot(row: row), booking: booking, topic: try row.get("topic"),
                language: try row.get("needed_language"), phone: try row.get("phone"), note: try row.get("note"),
                outcomeTopic: try row.get("outcome_topic"), followUp: try row.get("follow_up"),
                contactErased: try row.get("contact_erased_at", as: Date?.self) != nil)
        }
    }

    private static func bookingRows(_ ids: [Int64], region: String, in db: any DatabaseConnection) throws -> [Int64: Booking] {
        guard !ids.isEmpty else { return [:] }
        var bookings: [Int64: Booking] = [:]
        for booking in try db.query("""
            SELECT id, region, bookable_id, state, attendance, name, email, language, account_id, created_at
            FROM kernel_bookings WHERE region = \(region) AND id IN (\(list: ids))
            """).map(Booking.init(row:)) {
            bookings[booking.id] = booking
        }
        return bookings
    }

    // MARK: - Manage links

    /// Valid until 30 days after the slot: the person can still look it up afterwards.
    static func manageToken(for consultation: Consultation, region: String, services: KernelServices) -> String {
        services.tokens.sign(
            purpose: managePurpose, subject: "\(region):\(consultation.id)", expires: consultation.slot.end.addingTimeInterval(30 * 86_400))
    }

    static func manageURL(token: String, region: Region, language: String, services: KernelServices) -> String {
        "\(services.server.publicURL)/\(region.id)/\(language)/learning-sites/consultations/manage?token=\(token)"
    }

    /// The consultation a manage token names, in `region`.
    static func consultation(forToken token: String, region: String, services: KernelServices, in db: any DatabaseConnection) throws -> Consultation {
        let subject = try services.tokens.verify(token, purpose: managePurpose, now: services.clock.now())
        let parts = subject.split(separator: ":")
        guard parts.count == 2, parts[0] == region, let id = Int64(parts[1]), let consultation = try consultation(id, region: region, in: db) else {
            throw SignedTokenError.malformed
        }
        return consultation
    }

    /// Cancels through the manage link; refused once the slot has begun.
    static func cancel(_ consultation: Consultation, context: RequestContext, in db: any DatabaseTransaction) throws -> Consultation {
        guard consultation.slot.start > context.now else { throw Refusal.started }
        try context.services.bookings.cancel(consultation.booking.id, in: db)
        return try self.consultation(consultation.id, region: context.region.id, in: db) ?? consultation
    }

    // MARK: - Staff

    /// Records that the person came or did not; not before the slot has begun.
    static func recordAttendance(_ attended: Bool, of consultation: Consultation, context: RequestContext, in db: any DatabaseTransaction) throws -> Consultation {
        guard consultation.slot.start <= context.now.addingTimeInterval(15 * 60) else {
            throw StaffConflict.attendanceTooEarly
        }
        let ledger = context.services.bookings
        if attended { try ledger.checkIn(consultation.booking.id, in: db) } else { try ledger.markNoShow(consultation.booking.id, in: db) }
        return try self.consultation(consultation.id, region: context.region.id, in: db) ?? consultation
    }

    /// Logs what the consultation dealt with and whether a follow-up is needed; nothing else
    /// about the person is stored.
    static func recordOutcome(
        topic: String, followUp: Bool, of consultation: Consultation, context: RequestContext, in db: any DatabaseTransaction
    ) throws -> Consultation {
        guard consultation.booking.attendance == .attended else {
            throw StaffConflict.outcomeNeedsAttendance
        }
        guard Topics.all.contains(topic) else { throw InputProblem.unknownChoice(field: "topic", value: topic) }
        try db.execute("""
            UPDATE learning_sites_consultations SET outcome_topic = \(topic), follow_up = \(followUp), outcome_at = \(context.now)
            WHERE region = \(context.region.id) AND id = \(consultation.id)
            """)
        return try self.consultation(consultation.id, region: context.region.id, in: db) ?? consultation
    }

    // MARK: - Retention

    /// Forgets name, e-mail address, phone number and note of consultations whose slot ended
    /// more than `days` ago; topic, language, attendance and outcome stay for the counts.
    static func forgetContacts(region: String, olderThan days: Int, services: KernelServices) throws -> Int {
        let cutoff = services.clock.now().addingTimeInterval(-TimeInterval(days) * 86_400)
        return try services.storage.write(.region(region)) { db in
            let due = try db.query("""
                SELECT c.id, c.booking_id FROM learning_sites_consultations c JOIN learning_sites_slots s ON s.id = c.slot_id
                WHERE c.region = \(region) AND s.region = \(region) AND c.contact_erased_at IS NULL AND s.ends_at < \(cutoff)
                ORDER BY c.id LIMIT 5000
                """).map { (id: try $0.get("id", as: Int64.self), booking: try $0.get("booking_id", as: Int64.self)) }
            for consultation in due {
                do {
                    try services.bookings.anonymise(consultation.booking, in: db)
                } catch BookingError.bookingNotFound {
                    // Already gone with an erasure; the module's own fields are cleared below.
                }
                try db.execute("""
                    UPDATE learning_sites_consultations SET phone = NULL, note = NULL, contact_erased_at = \(services.clock.now())
                    WHERE region = \(region) AND id = \(consultation.id)
                    """)
            }
            return due.count
        }
    }
}
