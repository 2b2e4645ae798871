import Foundation
import Kernel

/// What the module holds on a person beyond the kernel's booking (name, address and state
/// are the bookings area's): the address they registered with, phone, accessibility needs
/// and answers. A registration is theirs by that address or by the account it was made
/// from. Erasure anonymises the registration, which keeps counting for places and reports.
enum WorkshopsPrivacy {
    static let hooks = PrivacyHooks(export: export, erase: erase)

    static func theirs(_ person: PersonReference) -> SQL {
        if let account = person.accountID { return "(r.email_key = \(person.email) OR r.account_id = \(account))" }
        return "r.email_key = \(person.email)"
    }

    @Sendable static func export(_ person: PersonReference, _ db: any DatabaseConnection) throws -> JSONValue {
        .array(try db.query("""
            SELECT r.region, r.workshop_id, w.title, w.original_language, w.starts_at, r.email_key, r.active, r.phone, r.accessibility, r.answers, r.source, r.created_at
            FROM workshops_registrations r JOIN workshops w ON w.id = r.workshop_id AND w.region = r.region
            WHERE \(theirs(person)) ORDER BY r.id
            """).map { row in
            let region: String = try row.get("region")
            let workshop: Int64 = try row.get("workshop_id")
            let answers = Localized.decode(try row.get("answers"))
            return .object([
                "region": .string(region), "workshop": .string(try row.get("title")),
                "startsAt": .string(Timestamp.iso8601(try row.get("starts_at", as: Date.self))),
                "email": (try row.get("email_key", as: String?.self)).map(JSONValue.string) ?? .null,
                "active": .bool(try row.get("active")),
                "phone": (try row.get("phone", as: String?.self)).map(JSONValue.string) ?? .null,
                "accessibility": (try row.get("accessibility", as: String?.self)).map(JSONValue.string) ?? .null,
                "answers": .array(try readable(answers, workshop: workshop, region: region, language: try row.get("original_language"), in: db)),
                "registeredVia": .string(try row.get("source")),
                "registeredAt": .string(Timestamp.iso8601(try row.get("created_at", as: Date.self))),
            ])
        })
    }

    /// Answers as the person gave them: the question's label (in the workshop's language), and
    /// the option's text for a choice.
    static func readable(
        _ answers: [String: String], workshop: Int64, region: String, language: String, in db: any DatabaseConnection
    ) throws -> [JSONValue] {
        guard !answers.isEmpty else { return [] }
        let questions = try db.query("\(Question.columns) WHERE region = \(region) AND workshop_id = \(workshop) ORDER BY position, id")
            .map(Question.init)
        return questions.compactMap { question in
            guard let answer = answers[String(question.id)] else { return nil }
            let languages = [language]
            let text = question.kind == .choice ? Int(answer).flatMap { question.options(for: languages).dropFirst($0).first } ?? answer : answer
            return .object(["question": .string(question.label(for: languages)), "answer": .string(text)])
        }
    }

    @Sendable static func erase(_ person: PersonReference, _ db: any DatabaseTransaction) throws -> ErasureSummary {
        let anonymised = try db.execute("""
            UPDATE workshops_registrations SET email_key = NULL, account_id = NULL, phone = NULL, accessibility = NULL, answers = '{}'
            WHERE id IN (SELECT r.id FROM workshops_registrations r WHERE \(theirs(person)))
            """)
        return ErasureSummary(anonymised: anonymised)
    }
}
