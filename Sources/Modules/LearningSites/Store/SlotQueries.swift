import Foundation
import Kernel

/// Slots as readers see them: upcoming ones with free places, optionally only those whose
/// hours offer the reader's language.
enum SlotQueries {
    /// Bookable slots of the site from `from` to `to` with a free place, in time order.
    static func upcoming(
        site: LearningSite, language: String?, from: Date, to: Date, limit: Int = 200, in db: any DatabaseConnection
    ) throws -> [ConsultationSlot] {
        let region = site.region
        let languageFilter: SQL = language.map { " AND h.language_tokens LIKE \("% \($0) %")" } ?? ""
        return try db.query(ConsultationSlot.columns(region: region) + """
             JOIN learning_sites_consultation_hours h ON h.id = s.hours_id
            WHERE s.region = \(region) AND h.region = \(region) AND s.site_id = \(site.id) AND s.starts_at > \(from)
              AND s.starts_at < \(to) AND s.withdrawn = 0 AND h.ended_at IS NULL AND COALESCE(b.confirmed, 0) < s.capacity\(languageFilter)
            ORDER BY s.starts_at, s.id LIMIT \(limit)
            """).map(ConsultationSlot.init)
    }
}
