import Foundation
import Kernel

/// Creating, changing, duplicating and moving workshops through their life: draft → open
/// (published) ⇄ closed → held, or cancelled (everyone is told). Each operation runs in the
/// caller's transaction.
struct WorkshopEditor {
    let services: KernelServices
    let region: Region
    let now: Date

    init(_ services: KernelServices, region: Region) {
        self.services = services
        self.region = region
        now = services.clock.now()
    }

    init(_ context: RequestContext) {
        self.init(context.services, region: context.region)
    }

    var store: WorkshopStore { WorkshopStore(services, region: region) }
    var texts: WorkshopTextStore { WorkshopTextStore(services: services, region: region) }

    /// Creates a draft with its bookable and its tags.
    func create(_ plan: WorkshopPlan, author: Int64?, in db: any DatabaseTransaction) throws -> Workshop {
        try check(plan, in: db)
        guard let id = try db.scalar(Int64.self, """
            INSERT INTO workshops (region, title, starts_at, ends_at, capacity, status, original_language, programme_id, topic_id,
                                   target_group, format, place_id, address, online_link, trainers, languages, schedule, sessions,
                                   registration_opens_at, registration_closes_at, created_at, updated_at)
            VALUES (\(region.id), \(plan.title), \(plan.startsAt), \(plan.endsAt), \(plan.capacity), 'draft', \(plan.language),
                    \(plan.programmeID), \(plan.topicID), \(plan.targetGroup.rawValue), \(plan.format.rawValue), \(plan.placeID),
                    \(plan.address), \(plan.onlineLink), \(plan.trainers.joined(separator: "\n")), \(Workshop.storedCodes(plan.languages)),
                    \(try Workshop.storedSchedule(plan.schedule)), \(plan.sessions), \(plan.registrationOpensAt),
                    \(plan.registrationClosesAt), \(now), \(now))
            RETURNING id
            """), var workshop = try store.workshop(id, in: db) else { throw WorkshopError.notFound }
        let bookable = try services.bookings.createBookable(NewBookable(
            owner: WorkshopsModule.id, reference: workshop.reference, title: plan.title, capacity: plan.capacity,
            startsAt: plan.startsAt, endsAt: plan.endsAt), in: db)
        let content = try texts.save(plan, for: workshop, author: author, in: db)
        try db.execute("UPDATE workshops SET bookable_id = \(bookable.id), content_id = \(content) WHERE region = \(region.id) AND id = \(id)")
        workshop.bookableID = bookable.id
        workshop.contentID = content
        try tag(workshop, plan, in: db)
        return workshop
    }

    /// Saves a changed plan. Capacity may not go below the confirmed participants (the kernel's
    /// rule: cancelling people is a person's decision); a larger capacity gives places to the
    /// waiting list at once, each promoted person mailed.
    @discardableResult
    func update(_ id: Int64, with plan: WorkshopPlan, author: Int64?, in db: any DatabaseTransaction) throws -> Workshop {
        var workshop = try store.require(id, in: db)
        guard workshop.status != .cancelled && workshop.status != .held else { throw WorkshopError.notEditable(workshop.status) }
        try check(plan, in: db)
        let bookableID = try ensureBookable(workshop, in: db)
        let notices = WorkshopMails(services: services, region: region)
        do {
            try services.bookings.changeCapacity(of: bookableID, to: plan.capacity, notice: notices.promotion(for: workshop, in: db), in: db)
        } catch BookingError.capacityBelowConfirmed(let capacity, let confirmed) {
            throw WorkshopError.capacityBelowConfirmed(capacity: capacity, confirmed: confirmed)
        }
        // Texts saved in another language are a translation: the workshop's own title (staff
        // lists, sorting) and its original language stay as they are.
        let title = plan.language == workshop.originalLanguage ? plan.title : workshop.title
        // What people who saved the event should notice raises its revision (iCalendar SEQUENCE).
        let noticeable = workshop.schedule != plan.schedule || workshop.placeID != plan.placeID || workshop.address != plan.address
            || workshop.title != title || workshop.onlineLink != plan.onlineLink
        let content = try texts.save(plan, for: workshop, author: author, in: db)
        try db.execute("""
            UPDATE workshops SET title = \(title), starts_at = \(plan.startsAt), ends_at = \(plan.endsAt), capacity = \(plan.capacity),
                programme_id = \(plan.programmeID), topic_id = \(plan.topicID),
                target_group = \(plan.targetGroup.rawValue), format = \(plan.format.rawValue), place_id = \(plan.placeID),
                address = \(plan.address), online_link = \(plan.onlineLink), trainers = \(plan.trainers.joined(separator: "\n")),
                languages = \(Workshop.storedCodes(plan.languages)), schedule = \(try Workshop.storedSchedule(plan.schedule)),
                sessions = \(plan.sessions), registration_opens_at = \(plan.registrationOpensAt),
                registration_closes_at = \(plan.registrationClosesAt), content_id = \(content),
                revision = revision + \(noticeable ? 1 : 0), updated_at = \(now)
            WHERE region = \(region.id) AND id = \(id)
            """)
        try tag(workshop, plan, in: db)
        workshop = try store.require(id, in: db)
        return workshop
    }

    /// Tags the workshop to the plan's funded-project categories. A project or category that
    /// is gone (removed while the form was open, or a forged value) is the form's problem,
    /// named by its field, not a server error.
    private func tag(_ workshop: Workshop, _ plan: WorkshopPlan, in db: any DatabaseTransaction) throws {
        do {
            try services.reporting.setAssignments(plan.assignments, owner: WorkshopsModule.id, reference: workshop.reference, in: db)
        } catch let error as ReportingError {
            let field = switch error {
            case .projectNotFound(let project), .taggedTwice(let project), .notHomeRegion(let project): "project-\(project)"
            default: "projects"
            }
            throw WorkshopError.invalid(field: field, problem: .unknownChoice)
        }
    }

    /// References the plan makes must exist in this region.
    private func check(_ plan: WorkshopPlan, in db: any DatabaseConnection) throws {
        if let place = plan.placeID, try services.places.place(place, in: db) == nil {
            throw WorkshopError.invalid(field: "place", problem: .unknownChoice)
        }
        if let topic = plan.topicID, try !store.topics(in: db).contains(where: { $0.id == topic }) {
            throw WorkshopError.invalid(field: "topic", problem: .unknownChoice)
        }
        if let programme = plan.programmeID, try store.programme(programme, in: db) == nil {
            throw WorkshopError.invalid(field: "programme", problem: .unknownChoice)
        }
    }

    /// The workshop's bookable, created for workshops of the module's first version that had none.
    func ensureBookable(_ workshop: Workshop, in db: any DatabaseTransaction) throws -> Int64 {
        if let id = workshop.bookableID { return id }
        if let existing = try services.bookings.bookable(owner: WorkshopsModule.id, reference: workshop.reference, in: db) {
            try db.execute("UPDATE workshops SET bookable_id = \(existing.id) WHERE region = \(region.id) AND id = \(workshop.id)")
            return existing.id
        }
        let bookable = try services.bookings.createBookable(NewBookable(
            owner: WorkshopsModule.id, reference: workshop.reference, title: workshop.title, capacity: workshop.capacity,
            startsAt: workshop.startsAt, endsAt: workshop.endsAt), in: db)
        try db.execute("UPDATE workshops SET bookable_id = \(bookable.id) WHERE region = \(region.id) AND id = \(workshop.id)")
        return bookable.id
    }

    /// A new draft with the same plan, questions and tags (no registrations).
    func duplicate(_ id: Int64, author: Int64?, in db: any DatabaseTransaction) throws -> Workshop {
        let original = try store.require(id, in: db)
        let originalTexts = try texts.texts(of: original, language: original.originalLanguage, in: db)
        let plan = WorkshopPlan(
            title: original.title, summary: originalTexts.summary, description: originalTexts.description,
            language: original.originalLanguage, topicID: original.topicID, programmeID: original.programmeID,
            targetGroup: original.targetGroup, format: original.format, placeID: original.placeID, address: original.address,
            onlineLink: original.onlineLink, trainers: original.trainers, languages: original.languages, schedule: original.schedule,
            sessions: original.sessions, startsAt: original.startsAt, endsAt: original.endsAt, capacity: original.capacity,
            registrationOpensAt: original.registrationOpensAt, registrationClosesAt: original.registrationClosesAt,
            assignments: try services.reporting.assignments(owner: WorkshopsModule.id, reference: original.reference, in: db))
        let copy = try create(plan, author: author, in: db)
        try texts.copyTranslations(from: original, to: copy, author: author, in: db)
        try db.execute("""
            INSERT INTO workshops_questions (region, workshop_id, position, kind, required, labels, options)
            SELECT region, \(copy.id), position, kind, required, labels, options FROM workshops_questions
            WHERE region = \(region.id) AND workshop_id = \(id)
            """)
        return copy
    }

    // MARK: - Life

    func publish(_ id: Int64, in db: any DatabaseTransaction) throws {
        let workshop = try store.require(id, in: db)
        guard workshop.status == .draft || workshop.status == .closed else { throw WorkshopError.notEditable(workshop.status) }
        _ = try ensureBookable(workshop, in: db)
        try db.execute("""
            UPDATE workshops SET status = 'open', published_at = COALESCE(published_at, \(now)), updated_at = \(now)
            WHERE region = \(region.id) AND id = \(id)
            """)
        try texts.setPublished(true, workshop: workshop, in: db)
    }

    /// Stops registrations; the workshop stays listed.
    func close(_ id: Int64, in db: any DatabaseTransaction) throws {
        let workshop = try store.require(id, in: db)
        guard workshop.status == .open else { throw WorkshopError.notEditable(workshop.status) }
        try db.execute("UPDATE workshops SET status = 'closed', updated_at = \(now) WHERE region = \(region.id) AND id = \(id)")
    }

    /// Cancels the whole workshop and mails everyone registered or waiting, in their language.
    @discardableResult
    func cancel(_ id: Int64, reason: String, in db: any DatabaseTransaction) throws -> Int {
        let workshop = try store.require(id, in: db)
        guard workshop.status != .cancelled && workshop.status != .held else { throw WorkshopError.notEditable(workshop.status) }
        try db.execute("""
            UPDATE workshops SET status = 'cancelled', cancelled_at = \(now), revision = revision + 1, updated_at = \(now)
            WHERE region = \(region.id) AND id = \(id)
            """)
        let cancelled = try store.require(id, in: db)
        let mails = WorkshopMails(services: services, region: region)
        var notified = 0
        for registration in try store.registrations(of: cancelled, in: db) where registration.isActive && registration.booking.email != nil {
            try mails.send(try mails.workshopCancelled(cancelled, registration: registration, reason: reason, in: db), in: db)
            notified += 1
        }
        return notified
    }

    /// Marks workshops whose last session ended as held and announces each
    /// (`workshops.workshop-held`). Safe to run again: held workshops are not touched.
    func markHeld(in db: any DatabaseTransaction) throws -> [Int64] {
        let ended = try db.query("""
            SELECT id FROM workshops WHERE region = \(region.id) AND status IN ('open', 'closed') AND ends_at <= \(now)
            """).map { try $0.get("id", as: Int64.self) }
        for id in ended {
            guard let workshop = try store.workshop(id, in: db) else { continue }
            try db.execute("UPDATE workshops SET status = 'held', held_at = \(now), updated_at = \(now) WHERE region = \(region.id) AND id = \(id)")
            let registrations = try store.registrations(of: workshop, in: db)
            let attended = try store.attendedSessions(of: workshop, in: db)
            try services.events.publish(WorkshopHeld(
                workshop: id, startsAt: workshop.startsAt, endsAt: workshop.endsAt,
                confirmed: registrations.filter { $0.booking.state == .confirmed }.count, attended: attended.count),
                region: region.id, after: db)
        }
        return ended
    }
}
