import Foundation
import Kernel

/// Writes the bookable slots of consultation hours ahead for the booking horizon (the
/// `bookingWeeks` setting): every occurrence of the hours' block, cut into slots, minus the
/// days the site is closed, and for mobile sites only while the team is at a tour stop.
/// Planning again after a change deletes slots nobody booked, withdraws those with a cancelled
/// booking on record, and refuses when a confirmed booking would fall away: cancelling people
/// is a person's decision.
enum SlotPlanner {
    /// Most slots one plan may write (a day of 5-minute slots for half a year is more than this).
    static let maximumSlots = 5_000

    static func hours(of siteID: Int64, region: String, in db: any DatabaseConnection) throws -> [ConsultationHours] {
        try db.query(ConsultationHours.columns + " WHERE region = \(region) AND site_id = \(siteID) AND ended_at IS NULL ORDER BY id").compactMap(ConsultationHours.init)
    }

    static func horizon(_ settings: ModuleSettings?) -> TimeInterval {
        TimeInterval((settings?.integer("bookingWeeks") ?? 8) * 7 * 86_400)
    }

    /// Consultation hours at a stationary site must lie within its regular hours on their weekday.
    static func checkWithinHours(
        _ schedule: WeeklySchedule, online: Bool, site: LearningSite, week: [OpeningInterval], field: String
    ) throws(InputProblem) {
        guard site.kind == .stationary, !online else { return }
        let covered = week.contains { $0.weekday == schedule.weekday && $0.opens <= schedule.starts && schedule.ends <= $0.closes }
        guard covered else {
            let label = "\(Weekdays.codes[schedule.weekday - 1]) \(ClockTime.text(schedule.starts))–\(ClockTime.text(schedule.ends))"
            throw .outsideOpeningHours(field: field, occurrence: label)
        }
    }

    static func checkWithinHours(_ hours: ConsultationHours, site: LearningSite, week: [OpeningInterval], field: String) throws(InputProblem) {
        try checkWithinHours(WeeklySchedule(hours.schedule), online: hours.online, site: site, week: week, field: field)
    }

    /// At a mobile site, every occurrence in the horizon must fall within a visit of a tour stop.
    static func checkWithinTour(
        _ schedule: Recurrence, online: Bool, site: LearningSite, visits: [TourVisit], from: Date, to: Date
    ) throws(InputProblem) {
        guard site.kind == .mobile, !online else { return }
        let occurrences: [Occurrence]
        do { occurrences = try schedule.occurrences(from: from, to: to) } catch { throw .invalidSchedule(field: "schedule", detail: error.description) }
        for occurrence in occurrences where !visits.contains(where: { $0.start <= occurrence.start && occurrence.end <= $0.end }) {
            throw .outsideOpeningHours(
                field: "schedule", occurrence: LocalTime.display(occurrence.start, in: schedule.timeZone) + " (no tour stop)")
        }
    }

    /// The slots `hours` should have from `from` to `to`.
    static func plan(
        _ hours: ConsultationHours, site: LearningSite, week: [OpeningInterval], exceptions: [HoursException], visits: [TourVisit],
        from: Date, to: Date
    ) throws -> [Occurrence] {
        guard !hours.walkIn, from < to else { return [] }
        let zone = hours.schedule.timeZone
        var slots: [Occurrence] = []
        for occurrence in try hours.schedule.occurrences(from: from, to: to) {
            let day = DayHours(day: LocalMoment(occurrence.start, in: zone).day, week: week, exceptions: exceptions)
            if day.status == .closed || day.status == .holiday { continue }
            for slot in hours.slots(of: occurrence) where slot.start > from {
                if !hours.online {
                    if site.kind == .stationary, day.status == .special {
                        let start = LocalMoment(slot.start, in: zone).minute
                        guard day.covers(start, start + hours.slotMinutes) else { continue }
                    }
                    if site.kind == .mobile, !visits.contains(where: { $0.start <= slot.start && slot.end <= $0.end }) { continue }
                }
                slots.append(slot)
            }
        }
        guard slots.count <= maximumSlots else {
            throw InputProblem.invalidSchedule(
                field: "slotMinutes", detail: "these hours would make more than \(maximumSlots) slots in the booking horizon; choose longer slots")
        }
        return slots
    }

    /// Plans every consultation hours of the site again.
    static func replanSite(_ site: LearningSite, context: RequestContext, in db: any DatabaseTransaction) throws {
        for hours in try hours(of: site.id, region: context.region.id, in: db) {
            try replan(hours, site: site, services: context.services, settings: context.settings, now: context.now, in: db)
        }
    }

    /// Brings the slots of `hours` in line with its plan (see the type's documentation).
    static func replan(
        _ hours: ConsultationHours, site: LearningSite, services: KernelServices, settings: ModuleSettings?, now: Date,
        in db: any DatabaseTransaction
    ) throws {
        let region = site.region
        let to = now.addingTimeInterval(horizon(settings))
        let zone = hours.schedule.timeZone
        let planned = try plan(
            hours, site: site, week: OpeningHoursStore.week(siteID: site.id, region: region, in: db),
            exceptions: OpeningHoursStore.exceptions(siteID: site.id, region: region, from: LocalMoment(now, in: zone).day, in: db),
            visits: TourPlan.visits(siteID: site.id, region: region, from: now, to: to, in: db), from: now, to: to)
        let wanted = Set(planned.map { Int64(($0.start.timeIntervalSince1970 * 1000).rounded()) })

        struct Existing { var id: Int64; var start: Date; var bookable: Int64?; var confirmed: Int; var capacity: Int }
        let existing = try db.query("""
            SELECT s.id, s.starts_at, s.bookable_id, s.capacity, COALESCE(b.confirmed, 0) AS confirmed
            FROM learning_sites_slots s LEFT JOIN kernel_bookables b ON b.id = s.bookable_id AND b.region = \(region)
            WHERE s.region = \(region) AND s.hours_id = \(hours.id) AND s.starts_at > \(now)
            """).map { row in
            Existing(
                id: try row.get("id"), start: try row.get("starts_at"), bookable: try row.get("bookable_id"),
                confirmed: try row.get("confirmed"), capacity: try row.get("capacity"))
        }
        let dropped = existing.filter { !wanted.contains(Int64(($0.start.timeIntervalSince1970 * 1000).rounded())) }
        let booked = dropped.filter { $0.confirmed > 0 }.sorted { $0.start < $1.start }
        if let first = booked.first {
            throw StaffConflict.bookedSlotsWouldFallAway(count: booked.count, first: LocalTime.display(first.start, in: zone))
        }
        for slot in dropped {
            if slot.bookable == nil {
                try db.execute("DELETE FROM learning_sites_slots WHERE region = \(region) AND id = \(slot.id)")
            } else {
                try db.execute("UPDATE learning_sites_slots SET withdrawn = 1 WHERE region = \(region) AND id = \(slot.id)")
            }
        }
        for slot in planned {
            try db.execute("""
                INSERT INTO learning_sites_slots (region, site_id, hours_id, starts_at, ends_at, capacity)
                VALUES (\(region), \(site.id), \(hours.id), \(slot.start), \(slot.end), \(hours.capacity))
                ON CONFLICT (region, hours_id, starts_at) DO UPDATE SET ends_at = excluded.ends_at, withdrawn = 0,
                    capacity = CASE WHEN learning_sites_slots.bookable_id IS NULL THEN excluded.capacity ELSE learning_sites_slots.capacity END
                """)
        }
        // Booked slots keep their bookable; its places follow the hours' capacity where they can.
        for slot in existing where slot.bookable != nil && slot.capacity != hours.capacity && !dropped.contains(where: { $0.id == slot.id }) {
            guard let bookable = slot.bookable else { continue }
            do {
                try services.bookings.changeCapacity(of: bookable, to: hours.capacity, in: db)
                try db.execute("UPDATE learning_sites_slots SET capacity = \(hours.capacity) WHERE region = \(region) AND id = \(slot.id)")
            } catch BookingError.capacityBelowConfirmed {
                continue
            }
        }
    }

    /// Writes the slots that came into the horizon since the last run, for every consultation
    /// hours of the region (the daily job), one site per transaction so that the writer is
    /// never held long. Existing slots stay as they are.
    static func extend(region: String, services: KernelServices, now: Date) throws -> Int {
        let settings = services.regions[region]?.modules[SiteStore.owner]
        let zone = services.regions[region]?.timeZone ?? TimeZone(identifier: "UTC") ?? .current
        let to = now.addingTimeInterval(horizon(settings))
        let siteIDs = try services.storage.read(.region(region)) { db in
            try db.query("""
                SELECT DISTINCT site_id FROM learning_sites_consultation_hours WHERE region = \(region) AND walk_in = 0 AND ended_at IS NULL ORDER BY site_id
                """).map { try $0.get("site_id", as: Int64.self) }
        }
        var written = 0
        for siteID in siteIDs {
            written += try services.storage.write(.region(region)) { db in
                guard let site = try SiteStore.site(id: siteID, region: region, in: db) else { return 0 }
                let week = try OpeningHoursStore.week(siteID: site.id, region: region, in: db)
                let exceptions = try OpeningHoursStore.exceptions(siteID: site.id, region: region, from: LocalMoment(now, in: zone).day, in: db)
                let visits = try TourPlan.visits(siteID: site.id, region: region, from: now, to: to, in: db)
                var count = 0
                for hours in try hours(of: site.id, region: region, in: db) {
                    for slot in try plan(hours, site: site, week: week, exceptions: exceptions, visits: visits, from: now, to: to) {
                        count += try db.execute("""
                            INSERT INTO learning_sites_slots (region, site_id, hours_id, starts_at, ends_at, capacity)
                            VALUES (\(region), \(site.id), \(hours.id), \(slot.start), \(slot.end), \(hours.capacity))
                            ON CONFLICT (region, hours_id, starts_at) DO NOTHING
                            """)
                    }
                }
                return count
            }
        }
        return written
    }
}
