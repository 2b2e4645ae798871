import Foundation
import Kernel

/// The tour plan of mobile sites: stops in storage and their visits in a window, which answer
/// "where is the mobile learning site this week".
enum TourPlan {
    static func stops(siteID: Int64, region: String, in db: any DatabaseConnection) throws -> [TourStop] {
        try db.query(TourStop.columns + " WHERE region = \(region) AND site_id = \(siteID) ORDER BY id").compactMap(TourStop.init)
    }

    /// Every visit of the site's stops overlapping `from..<to`, in time order.
    static func visits(siteID: Int64, region: String, from: Date, to: Date, in db: any DatabaseConnection) throws -> [TourVisit] {
        visits(of: try stops(siteID: siteID, region: region, in: db), from: from, to: to)
    }

    static func visits(of stops: [TourStop], from: Date, to: Date) -> [TourVisit] {
        guard from < to else { return [] }
        return stops.flatMap { stop in
            ((try? stop.schedule.occurrences(from: from, to: to)) ?? []).map { TourVisit(stop: stop, start: $0.start, end: $0.end) }
        }.sorted { ($0.start, $0.stop.id) < ($1.start, $1.stop.id) }
    }

    /// The visit under way at `now`, else the next one within a week.
    static func current(_ visits: [TourVisit], now: Date) -> TourVisit? {
        visits.first { $0.start <= now && now < $0.end } ?? visits.first { $0.start > now && $0.start < now.addingTimeInterval(7 * 86_400) }
    }

    static func add(_ stop: TourStopBody.Checked, to site: LearningSite, context: RequestContext, in db: any DatabaseTransaction) throws -> Int64 {
        let schedule = try stop.schedule.recurrence(in: context.region.timeZone)
        guard let id = try db.query("""
            INSERT INTO learning_sites_tour_stops (region, site_id, place_name, street, postal_code, locality, latitude, longitude,
                                                   schedule, note, created_at, revision)
            VALUES (\(context.region.id), \(site.id), \(stop.placeName), \(stop.address?.street), \(stop.address?.postalCode),
                    \(stop.address?.locality), \(stop.coordinates.latitude), \(stop.coordinates.longitude),
                    \(try encoded(schedule)), \(stop.note), \(context.now), 0)
            RETURNING id
            """).first.map({ try $0.get("id", as: Int64.self) }) else { throw HTTPError.notFound() }
        try OpeningHoursStore.touch(site, context: context, in: db)
        try SlotPlanner.replanSite(site, context: context, in: db)
        return id
    }

    static func update(_ stopID: Int64, with stop: TourStopBody.Checked, of site: LearningSite, context: RequestContext, in db: any DatabaseTransaction) throws {
        let schedule = try stop.schedule.recurrence(in: context.region.timeZone)
        let changed = try db.execute("""
            UPDATE learning_sites_tour_stops SET place_name = \(stop.placeName), street = \(stop.address?.street),
                postal_code = \(stop.address?.postalCode), locality = \(stop.address?.locality), latitude = \(stop.coordinates.latitude),
                longitude = \(stop.coordinates.longitude), schedule = \(try encoded(schedule)), note = \(stop.note), revision = revision + 1
            WHERE region = \(context.region.id) AND site_id = \(site.id) AND id = \(stopID)
            """)
        guard changed == 1 else { throw HTTPError.notFound("There is no tour stop \(stopID) at this site") }
        try OpeningHoursStore.touch(site, context: context, in: db)
        try SlotPlanner.replanSite(site, context: context, in: db)
    }

    static func remove(_ stopID: Int64, of site: LearningSite, context: RequestContext, in db: any DatabaseTransaction) throws {
        let removed = try db.execute("""
            DELETE FROM learning_sites_tour_stops WHERE region = \(context.region.id) AND site_id = \(site.id) AND id = \(stopID)
            """)
        guard removed == 1 else { throw HTTPError.notFound("There is no tour stop \(stopID) at this site") }
        try OpeningHoursStore.touch(site, context: context, in: db)
        try SlotPlanner.replanSite(site, context: context, in: db)
    }

    static func encoded(_ schedule: Recurrence) throws -> String {
        String(decoding: try JSONEncoder().encode(schedule), as: UTF8.self)
    }
}
