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

/// A site that passed the filters, before the page is chosen.
struct SiteCandidate: Sendable {
    var id: Int64
    var name: String
    var mobile: Bool
    /// The site's point, or for a mobile site its current or next stop's.
    var point: Coordinates?
    var openNow: Bool
    var visit: TourVisit?
    var distance: Double?
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
/// and the next free slot of each site of the page (one indexed query per site).
enum SiteFinder {
    static func find(_ search: SiteSearch, region: Region, now: Date, in db: any DatabaseConnection) throws -> (hits: [SiteHit], total: Int) {
        let id = region.id
        let moment = LocalMoment(now, in: region.timeZone)
        let day = moment.day.description
        // Uncorrelated IN lists: SQLite builds each once per query (one walk of the day's hours
        // and exceptions) instead of probing them for every site.
        let openNow: SQL = """
            (s.kind = 'stationary' AND ((s.id NOT IN (SELECT e.site_id FROM learning_sites_exceptions e WHERE e.region = \(id) AND e.day = \(day))
                AND s.id IN (SELECT h.site_id FROM learning_sites_hours h WHERE h.region = \(id) AND h.weekday = \(moment.day.weekday)
                             AND h.opens <= \(moment.minute) AND h.closes > \(moment.minute) AND h.appointment_only = 0))
              OR s.id IN (SELECT e.site_id FROM learning_sites_exceptions e WHERE e.region = \(id) AND e.day = \(day)
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
        // Candidates first, with only what filtering and sorting need; whole rows for the page only.
        var candidates: [SiteCandidate] = []
        try db.forEachRow("""
            SELECT s.id, s.name, s.kind, s.latitude, s.longitude, CASE WHEN \(openNow) THEN 1 ELSE 0 END AS open_now
            FROM learning_sites s WHERE s.region = \(id)\(filter)
            """) { row in
            let latitude: Double? = try row.get("latitude")
            let longitude: Double? = try row.get("longitude")
            candidates.append(SiteCandidate(
                id: try row.get("id"), name: try row.get("name"), mobile: try row.get("kind", as: String.self) == "mobile",
                point: latitude.flatMap { latitude in longitude.flatMap { try? Coordinates(latitude: latitude, longitude: $0) } },
                openNow: try row.get("open_now")))
        }

        // Mobile sites: where the team is now or next.
        let mobile = candidates.filter(\.mobile).map(\.id)
        if !mobile.isEmpty {
            let stops = try db.query(TourStop.columns + " WHERE region = \(id) AND site_id IN (\(list: mobile))").compactMap(TourStop.init)
            let bySite = Dictionary(grouping: stops, by: \.siteID)
            for index in candidates.indices where candidates[index].mobile {
                let visits = TourPlan.visits(of: bySite[candidates[index].id] ?? [], from: now.addingTimeInterval(-86_400), to: now.addingTimeInterval(8 * 86_400))
                candidates[index].visit = TourPlan.current(visits, now: now)
                candidates[index].openNow = candidates[index].visit.map { $0.start <= now && now < $0.end } ?? false
                if let visit = candidates[index].visit { candidates[index].point = visit.stop.coordinates }
            }
            if search.openNow { candidates.removeAll { !$0.openNow } }
        }

        if let near = search.near {
            for index in candidates.indices {
                candidates[index].distance = candidates[index].point.map(near.distance)
            }
            if let radius = search.radius { candidates.removeAll { ($0.distance ?? .infinity) > radius } }
            candidates.sort { ($0.distance ?? .infinity, $0.id) < ($1.distance ?? .infinity, $1.id) }
        } else {
            candidates.sort { ($0.openNow ? 0 : 1, $0.name, $0.id) < ($1.openNow ? 0 : 1, $1.name, $1.id) }
        }
        let chosen = Array(candidates.dropFirst(search.offset).prefix(search.limit))
        let rows = try db.query("\(LearningSite.columns) WHERE s.region = \(id) AND s.id IN (\(list: chosen.map(\.id)))").map(LearningSite.init)
        let sites = Dictionary(uniqueKeysWithValues: rows.map { ($0.id, $0) })
        var hits = chosen.compactMap { candidate in
            sites[candidate.id].map { SiteHit(site: $0, openNow: candidate.openNow, visit: candidate.visit, distance: candidate.distance, nextSlot: nil) }
        }
        let total = candidates.count
        let next = try nextSlots(of: hits.map(\.site.id), language: search.language, region: id, now: now, in: db)
        for index in hits.indices { hits[index].nextSlot = next[hits[index].site.id] }
        return (hits, total)
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
