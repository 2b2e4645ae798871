import Foundation

/// One interval of a site's regular week: on `weekday` (Monday = 1) from `opens` to `closes`
/// (minutes after midnight, local time). `appointmentOnly` intervals are shown but do not make
/// the site "open now" for people who walk in.
struct OpeningInterval: Sendable, Hashable, Codable {
    var weekday: Int
    var opens: Int
    var closes: Int
    var appointmentOnly: Bool

    enum CodingKeys: String, CodingKey {
        case weekday, opens, closes
        case appointmentOnly = "appointment_only"
    }

    /// `Tu 09:00–13:00`, for messages.
    var label: String { "\(Weekdays.codes[weekday - 1]) \(ClockTime.text(opens))–\(ClockTime.text(closes))" }

    func overlaps(_ other: OpeningInterval) -> Bool {
        weekday == other.weekday && opens < other.closes && other.opens < closes
    }
}

/// A day that differs from the regular week.
struct HoursException: Sendable, Hashable, Codable {
    enum Kind: String, Sendable, Codable, CaseIterable {
        /// Closed for the day (illness, a move, a team day).
        case closed
        /// A public holiday: closed.
        case holiday
        /// No walk-in that day; people come by appointment.
        case appointmentOnly = "appointment-only"
        /// Other hours than usual (`opens`–`closes`; several rows for several intervals).
        case hours
    }

    var day: String
    var kind: Kind
    var opens: Int?
    var closes: Int?
    var note: String?
}

/// Weekday codes as recurrence rules and the API write them.
enum Weekdays {
    static let codes = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]

    /// `MO`…`SU` (any case) or 1…7 as text, to Monday = 1 … Sunday = 7.
    static func number(_ text: String) -> Int? {
        if let index = codes.firstIndex(of: text.uppercased()) { return index + 1 }
        if let number = Int(text), (1...7).contains(number) { return number }
        return nil
    }
}

/// What a site's hours are on one day, with the exceptions applied.
struct DayHours: Sendable, Equatable {
    enum Status: Sendable, Equatable {
        case regular
        case closed
        case holiday
        case appointmentOnly
        case special
    }

    var day: LocalDay
    var status: Status
    /// The intervals of the day (none when closed).
    var intervals: [OpeningInterval]
    var note: String?

    /// Resolves `day` from the regular `week` and the `exceptions` of that day.
    init(day: LocalDay, week: [OpeningInterval], exceptions: [HoursException]) {
        self.day = day
        let regular = week.filter { $0.weekday == day.weekday }.sorted { $0.opens < $1.opens }
        let today = exceptions.filter { $0.day == day.description }
        note = today.compactMap(\.note).first
        if today.contains(where: { $0.kind == .holiday }) {
            status = .holiday
            intervals = []
        } else if today.contains(where: { $0.kind == .closed }) {
            status = .closed
            intervals = []
        } else if today.contains(where: { $0.kind == .hours }) {
            status = .special
            intervals = today.filter { $0.kind == .hours }.compactMap { exception in
                guard let opens = exception.opens, let closes = exception.closes else { return nil }
                return OpeningInterval(weekday: day.weekday, opens: opens, closes: closes, appointmentOnly: false)
            }.sorted { $0.opens < $1.opens }
        } else if today.contains(where: { $0.kind == .appointmentOnly }) {
            status = .appointmentOnly
            intervals = regular.map { var interval = $0; interval.appointmentOnly = true; return interval }
        } else {
            status = .regular
            intervals = regular
        }
    }

    /// Whether people can walk in at `minute`.
    func isOpen(at minute: Int) -> Bool {
        intervals.contains { !$0.appointmentOnly && $0.opens <= minute && minute < $0.closes }
    }

    /// Whether `opens..<closes` lies within the day's hours (by appointment or not).
    func covers(_ opens: Int, _ closes: Int) -> Bool {
        intervals.contains { $0.opens <= opens && closes <= $0.closes }
    }
}

/// Validation of what staff enter as hours.
enum OpeningHoursInput {
    /// The week's intervals, checked: times, order, no overlaps on a day.
    static func week(_ entries: [(weekday: String, opens: String, closes: String, appointmentOnly: Bool)], field: String = "hours")
        throws(InputProblem) -> [OpeningInterval]
    {
        var intervals: [OpeningInterval] = []
        for (index, entry) in entries.enumerated() {
            let name = "\(field)[\(index)]"
            guard let weekday = Weekdays.number(entry.weekday) else { throw .unknownChoice(field: "\(name).weekday", value: entry.weekday) }
            let interval = try interval(weekday: weekday, opens: entry.opens, closes: entry.closes, field: name)
            if let other = intervals.first(where: { $0.overlaps(interval) }) {
                throw .overlapping(field: name, other: other.label)
            }
            intervals.append(OpeningInterval(weekday: weekday, opens: interval.opens, closes: interval.closes, appointmentOnly: entry.appointmentOnly))
        }
        return intervals.sorted { ($0.weekday, $0.opens) < ($1.weekday, $1.opens) }
    }

    static func interval(weekday: Int, opens: String, closes: String, field: String) throws(InputProblem) -> OpeningInterval {
        guard let start = ClockTime.minutes(opens), start < 1440 else { throw .invalidTime(field: "\(field).opens") }
        guard let end = ClockTime.minutes(closes), end > 0 else { throw .invalidTime(field: "\(field).closes") }
        guard start < end else { throw .closesBeforeOpens(field: "\(field).closes") }
        return OpeningInterval(weekday: weekday, opens: start, closes: end, appointmentOnly: false)
    }

    /// One day's exception, checked; `hours` needs intervals that do not overlap.
    static func exception(
        day: String, kind: String, hours: [(opens: String, closes: String)], note: String?, today: LocalDay, field: String = "exception"
    ) throws(InputProblem) -> [HoursException] {
        // The API names fields as its body does (`kind`), the form with its prefix (`exception.kind`).
        let prefix = field.isEmpty ? "" : field + "."
        guard let date = LocalDay(day) else { throw .invalidDay(field: "\(prefix)day") }
        guard date >= today else { throw .dayInPast(field: "\(prefix)day") }
        guard let kind = HoursException.Kind(rawValue: kind) else { throw .unknownChoice(field: "\(prefix)kind", value: kind) }
        let note = note?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let note, note.count > 200 { throw .tooLong(field: "\(prefix)note", maximum: 200) }
        let text = note?.isEmpty == false ? note : nil
        guard kind == .hours else {
            return [HoursException(day: date.description, kind: kind, opens: nil, closes: nil, note: text)]
        }
        guard !hours.isEmpty else { throw .required(field: "\(prefix)hours") }
        var intervals: [OpeningInterval] = []
        for (index, entry) in hours.enumerated() {
            let interval = try interval(weekday: date.weekday, opens: entry.opens, closes: entry.closes, field: "\(prefix)hours[\(index)]")
            if let other = intervals.first(where: { $0.overlaps(interval) }) {
                throw .overlapping(field: "\(prefix)hours[\(index)]", other: other.label)
            }
            intervals.append(interval)
        }
        return intervals.map { HoursException(day: date.description, kind: .hours, opens: $0.opens, closes: $0.closes, note: text) }
    }
}
