import Foundation
import Kernel

/// What the module holds on a person beyond the kernel's booking (name, address and state
/// are the bookings area's): phone, accessibility needs and answers. Erasure anonymises the
/// registration, which keeps counting for places and reports.
enum WorkshopsPrivacy {
    static let hooks = PrivacyHooks(
        export: { person, db in
            .array(try db.query("""
                SELECT r.region, w.title, w.starts_at, r.phone, r.accessibility, r.answers, r.created_at
                FROM workshops_registrations r JOIN workshops w ON w.id = r.workshop_id AND w.region = r.region
                WHERE r.email_key = \(person.email) ORDER BY r.id
                """).map { row in
                let answers: String = try row.get("answers")
                return .object([
                    "region": .string(try row.get("region")), "workshop": .string(try row.get("title")),
                    "startsAt": .string(Timestamp.iso8601(try row.get("starts_at", as: Date.self))),
                    "phone": (try row.get("phone", as: String?.self)).map(JSONValue.string) ?? .null,
                    "accessibility": (try row.get("accessibility", as: String?.self)).map(JSONValue.string) ?? .null,
                    "answers": (try? JSONValue.parse(Array(answers.utf8))) ?? .object([:]),
                    "registeredAt": .string(Timestamp.iso8601(try row.get("created_at", as: Date.self))),
                ])
            })
        },
        erase: { person, db in
            let anonymised = try db.execute("""
                UPDATE workshops_registrations SET email_key = NULL, phone = NULL, accessibility = NULL, answers = '{}'
                WHERE email_key = \(person.email)
                """)
            return ErasureSummary(anonymised: anonymised)
        })
}
