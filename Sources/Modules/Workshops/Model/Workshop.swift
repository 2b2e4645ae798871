import Foundation
import Kernel

/// A workshop: one date or a series of sessions people register for once, with its places,
/// its registration window and where it stands (`Status`). Texts in every language are in the
/// kernel's content store; `title` is the title in the original language.
struct Workshop: Sendable, Equatable {
    /// What the coordinator decided. Public pages show the `Phase`, which adds "full" and
    /// "registration closed" from the places and the clock.
    enum Status: String, Sendable, CaseIterable, Codable {
        case draft, open, closed, cancelled, held
    }

    enum Format: String, Sendable, CaseIterable, Codable {
        case inPerson = "in-person", online, hybrid
    }

    enum TargetGroup: String, Sendable, CaseIterable, Codable {
        case volunteersStaff = "volunteers-staff", multipliers, migrantsRefugees = "migrants-refugees", mixed
    }

    var id: Int64
    var region: String
    var title: String
    var originalLanguage: String
    var contentID: Int64?
    var programmeID: Int64?
    var topicID: Int64?
    var targetGroup: TargetGroup
    var format: Format
    /// A place of the kernel's place directory (a learning site), or nil with `address`.
    var placeID: Int64?
    var address: String?
    /// Shown only to confirmed participants (mails, their manage page).
    var onlineLink: String?
    var trainers: [String]
    /// Language codes it is held in.
    var languages: [String]
    var schedule: Recurrence
    var sessions: Int
    var capacity: Int
    var registrationOpensAt: Date?
    var registrationClosesAt: Date?
    var bookableID: Int64?
    var status: Status
    /// Raised on every change people who saved the event should notice (iCalendar SEQUENCE).
    var revision: Int
    var startsAt: Date
    var endsAt: Date
    var createdAt: Date
    var updatedAt: Date
    var publishedAt: Date?
    var heldAt: Date?
    var cancelledAt: Date?

    var reference: String { "workshop:\(id)" }
    var isSeries: Bool { sessions > 1 }
    var isPublished: Bool { status != .draft }

    /// When registration closes: the coordinator's time, else the start of the first session.
    var registrationDeadline: Date { registrationClosesAt ?? startsAt }

    /// Where a reader sees the workshop stand.
    enum Phase: String, Sendable, Codable {
        case draft, open, full, closed, cancelled, held
    }

    func phase(confirmed: Int, now: Date) -> Phase {
        switch status {
        case .draft: return .draft
        case .cancelled: return .cancelled
        case .held: return .held
        case .closed: return .closed
        case .open:
            if now >= endsAt { return .held }
            if !acceptsRegistrations(now: now) { return .closed }
            return confirmed >= capacity ? .full : .open
        }
    }

    /// Open, and inside its registration window.
    func acceptsRegistrations(now: Date) -> Bool {
        status == .open && registrationOpensAt.map { now >= $0 } ?? true && now < registrationDeadline
    }

    /// Every session, in order.
    func occurrences() -> [Occurrence] {
        (try? schedule.allOccurrences()) ?? [Occurrence(start: startsAt, end: endsAt)]
    }

    // MARK: - Rows

    static let columns: SQL = """
        SELECT id, region, title, original_language, content_id, programme_id, topic_id, target_group, format, place_id,
               address, online_link, trainers, languages, schedule, sessions, capacity, registration_opens_at,
               registration_closes_at, bookable_id, status, revision, starts_at, ends_at, created_at, updated_at,
               published_at, held_at, cancelled_at
        FROM workshops
        """

    static func decode(_ row: Row, zone: TimeZone) throws -> Workshop {
        let startsAt: Date = try row.get("starts_at")
        let endsAt: Date = try row.get("ends_at")
        let scheduleText: String = try row.get("schedule")
        let schedule = Recurrence(stored: scheduleText)
            ?? (try? Recurrence(start: startsAt, duration: max(0, endsAt.timeIntervalSince(startsAt)), timeZone: zone))
        guard let schedule else { throw WorkshopError.invalid(field: "schedule", problem: .invalidRule("the stored schedule cannot be read")) }
        return Workshop(
            id: try row.get("id"), region: try row.get("region"), title: try row.get("title"),
            originalLanguage: try row.get("original_language"), contentID: try row.get("content_id"),
            programmeID: try row.get("programme_id"), topicID: try row.get("topic_id"),
            targetGroup: TargetGroup(rawValue: try row.get("target_group")) ?? .mixed,
            format: Format(rawValue: try row.get("format")) ?? .inPerson,
            placeID: try row.get("place_id"), address: try row.get("address"), onlineLink: try row.get("online_link"),
            trainers: Self.lines(try row.get("trainers")), languages: Self.codes(try row.get("languages")),
            schedule: schedule, sessions: try row.get("sessions"), capacity: try row.get("capacity"),
            registrationOpensAt: try row.get("registration_opens_at"), registrationClosesAt: try row.get("registration_closes_at"),
            bookableID: try row.get("bookable_id"), status: Status(rawValue: try row.get("status")) ?? .draft,
            revision: try row.get("revision"), startsAt: startsAt, endsAt: endsAt, createdAt: try row.get("created_at"),
            updatedAt: try row.get("updated_at"), publishedAt: try row.get("published_at"), heldAt: try row.get("held_at"),
            cancelledAt: try row.get("cancelled_at"))
    }

    /// Non-empty lines without surrounding spaces. In Swift rather than `trimmingCharacters`,
    /// which goes through `NSString` and cost a list more than reading its rows.
    static func lines(_ text: String) -> [String] {
        text.split(whereSeparator: \.isNewline).compactMap { line in
            var line = line
            while let first = line.first, first.isWhitespace { line.removeFirst() }
            while let last = line.last, last.isWhitespace { line.removeLast() }
            return line.isEmpty ? nil : String(line)
        }
    }

    /// Language codes are stored as `,de,ar,` so that one language is found with `LIKE '%,ar,%'`.
    static func codes(_ text: String) -> [String] {
        text.split(separator: ",").map(String.init)
    }

    static func storedCodes(_ codes: [String]) -> String {
        codes.isEmpty ? "" : "," + codes.joined(separator: ",") + ","
    }

    static func storedSchedule(_ schedule: Recurrence) throws -> String {
        String(decoding: try JSONEncoder().encode(schedule), as: UTF8.self)
    }
}

/// What is wrong with one field; pages say it in the reader's language, the API in English.
enum Problem: Sendable, Equatable, CustomStringConvertible {
    case required
    case tooLong(Int)
    case notANumber
    case outOfRange(ClosedRange<Int>)
    case invalidDay
    case invalidTime
    case invalidRule(String)
    case endBeforeStart
    case unknownChoice
    case invalidLink
    case invalidEmail
    case invalidPhone
    case tooManySessions

    var description: String {
        switch self {
        case .required: "is required"
        case .tooLong(let maximum): "must be at most \(maximum) characters"
        case .notANumber: "must be a whole number"
        case .outOfRange(let range): "must be from \(range.lowerBound) to \(range.upperBound)"
        case .invalidDay: "must be a day like 2026-03-25"
        case .invalidTime: "must be a time like 18:30"
        case .invalidRule(let reason): "is not a schedule this server understands: \(reason)"
        case .endBeforeStart: "must be after the start"
        case .unknownChoice: "is not one of the choices"
        case .invalidLink: "must be a link starting with https:// or http://"
        case .invalidEmail: "must be an e-mail address like name@example.org"
        case .invalidPhone: "must be a phone number of digits, spaces and + - ( ) /"
        case .tooManySessions: "a workshop has at most 200 sessions"
        }
    }
}

/// Why a change to a workshop or a registration was refused: the field and the problem.
enum WorkshopError: Error, Equatable, CustomStringConvertible {
    case invalid(field: String, problem: Problem)
    case notFound
    case registrationClosed
    case cancelled
    case alreadyRegistered
    case capacityBelowConfirmed(capacity: Int, confirmed: Int)
    case notEditable(Workshop.Status)

    var field: String? {
        switch self {
        case .invalid(let field, _): field
        case .alreadyRegistered: "email"
        case .capacityBelowConfirmed: "capacity"
        case .notFound, .registrationClosed, .cancelled, .notEditable: nil
        }
    }

    var description: String {
        switch self {
        case .invalid(let field, let problem): "\(field) \(problem)"
        case .notFound: "there is no such workshop here"
        case .registrationClosed: "registration for this workshop is closed"
        case .cancelled: "this workshop is cancelled"
        case .alreadyRegistered: "this e-mail address is registered for this workshop already; use the link in the confirmation mail to change or cancel"
        case .capacityBelowConfirmed(let capacity, let confirmed):
            "capacity \(capacity) is below the \(confirmed) confirmed participants; cancel registrations first or choose at least \(confirmed)"
        case .notEditable(let status): "a \(status.rawValue) workshop cannot be changed this way"
        }
    }

    var httpError: HTTPError {
        switch self {
        case .notFound: HTTPError.notFound(description)
        case .registrationClosed, .cancelled, .notEditable: HTTPError.conflict(description)
        case .alreadyRegistered, .capacityBelowConfirmed: HTTPError.conflict(description, field: field)
        case .invalid: HTTPError.unprocessable(description, field: field ?? "body")
        }
    }
}
