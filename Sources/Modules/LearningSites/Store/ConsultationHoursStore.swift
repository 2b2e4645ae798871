import Foundation
import Kernel

/// Consultation hours in storage, with their helpers, languages and slots kept in step.
enum ConsultationHoursStore {
    static func hours(_ id: Int64, of site: LearningSite, in db: any DatabaseConnection) throws -> ConsultationHours? {
        try db.query(ConsultationHours.columns + " WHERE region = \(site.region) AND site_id = \(site.id) AND id = \(id) AND ended_at IS NULL")
            .first.flatMap(ConsultationHours.init)
    }

    /// Helper ids assigned to each of the site's hours.
    static func assignments(siteID: Int64, region: String, in db: any DatabaseConnection) throws -> [Int64: [Int64]] {
        var result: [Int64: [Int64]] = [:]
        try db.forEachRow("""
            SELECT a.hours_id, a.helper_id FROM learning_sites_helper_hours a
            JOIN learning_sites_consultation_hours h ON h.id = a.hours_id
            WHERE a.region = \(region) AND h.region = \(region) AND h.site_id = \(siteID) ORDER BY a.helper_id
            """) { row in
            result[try row.get("hours_id", as: Int64.self), default: []].append(try row.get("helper_id"))
        }
        return result
    }

    /// Creates hours (`id` nil) or changes them, then plans their slots.
    @discardableResult
    static func save(
        _ input: ConsultationHoursBody.Checked, id: Int64?, of site: LearningSite, context: RequestContext, in db: any DatabaseTransaction
    ) throws -> Int64 {
        let region = context.region.id
        let zone = context.region.timeZone
        let schedule = try input.schedule.recurrence(in: zone)
        try SlotPlanner.checkWithinHours(
            input.schedule, online: input.online, site: site, week: OpeningHoursStore.week(siteID: site.id, region: region, in: db),
            field: "schedule")
        let to = context.now.addingTimeInterval(SlotPlanner.horizon(context.settings))
        if !input.walkIn {
            try SlotPlanner.checkWithinTour(
                schedule, online: input.online, site: site,
                visits: TourPlan.visits(siteID: site.id, region: region, from: context.now, to: to, in: db), from: context.now, to: to)
        }
        let helpers = try db.query(PeerHelper.columns + " WHERE region = \(region) AND site_id = \(site.id)").map(PeerHelper.init)
        for (index, helper) in input.helpers.enumerated() where !helpers.contains(where: { $0.id == helper }) {
            throw InputProblem.unknownChoice(field: "helpers[\(index)]", value: String(helper))
        }
        let scheduleText = try TourPlan.encoded(schedule)
        let hoursID: Int64
        if let id {
            let changed = try db.execute("""
                UPDATE learning_sites_consultation_hours SET schedule = \(scheduleText), slot_minutes = \(input.slotMinutes),
                    capacity = \(input.capacity), topics = \(JSONColumn.text(input.topics)), languages = \(JSONColumn.text(input.languages)),
                    online = \(input.online), walk_in = \(input.walkIn), updated_at = \(context.now), revision = revision + 1
                WHERE region = \(region) AND site_id = \(site.id) AND id = \(id)
                """)
            guard changed == 1 else { throw HTTPError.notFound("There are no consultation hours \(id) at this site") }
            hoursID = id
        } else {
            guard let new = try db.query("""
                INSERT INTO learning_sites_consultation_hours (region, site_id, schedule, slot_minutes, capacity, topics, languages,
                                                               online, walk_in, created_at, updated_at, revision)
                VALUES (\(region), \(site.id), \(scheduleText), \(input.slotMinutes), \(input.capacity), \(JSONColumn.text(input.topics)),
                        \(JSONColumn.text(input.languages)), \(input.online), \(input.walkIn), \(context.now), \(context.now), 0)
                RETURNING id
                """).first.map({ try $0.get("id", as: Int64.self) }) else { throw HTTPError.notFound() }
            hoursID = new
        }
        try db.execute("DELETE FROM learning_sites_helper_hours WHERE region = \(region) AND hours_id = \(hoursID)")
        for helper in input.helpers {
            try db.execute("INSERT INTO learning_sites_helper_hours (region, helper_id, hours_id) VALUES (\(region), \(helper), \(hoursID))")
        }
        try SiteStore.refreshLanguages(siteID: site.id, region: region, in: db)
        try OpeningHoursStore.touch(site, context: context, in: db)
        guard let saved = try hours(hoursID, of: site, in: db) else { throw HTTPError.notFound() }
        try SlotPlanner.replan(saved, site: site, services: context.services, settings: context.settings, now: context.now, in: db)
        return hoursID
    }

    /// Removes hours whose future slots nobody booked; past slots and their consultations stay
    /// on record (reports count them), so hours with history are only ended.
    static func remove(_ id: Int64, of site: LearningSite, context: RequestContext, in db: any DatabaseTransaction) throws {
        let region = context.region.id
        guard try hours(id, of: site, in: db) != nil else { throw HTTPError.notFound("There are no consultation hours \(id) at this site") }
        let future = try db.scalar(Int.self, """
            SELECT COUNT(*) FROM learning_sites_slots s JOIN kernel_bookables b ON b.id = s.bookable_id
            WHERE s.region = \(region) AND b.region = \(region) AND s.hours_id = \(id) AND s.starts_at > \(context.now) AND b.confirmed > 0
            """) ?? 0
        guard future == 0 else {
            throw StaffConflict.hoursHaveBookings(count: future)
        }
        let history = try db.scalar(Int.self, """
            SELECT COUNT(*) FROM learning_sites_consultations c JOIN learning_sites_slots s ON s.id = c.slot_id
            WHERE c.region = \(region) AND s.region = \(region) AND s.hours_id = \(id)
            """) ?? 0
        if history == 0 {
            try db.execute("DELETE FROM learning_sites_slots WHERE region = \(region) AND hours_id = \(id)")
            try db.execute("DELETE FROM learning_sites_consultation_hours WHERE region = \(region) AND id = \(id)")
        } else {
            // Ended: no longer shown or planned; future slots go.
            try db.execute("""
                DELETE FROM learning_sites_slots WHERE region = \(region) AND hours_id = \(id) AND starts_at > \(context.now) AND bookable_id IS NULL
                """)
            try db.execute("""
                UPDATE learning_sites_slots SET withdrawn = 1 WHERE region = \(region) AND hours_id = \(id) AND starts_at > \(context.now)
                """)
            try db.execute("""
                UPDATE learning_sites_consultation_hours SET ended_at = \(context.now), revision = revision + 1, updated_at = \(context.now)
                WHERE region = \(region) AND id = \(id)
                """)
        }
        try SiteStore.refreshLanguages(siteID: site.id, region: region, in: db)
        try OpeningHoursStore.touch(site, context: context, in: db)
    }
}
