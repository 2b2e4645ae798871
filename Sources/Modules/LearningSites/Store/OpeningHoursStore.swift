import Foundation
import Kernel

/// A site's regular week and its exceptions in storage.
enum OpeningHoursStore {
    static func week(siteID: Int64, region: String, in db: any DatabaseConnection) throws -> [OpeningInterval] {
        try db.fetchAll(OpeningInterval.self, """
            SELECT weekday, opens, closes, appointment_only FROM learning_sites_hours
            WHERE region = \(region) AND site_id = \(siteID) ORDER BY weekday, opens
            """)
    }

    /// Exceptions from `from` on (all when nil), by day.
    static func exceptions(siteID: Int64, region: String, from: LocalDay? = nil, through: LocalDay? = nil, in db: any DatabaseConnection) throws -> [HoursException] {
        try db.query("""
            SELECT day, kind, opens, closes, note FROM learning_sites_exceptions
            WHERE region = \(region) AND site_id = \(siteID) AND day >= \(from?.description ?? "0000") AND day <= \(through?.description ?? "9999")
            ORDER BY day, opens
            """).compactMap { row in
            guard let kind = HoursException.Kind(rawValue: try row.get("kind")) else { return nil }
            return HoursException(
                day: try row.get("day"), kind: kind, opens: try row.get("opens"), closes: try row.get("closes"), note: try row.get("note"))
        }
    }

    /// Replaces the regular week. Consultation hours must still lie within it, and no booked
    /// slot may fall away; then slots are planned again.
    static func setWeek(_ intervals: [OpeningInterval], of site: LearningSite, context: RequestContext, in db: any DatabaseTransaction) throws {
        let region = context.region.id
        try db.execute("DELETE FROM learning_sites_hours WHERE region = \(region) AND site_id = \(site.id)")
        for interval in intervals {
            try db.execute("""
                INSERT INTO learning_sites_hours (region, site_id, weekday, opens, closes, appointment_only)
                VALUES (\(region), \(site.id), \(interval.weekday), \(interval.opens), \(interval.closes), \(interval.appointmentOnly))
                """)
        }
        for hours in try SlotPlanner.hours(of: site.id, region: region, in: db) {
            try SlotPlanner.checkWithinHours(hours, site: site, week: intervals, field: "hours")
        }
        try touch(site, context: context, in: db)
        try SlotPlanner.replanSite(site, context: context, in: db)
    }

    /// Sets one day's exception (replacing what that day had); refuses when a booked
    /// consultation would fall away.
    static func setException(_ rows: [HoursException], of site: LearningSite, context: RequestContext, in db: any DatabaseTransaction) throws {
        guard let day = rows.first?.day else { return }
        let region = context.region.id
        try db.execute("DELETE FROM learning_sites_exceptions WHERE region = \(region) AND site_id = \(site.id) AND day = \(day)")
        for row in rows {
            try db.execute("""
                INSERT INTO learning_sites_exceptions (region, site_id, day, kind, opens, closes, note)
                VALUES (\(region), \(site.id), \(row.day), \(row.kind.rawValue), \(row.opens), \(row.closes), \(row.note))
                """)
        }
        try touch(site, context: context, in: db)
        try SlotPlanner.replanSite(site, context: context, in: db)
    }

    /// Removes one day's exception; the regular week applies again and slots come back.
    static func removeException(day: String, of site: LearningSite, context: RequestContext, in db: any DatabaseTransaction) throws -> Bool {
        let removed = try db.execute("""
            DELETE FROM learning_sites_exceptions WHERE region = \(context.region.id) AND site_id = \(site.id) AND day = \(day)
            """)
        guard removed > 0 else { return false }
        try touch(site, context: context, in: db)
        try SlotPlanner.replanSite(site, context: context, in: db)
        return true
    }

    static func touch(_ site: LearningSite, context: RequestContext, in db: any DatabaseTransaction) throws {
        try db.execute("""
            UPDATE learning_sites SET updated_at = \(context.now), revision = revision + 1 WHERE region = \(context.region.id) AND id = \(site.id)
            """)
    }
}
