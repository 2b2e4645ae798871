import Foundation
import Kernel

/// Counts of consultations per site, topic and language in a period (by the slot's start):
/// booked (every booking made, cancelled ones included), cancelled, held (attended) and
/// no-shows. Numbers come from the bookings, never typed in.
enum ConsultationReport {
    struct Row: Sendable, Equatable {
        var siteID: Int64
        var siteName: String
        var topic: String
        var language: String
        var booked: Int
        var cancelled: Int
        var held: Int
        var noShows: Int
    }

    static func rows(region: String, from: Date, to: Date, access: SiteAccess, in db: any DatabaseConnection) throws -> [Row] {
        try db.query("""
            SELECT s.site_id, si.name, c.topic, c.language, COUNT(*) AS booked,
                   SUM(CASE WHEN k.state = 'cancelled' THEN 1 ELSE 0 END) AS cancelled,
                   SUM(CASE WHEN k.attendance = 'attended' THEN 1 ELSE 0 END) AS held,
                   SUM(CASE WHEN k.attendance = 'no-show' THEN 1 ELSE 0 END) AS no_shows
            FROM learning_sites_consultations c
            JOIN learning_sites_slots s ON s.id = c.slot_id
            JOIN kernel_bookings k ON k.id = c.booking_id
            JOIN learning_sites si ON si.id = s.site_id
            WHERE c.region = \(region) AND s.region = \(region) AND k.region = \(region) AND si.region = \(region)
              AND s.starts_at >= \(from) AND s.starts_at < \(to)\(access.filter("si"))
            GROUP BY s.site_id, si.name, c.topic, c.language
            ORDER BY si.name, s.site_id, c.topic, c.language
            """).map { row in
            Row(siteID: try row.get("site_id"), siteName: try row.get("name"), topic: try row.get("topic"), language: try row.get("language"),
                booked: try row.get("booked"), cancelled: try row.get("cancelled"), held: try row.get("held"), noShows: try row.get("no_shows"))
        }
    }

    /// The period of `?from=YYYY-MM-DD&to=YYYY-MM-DD` (both days included; default: this
    /// month so far), as instants in the region's zone.
    static func period(_ from: String?, _ to: String?, now: Date, zone: TimeZone) throws -> (first: LocalDay, last: LocalDay, from: Date, to: Date) {
        let today = LocalMoment(now, in: zone).day
        var first = LocalDay(year: today.year, month: today.month, day: 1)
        var last = today
        if let from, !from.isEmpty {
            guard let day = LocalDay(from) else { throw HTTPError.badRequest("from must be a day such as 2026-01-01", field: "from") }
            first = day
        }
        if let to, !to.isEmpty {
            guard let day = LocalDay(to) else { throw HTTPError.badRequest("to must be a day such as 2026-12-31", field: "to") }
            last = day
        }
        guard first <= last else { throw HTTPError.badRequest("to must not be before from", field: "to") }
        return (first, last, first.instant(minute: 0, in: zone), last.adding(days: 1).instant(minute: 0, in: zone))
    }

    /// CSV for German spreadsheets, written by the kernel's `CSVDocument` (byte order mark,
    /// `;`, CRLF, quoting, and the guard against cells read as formulas).
    static func csv(_ rows: [Row], header: [String], topic: (String) -> String) -> [UInt8] {
        var document = CSVDocument(rows: [header.map { .text($0) }])
        for row in rows {
            document.append([
                .text(row.siteName), .text(topic(row.topic)), .text(row.language),
                .number(row.booked), .number(row.cancelled), .number(row.held), .number(row.noShows),
            ])
        }
        return document.bytes
    }
}
