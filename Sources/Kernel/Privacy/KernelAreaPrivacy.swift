import Foundation

/// What the bookings hold on a person (name, address, what they booked), for export and
/// erasure. Erasure anonymises the bookings, so places and waiting lists keep their counts.
enum BookingsPrivacy {
    static let hooks = PrivacyHooks(
        export: { person, db in
            .array(try db.query("""
                SELECT b.region, b.state, b.attendance, b.name, b.email, b.language, b.created_at, k.title, k.starts_at
                FROM kernel_bookings b JOIN kernel_bookables k ON k.id = b.bookable_id
                WHERE b.email = \(person.email) OR b.account_id = \(person.accountID ?? -1)
                ORDER BY b.id
                """).map { row in
                .object([
                    "region": .string(try row.get("region")), "title": .string(try row.get("title")),
                    "startsAt": (try row.get("starts_at", as: Date?.self)).map { .string(Timestamp.iso8601($0)) } ?? .null,
                    "state": .string(try row.get("state")),
                    "attendance": (try row.get("attendance", as: String?.self)).map(JSONValue.string) ?? .null,
                    "name": .string(try row.get("name")),
                    "email": (try row.get("email", as: String?.self)).map(JSONValue.string) ?? .null,
                    "bookedAt": .string(Timestamp.iso8601(try row.get("created_at", as: Date.self))),
                ])
            })
        },
        erase: { person, db in
            let anonymised = try db.execute("""
                UPDATE kernel_bookings SET name = '-', email = NULL, language = NULL, account_id = NULL
                WHERE email = \(person.email) OR account_id = \(person.accountID ?? -1)
                """)
            return ErasureSummary(anonymised: anonymised)
        })
}

/// The mail sent to a person. Erasure deletes what was sent or failed; mail still queued
/// goes out (it was caused before the request) and is deleted by the outbox's own purge.
enum OutboxPrivacy {
    static let hooks = PrivacyHooks(
        export: { person, db in
            .array(try db.query("""
                SELECT region, subject, state, created_at, sent_at FROM kernel_mail_outbox
                WHERE recipient = \(person.email) ORDER BY id
                """).map { row in
                .object([
                    "region": (try row.get("region", as: String?.self)).map(JSONValue.string) ?? .null,
                    "subject": .string(try row.get("subject")), "state": .string(try row.get("state")),
                    "queuedAt": .string(Timestamp.iso8601(try row.get("created_at", as: Date.self))),
                    "sentAt": (try row.get("sent_at", as: Date?.self)).map { .string(Timestamp.iso8601($0)) } ?? .null,
                ])
            })
        },
        erase: { person, db in
            ErasureSummary(erased: try db.execute("""
                DELETE FROM kernel_mail_outbox WHERE recipient = \(person.email) AND state <> 'queued'
                """))
        })
}
