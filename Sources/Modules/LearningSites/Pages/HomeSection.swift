import Foundation
import Kernel

/// The region home page's "free consultation appointments": the soonest free slot of up to
/// four sites, each linking to its booking form.
enum LearningSitesHome {
    @Sendable static func openConsultations(_ context: RequestContext) throws -> HomeListing? {
        let region = context.region.id
        let (slots, sites) = try context.read { db -> ([(slot: Int64, site: Int64, start: Date)], [LearningSite]) in
            var soonest: [(slot: Int64, site: Int64, start: Date)] = []
            // The region's next free slots in time order; the first one of each site counts.
            try db.forEachRow("""
                SELECT s.id, s.site_id, s.starts_at FROM learning_sites_slots s
                JOIN learning_sites_consultation_hours h ON h.id = s.hours_id
                JOIN learning_sites si ON si.id = s.site_id
                LEFT JOIN kernel_bookables b ON b.id = s.bookable_id AND b.region = \(region)
                WHERE s.region = \(region) AND h.region = \(region) AND si.region = \(region) AND si.published = 1
                  AND s.starts_at > \(context.now) AND s.starts_at < \(context.now.addingTimeInterval(14 * 86_400))
                  AND s.withdrawn = 0 AND h.ended_at IS NULL AND COALESCE(b.confirmed, 0) < s.capacity
                ORDER BY s.starts_at LIMIT 200
                """) { row in
                let site: Int64 = try row.get("site_id")
                if soonest.count < 4 && !soonest.contains(where: { $0.site == site }) {
                    soonest.append((try row.get("id"), site, try row.get("starts_at")))
                }
            }
            let sites = try soonest.compactMap { try SiteStore.site(id: $0.site, region: region, in: db) }
            return (soonest, sites)
        }
        guard !slots.isEmpty else { return nil }
        let texts = try context.read { db in
            try SiteTexts.texts(of: sites, language: context.language, services: context.services, in: db)
        }
        let strings = LearningSitesStrings(languages: context.languages)
        return HomeListing(
            id: "learning-sites.open-consultations", title: strings.homeTitle,
            items: slots.map { slot in
                let name = texts[slot.site]?.name ?? sites.first { $0.id == slot.site }?.name ?? ""
                return HomeListing.Item(
                    title: name, url: context.pageURL("/learning-sites/slots/\(slot.slot)/book"),
                    meta: SitePresentation.slot(slot.start, zone: context.region.timeZone, language: context.language))
            },
            more: HomeListing.Item(title: strings.homeMore, url: context.pageURL("/learning-sites")))
    }
}
