import Foundation
import Kernel

/// What a reader looks for.
struct SiteSearch: Sendable, Equatable {
    var openNow = false
    /// A language the reader needs (staff's or a peer helper's).
    var language: String?
    var equipment: [String] = []
    var stepFree = false
    var accessibleToilet = false
    var hearingLoop = false
    var kind: LearningSite.Kind?
    /// Sort nearest first from here.
    var near: Coordinates?
    /// Only sites within this many metres of `near`.
    var radius: Double?
    var limit = 20
    var offset = 0
}

/// A site found, with what the list shows about it now.
struct SiteHit: Sendable {
    var site: LearningSite
    var openNow: Bool
    /// Where a mobile site is now, or next this week.
    var visit: TourVisit?
    /// Metres from the search point.
    var distance: Double?
    /// The next slot with a free place (in the reader's language when one was asked for).
    var nextSlot: (id: Int64, start: Date)?
}

/// Finds sites: filters in SQL (published, language, equipment, accessibility, a bounding box
/// around the point, and "open now" from the regular hours and today's exception in the
/// region's zone), then mobile sites' positions from their tour plan, distances by haversine,
/// and the next free slot of the page's sites in one more query.
enum SiteFinder {
    static func find(_ search: SiteSearch, region: Region, now: Date, in db: any DatabaseConnection) throws -> (hits: [SiteHit], total: Int) {
        let id = region.id
        let moment = LocalMoment(now, in: region.timeZone)
        let day = moment.day.description
        let openNow: SQL = """
            (s.kind = 'stationary' AND ((NOT EXISTS (SELECT 1 FROM learning_sites_exceptions e WHERE e.region = \(id) AND e.site_id = s.id AND e.day = \(day))
                AND EXISTS (SELECT 1 FROM learning_sites_hours h WHERE h.region = \(id) AND h.site_id = s.id AND h.weekday = \(moment.day.weekday)
                            AND h.opens <= \(moment.minute) AND h.closes > \(moment.minute) AND h.appointment_only = 0))
              OR EXISTS (SELECT 1 FROM learning_sites_exceptions e WHERE e.region = \(id) AND e.site_id = s.id AND e.day = \(day)
                         AND e.kind = 'hours' AND e.opens <= \(moment.minute) AND e.closes > \(moment.minute))))
            """
        var filter: SQL = " AND s.published = 1"
        if let language = search.language { filter = filter + " AND s.language_tokens LIKE \("% \(language) %")" }
        for item in search.equipment { filter = filter + " AND s.equipment_tokens LIKE \("% \(item) %")" }
        if search.stepFree { filter = filter + " AND s.step_free = 1" }
        if search.accessibleToilet { filter = filter + " AND s.accessible_toilet = 1" }
        if search.hearingLoop { filter = filter + " AND s.hearing_loop = 1" }
        if let kind = search.kind { filter = filter + " AND s.kind = \(kind.rawValue)" }
        if let near = search.near, let radius = search.radius {
            // Mobile sites have no fixed point; their stops decide below.
            let box = near.boundingBox(radius: radius)
            filter = filter + """
                 AND (s.kind = 'mobile' OR (s.latitude BETWEEN \(box.latitude.lowerBound) AND \(box.latitude.upperBound) \
                AND s.longitude BETWEEN \(box.longitude.lowerBound) AND \(box.longitude.upperBound)))
                """
        }
        if search.openNow { filter = filter + " AND (s.kind = 'mobile' OR \(openNow))" }
        let rows = try db.query("""
            SELECT \(raw: LearningSite.selectList),
                   CASE WHEN \(openNow) THEN 1 ELSE 0 END AS open_now
            FROM learning_sites s WHERE s.region = \(id)\(filter)
            """)
        var hits = try rows.map { row in
            SiteHit(site: try LearningSite(row: row), openNow: try row.get("open_now"), visit: nil, distance: nil, nextSlot: nil)
        }

        // Mobile sites: where the team is now or next.
        let mobile = hits.filter { $0.site.kind == .mobile }.map(\.site.id)
        if !mobile.isEmpty {
            let stops = try db.query(TourStop.columns + " WHERE region = \(id) AND site_id IN (\(list: mobile))").compactMap(TourStop.init)
            let bySite = Dictionary(grouping: stops, by: \.siteID)
            for index in hits.indices where hits[index].site.kind == .mobile {
                let visits = TourPlan.visits(of: bySite[hits[index].site.id] ?? [], from: now.addingTimeInterval(-86_400), to: now.addingTimeInterval(8 * 86_400))
                hits[index].visit = TourPlan.current(visits, now: now)
                hits[index].openNow = hits[index].visit.map { $0.start <= now && now < $0.end } ?? false
            }
            if search.openNow { hits.removeAll { !$0.openNow } }
        }

        if let near = search.near {
            for index in hits.indices {
                let point = hits[index].visit?.stop.coordinates ?? hits[index].site.coordinates
                hits[index].distance = point.map(near.distance)
            }
            if let radius = search.radius { hits.removeAll { ($0.distance ?? .infinity) > radius } }
            hits.sort { ($0.distance ?? .infinity, $0.site.id) < ($1.distance ?? .infinity, $1.site.id) }
        } else {
            hits.sort { ($0.openNow ? 0 : 1, $0.site.name, $0.site.id) < ($1.openNow ? 0 : 1, $1.site.name, $1.site.id) }
        }
        let total = hits.count
        var page = Array(hits.dropFirst(search.offset).prefix(search.limit))
        let next = try nextSlots(of: page.map(\.site.id), language: search.language, region: id, now: now, in: db)
        for index in page.indices { page[index].nextSlot = next[page[index].site.id] }
        return (page, total)
    }

    /// The first slot with a free place per site, offering `language` when given.
    static func nextSlots(of sites: [Int64], language: String?, region: String, now: Date, in db: any DatabaseConnection) throws -> [Int64: (id: Int64, start: Date)] {
        guard !sites.isEmpty else { return [:] }
        let languageFilter: SQL = language.map { " AND h.language_tokens LIKE \("% \($0) %")" } ?? ""
        var result: [Int64: (id: Int64, start: Date)] = [:]
        for site in sites {
            // One indexed walk per site along (region, site_id, starts_at), stopping at the first free slot.
            let row = try db.query("""
                SELECT s.id, s.starts_at FROM learning_sites_slots s
                JOIN learning_sites_consultation_hours h ON h.id = s.hours_id
                LEFT JOIN kernel_bookables b ON b.id = s.bookable_id AND b.region = \(region)
                WHERE s.region = \(region) AND h.region = \(region) AND s.site_id = \(site) AND s.starts_at > \(now)
                  AND s.withdrawn = 0 AND h.ended_at IS NULL AND COALESCE(b.confirmed, 0) < s.capacity\(languageFilter)
                ORDER BY s.starts_at LIMIT 1
                """).first
            if let row { result[site] = (try row.get("id"), try row.get("starts_at")) }
        }
        return result
    }
}

/// What the list page's filter offers: the languages some site speaks, and places to measure
/// distance from (the centre of the sites of each postal code).
struct SiteFilterOptions: Sendable {
    var languages: [String]
    var areas: [(label: String, point: Coordinates)]

    static func load(region: String, in db: any DatabaseConnection) throws -> SiteFilterOptions {
        var languages = Set<String>()
        try db.forEachRow("SELECT language_tokens FROM learning_sites WHERE region = \(region) AND published = 1") { row in
            languages.formUnion((try row.get("language_tokens", as: String.self)).split(separator: " ").map(String.init))
        }
        let areas = try db.query("""
            SELECT postal_code, locality, AVG(latitude) AS latitude, AVG(longitude) AS longitude FROM learning_sites
            WHERE region = \(region) AND published = 1 AND latitude IS NOT NULL AND postal_code IS NOT NULL
            GROUP BY postal_code, locality ORDER BY postal_code, locality LIMIT 300
            """).compactMap { row -> (label: String, point: Coordinates)? in
            guard let point = try? Coordinates(latitude: try row.get("latitude"), longitude: try row.get("longitude")) else { return nil }
            let label = [try row.get("postal_code", as: String?.self), try row.get("locality", as: String?.self)].compactMap { $0 }.joined(separator: " ")
            return (label, point)
        }
        return SiteFilterOptions(languages: languages.filter(LanguageCode.isValid).sorted(), areas: areas)
    }
}
