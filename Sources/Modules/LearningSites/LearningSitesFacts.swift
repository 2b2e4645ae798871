import Foundation
import Kernel

/// What learning sites count for funders' reports: consultations booked, held and missed,
/// and the people advised. Every record is dated by its slot and refers to its site
/// (`site:<id>`): a coordinator tags a site to a funded project's category, and its
/// consultations count there. Numbers come from the bookings, never typed in.
enum LearningSitesFacts {
    static let all = [booked, held, noShows, peopleAdvised]

    /// Every booking made (cancelled ones included), as the module's own report counts them.
    static let booked = FactDeclaration(
        "learning-sites.consultations-booked", titleKey: "fact.booked", summary: "Consultations booked (cancelled ones included)"
    ) { query, db in try records(query, db, attendance: nil) }

    static let held = FactDeclaration(
        "learning-sites.consultations-held", titleKey: "fact.held", summary: "Consultations held (the person came)"
    ) { query, db in try records(query, db, attendance: "attended") }

    static let noShows = FactDeclaration(
        "learning-sites.no-shows", titleKey: "fact.noShows", summary: "Booked consultations the person did not come to"
    ) { query, db in try records(query, db, attendance: "no-show") }

    /// People who came to a consultation, each once (by e-mail address while the booking
    /// keeps it; after the retention period each consultation counts on its own).
    static let peopleAdvised = FactDeclaration(
        "learning-sites.people-advised", titleKey: "fact.peopleAdvised", summary: "Distinct people advised in a consultation",
        counting: .distinctPeople, collect: held.collect)

    private static func records(_ query: FactQuery, _ db: any DatabaseConnection, attendance: String?) throws -> [FactRecord] {
        let region = query.region
        let filter: SQL = attendance.map { " AND k.attendance = \($0)" } ?? ""
        return try db.query("""
            SELECT s.site_id, s.starts_at, k.email, k.account_id FROM learning_sites_consultations c
            JOIN learning_sites_slots s ON s.id = c.slot_id
            JOIN kernel_bookings k ON k.id = c.booking_id
            WHERE c.region = \(region) AND s.region = \(region) AND k.region = \(region)
              AND s.starts_at >= \(query.from) AND s.starts_at < \(query.to)\(filter)
            ORDER BY s.starts_at, c.id
            """).compactMap { row -> FactRecord? in
            let reference = "site:\(try row.get("site_id", as: Int64.self))"
            guard query.includes(reference) else { return nil }
            let email: String? = try row.get("email")
            let account: Int64? = try row.get("account_id")
            return FactRecord(reference: reference, at: try row.get("starts_at"),
                              person: email.map(FactRecord.person(email:)) ?? account.map { "account:\($0)" })
        }
    }
}
