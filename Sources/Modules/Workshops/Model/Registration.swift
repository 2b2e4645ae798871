import Foundation
import Kernel

/// A person's registration for a workshop (all its sessions): the kernel booking that holds
/// the place or the waiting-list position, name, address and language, plus what the
/// workshop asks for here (phone, accessibility needs, answers to its questions).
struct Registration: Sendable, Equatable {
    var id: Int64
    var workshopID: Int64
    var booking: Booking
    var phone: String?
    var accessibility: String?
    /// Answers by question id: text, the chosen option's index, or "yes"/"no".
    var answers: [String: String]
    var source: Source
    var createdAt: Date

    enum Source: String, Sendable, Codable {
        case form, api, account, coordinator
    }

    var isActive: Bool { booking.state == .confirmed || booking.state == .waitlisted }

    static let columns: SQL = """
        SELECT id, workshop_id, booking_id, phone, accessibility, answers, source, created_at FROM workshops_registrations
        """

    /// A registration row; the booking comes from the ledger.
    struct Row: Sendable {
        var id: Int64
        var workshopID: Int64
        var bookingID: Int64
        var phone: String?
        var accessibility: String?
        var answers: [String: String]
        var source: Source
        var createdAt: Date

        init(_ row: Kernel.Row) throws {
            id = try row.get("id")
            workshopID = try row.get("workshop_id")
            bookingID = try row.get("booking_id")
            phone = try row.get("phone")
            accessibility = try row.get("accessibility")
            let answersText: String = try row.get("answers")
            answers = (try? JSONValue.parse(answersText))?.objectValue?.compactMapValues(\.stringValue) ?? [:]
            source = Source(rawValue: try row.get("source")) ?? .form
            createdAt = try row.get("created_at")
        }

        func with(_ booking: Booking) -> Registration {
            Registration(
                id: id, workshopID: workshopID, booking: booking, phone: phone, accessibility: accessibility, answers: answers,
                source: source, createdAt: createdAt)
        }
    }

    static func storedAnswers(_ answers: [String: String]) -> String {
        String(decoding: JSONValue.object(answers.mapValues(JSONValue.string)).encoded(), as: UTF8.self)
    }

    /// The key that makes one address register once per workshop.
    static func emailKey(_ email: String?) -> String? {
        email.map { $0.trimmingCharacters(in: .whitespacesAndNewlines).lowercased() }.flatMap { $0.isEmpty ? nil : $0 }
    }
}

/// A question the coordinator asks at registration, with its texts in the region's languages.
struct Question: Sendable, Equatable {
    enum Kind: String, Sendable, CaseIterable, Codable {
        case text, choice
        case yesNo = "yes-no"
    }

    var id: Int64
    var position: Int
    var kind: Kind
    var required: Bool
    /// Label by language code.
    var labels: [String: String]
    /// Choices by language code, the same number in each (for `choice`).
    var options: [String: [String]]

    func label(for languages: [String]) -> String { Localized.pick(labels, for: languages) }

    func options(for languages: [String]) -> [String] {
        for language in languages { if let list = options[language], !list.isEmpty { return list } }
        return options.sorted { $0.key < $1.key }.first?.value ?? []
    }

    var field: String { "answer-\(id)" }

    static let columns: SQL = "SELECT id, position, kind, required, labels, options FROM workshops_questions"

    init(id: Int64, position: Int, kind: Kind, required: Bool, labels: [String: String], options: [String: [String]]) {
        self.id = id
        self.position = position
        self.kind = kind
        self.required = required
        self.labels = labels
        self.options = options
    }

    init(_ row: Row) throws {
        id = try row.get("id")
        position = try row.get("position")
        kind = Kind(rawValue: try row.get("kind")) ?? .text
        required = try row.get("required")
        labels = Localized.decode(try row.get("labels"))
        let optionsText: String = try row.get("options")
        options = ((try? JSONValue.parse(optionsText))?.objectValue ?? [:])
            .mapValues { $0.arrayValue?.compactMap(\.stringValue) ?? [] }
    }
}

/// Texts a coordinator types once per language (topic names, question labels), stored as a
/// JSON object by language code.
enum Localized {
    /// The text for the first language of `languages` that has one, else any.
    static func pick(_ texts: [String: String], for languages: [String]) -> String {
        for language in languages { if let text = texts[language], !text.isEmpty { return text } }
        return texts.sorted { $0.key < $1.key }.first { !$0.value.isEmpty }?.value ?? ""
    }

    static func decode(_ text: String) -> [String: String] {
        (try? JSONValue.parse(text))?.objectValue?.compactMapValues(\.stringValue) ?? [:]
    }

    static func encode(_ texts: [String: String]) -> String {
        String(decoding: JSONValue.object(texts.mapValues(JSONValue.string)).encoded(), as: UTF8.self)
    }
}

/// A subject a workshop is about, named in the region's languages (for the list's filter).
struct Topic: Sendable, Equatable {
    var id: Int64
    var names: [String: String]

    func name(for languages: [String]) -> String { Localized.pick(names, for: languages) }
}

/// A programme: workshops grouped under one title, shown as a numbered agenda.
struct Programme: Sendable, Equatable {
    var id: Int64
    var title: String
    var originalLanguage: String
    var contentID: Int64?
    var published: Bool
}
