import Foundation
import Kernel

/// What the module holds on a person: consultations they booked (found by the booking's
/// e-mail address or account; their phone number and note live here) and, for peer helpers,
/// their helper entries. Erasure clears phone and note (the kernel anonymises the booking
/// itself right after) and removes helper entries; topic, language and attendance stay for
/// the counts.
enum LearningSitesPrivacy {
    static let hooks = PrivacyHooks(
        export: { person, db in
            let consultations = try db.query("""
                SELECT c.region, c.topic, c.language, c.phone, c.note, s.starts_at, si.name
                FROM learning_sites_consultations c
                JOIN kernel_bookings k ON k.id = c.booking_id
                JOIN learning_sites_slots s ON s.id = c.slot_id
                JOIN learning_sites si ON si.id = s.site_id
                WHERE k.email = \(person.email) OR k.account_id = \(person.accountID ?? -1)
                ORDER BY c.id
                """).map { row -> JSONValue in
                [
                    "region": .string(try row.get("region")), "site": .string(try row.get("name")),
                    "startsAt": .string(Timestamp.iso8601(try row.get("starts_at", as: Date.self))),
                    "topic": .string(try row.get("topic")), "language": .string(try row.get("language")),
                    "phone": (try row.get("phone", as: String?.self)).map(JSONValue.string) ?? .null,
                    "note": (try row.get("note", as: String?.self)).map(JSONValue.string) ?? .null,
                ]
            }
            let helpers = try db.query("""
                SELECT h.region, h.display_name, h.languages, si.name FROM learning_sites_helpers h JOIN learning_sites si ON si.id = h.site_id
                WHERE h.account_id = \(person.accountID ?? -1) ORDER BY h.id
                """).map { row -> JSONValue in
                [
                    "region": .string(try row.get("region")), "site": .string(try row.get("name")),
                    "displayName": .string(try row.get("display_name")),
                    "languages": .array(JSONColumn.strings(try row.get("languages")).map(JSONValue.string)),
                ]
            }
            return ["consultations": .array(consultations), "peerHelper": .array(helpers)]
        },
        erase: { person, db in
            let anonymised = try db.execute("""
                UPDATE learning_sites_consultations SET phone = NULL, note = NULL
                WHERE booking_id IN (SELECT id FROM kernel_bookings WHERE email = \(person.email) OR account_id = \(person.accountID ?? -1))
                """)
            let helpers = try db.query("SELECT id, region, site_id FROM learning_sites_helpers WHERE account_id = \(person.accountID ?? -1)")
                .map { (id: try $0.get("id", as: Int64.self), region: try $0.get("region", as: String.self), site: try $0.get("site_id", as: Int64.self)) }
            try db.execute("DELETE FROM learning_sites_helper_hours WHERE helper_id IN (\(list: helpers.map(\.id)))")
            let erased = try db.execute("DELETE FROM learning_sites_helpers WHERE id IN (\(list: helpers.map(\.id)))")
            for helper in helpers {
                try SiteStore.refreshLanguages(siteID: helper.site, region: helper.region, in: db)
            }
            return ErasureSummary(erased: erased, anonymised: anonymised)
        })
}
