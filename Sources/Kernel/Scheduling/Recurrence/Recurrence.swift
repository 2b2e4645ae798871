import Foundation

/// When something happens, once or repeatedly: a first start, a duration, the time zone
/// whose wall clock the series follows, an optional rule, exceptions (EXDATE: starts taken
/// out) and additions (RDATE: single extra starts). Instants are UTC; the rule is expanded
/// in the zone, so "Wednesdays 18:00" is 18:00 in Berlin in winter and in summer.
///
///     let zone = region.timeZone
///     let first = Recurrence.instant(year: 2026, month: 10, day: 14, hour: 18, in: zone)
///     var course = try Recurrence(start: first, duration: 2 * 3600, timeZone: zone,
///                                 rule: RecurrenceRule(parsing: "FREQ=WEEKLY;BYDAY=WE", timeZone: zone))
///     course.exceptions = [course.start(onLocalDay: 2026, 11, 18)]   // a holiday
///     course = try course.limited(toSessions: 10)                    // 10 sessions after the holiday
///     let sessions = try course.allOccurrences()
public struct Recurrence: Sendable, Equatable {
    public var start: Date
    /// Seconds each occurrence lasts (exact, also across a daylight-saving change).
    public var duration: TimeInterval
    public var timeZone: TimeZone
    public var rule: RecurrenceRule?
    /// Starts taken out of the series (they must match a start exactly).
    public var exceptions: [Date]
    /// Extra starts, each lasting `duration`.
    public var additions: [Date]

    /// The most occurrences one expansion returns; ask for a shorter window beyond it.
    public static let defaultLimit = 10_000

    /// Checks that the rule's first occurrence is `start` (RFC 5545 leaves a start outside
    /// its own rule undefined, and calendar programs disagree about it).
    public init(
        start: Date, duration: TimeInterval, timeZone: TimeZone, rule: RecurrenceRule? = nil, exceptions: [Date] = [],
        additions: [Date] = []
    ) throws(RecurrenceError) {
        guard duration > 0, duration <= 366 * 86_400 else {
            throw RecurrenceError("the duration must be more than zero and at most a year, found \(duration) seconds")
        }
        self.start = start
        self.duration = duration
        self.timeZone = timeZone
        self.rule = rule
        self.exceptions = exceptions
        self.additions = additions
        if let rule {
            let expansion = RuleExpansion(rule: rule, start: start, timeZone: timeZone)
            let first = try expansion.starts(from: nil, before: nil, limit: 1).first
            guard let first, Self.key(first) == Self.key(start) else {
                throw RecurrenceError(
                    "the start (\(Self.describe(start, in: timeZone))) is not an occurrence of \(rule); start on a day the rule includes")
            }
        }
    }

    /// Whether the series ends (no rule, or a rule with COUNT or UNTIL).
    public var isBounded: Bool { rule.map { $0.count != nil || $0.until != nil } ?? true }

    /// Occurrences overlapping `from..<to`, in order. Throws when there are more than `limit`.
    public func occurrences(from: Date, to: Date, limit: Int = Recurrence.defaultLimit) throws(RecurrenceError) -> [Occurrence] {
        guard from < to else { throw RecurrenceError("the window must end after it starts") }
        let earliest = from.addingTimeInterval(-duration)
        var starts: [Date] = []
        if let rule {
            let expansion = RuleExpansion(rule: rule, start: start, timeZone: timeZone)
            starts = try expansion.starts(from: earliest, before: to, limit: limit + exceptions.count + 1)
        } else if start >= earliest && start < to {
            starts = [start]
        }
        starts += additions.filter { $0 >= earliest && $0 < to }
        return try finish(starts, limit: limit).filter { $0.end > from && $0.start < to }
    }

    /// Every occurrence of a bounded series. An unbounded rule (neither COUNT nor UNTIL) is
    /// refused: ask for a window instead.
    public func allOccurrences(limit: Int = Recurrence.defaultLimit) throws(RecurrenceError) -> [Occurrence] {
        var starts = [start]
        if let rule {
            guard isBounded else {
                throw RecurrenceError("the rule \(rule) repeats forever (no COUNT or UNTIL); ask for the occurrences in a window")
            }
            starts = try RuleExpansion(rule: rule, start: start, timeZone: timeZone)
                .starts(from: nil, before: nil, limit: limit + exceptions.count + 1)
        }
        return try finish(starts + additions, limit: limit)
    }

    private func finish(_ starts: [Date], limit: Int) throws(RecurrenceError) -> [Occurrence] {
        let excluded = Set(exceptions.map(Self.key))
        var seen = Set<Int64>()
        let kept = starts.sorted().filter { !excluded.contains(Self.key($0)) && seen.insert(Self.key($0)).inserted }
        guard kept.count <= limit else {
            throw RecurrenceError("more than \(limit) occurrences; ask for a shorter window")
        }
        return kept.map { Occurrence(start: $0, end: $0.addingTimeInterval(duration)) }
    }

    /// The series with COUNT set so that `sessions` occurrences remain after the exceptions
    /// ("10 sessions, skipping the holiday" ends a week later, not with 9).
    public func limited(toSessions sessions: Int) throws(RecurrenceError) -> Recurrence {
        guard var rule = self.rule else { throw RecurrenceError("a single occurrence has no sessions to count") }
        guard rule.until == nil else { throw RecurrenceError("the rule ends with UNTIL; give either a number of sessions or an end") }
        guard sessions >= 1 else { throw RecurrenceError(part: "COUNT", "the number of sessions must be at least 1") }
        rule.count = nil
        let excluded = Set(exceptions.map(Self.key))
        let starts = try RuleExpansion(rule: rule, start: start, timeZone: timeZone)
            .starts(from: nil, before: nil, limit: sessions + excluded.count)
        var kept = 0
        var generated = 0
        for instant in starts {
            generated += 1
            if !excluded.contains(Self.key(instant)) { kept += 1 }
            if kept == sessions { break }
        }
        guard kept == sessions else { throw RecurrenceError("the rule \(rule) does not have \(sessions) sessions") }
        var copy = self
        copy.rule = try RecurrenceRule(
            frequency: rule.frequency, interval: rule.interval, count: generated, byDay: rule.byDay,
            byMonthDay: rule.byMonthDay, byMonth: rule.byMonth, weekStart: rule.weekStart)
        return copy
    }

    /// The start an occurrence on the local day `year-month-day` would have (the start's
    /// wall-clock time that day), for exceptions and additions.
    public func start(onLocalDay year: Int, _ month: Int, _ day: Int) -> Date {
        WallClock(start: start, timeZone: timeZone).instant(on: CivilDate(year: year, month: month, day: day)) ?? start
    }

    /// The instant of a wall-clock time in `zone` (a time skipped in spring moves past the gap).
    public static func instant(
        year: Int, month: Int, day: Int, hour: Int, minute: Int = 0, second: Int = 0, in zone: TimeZone
    ) -> Date? {
        let calendar = Calendar.gregorian(zone)
        return calendar.date(from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second))
    }

    /// Dates compare by millisecond, as storage keeps them.
    static func key(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }

    static func describe(_ date: Date, in zone: TimeZone) -> String {
        let weekday = WallClock(start: date, timeZone: zone).startDay.weekday
        let name = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][weekday - 1]
        return "\(name) \(ICalendarTime.local(date, in: zone)) \(zone.identifier)"
    }
}

/// One occurrence of a series.
public struct Occurrence: Sendable, Hashable, Codable {
    public var start: Date
    public var end: Date

    public init(start: Date, end: Date) {
        self.start = start
        self.end = end
    }
}

extension Recurrence {
    /// A series from its stored JSON (its `Codable` form, as modules keep it in a TEXT
    /// column), or nil when the text is not one. Read with the kernel's
    /// own JSON parser rather than `JSONDecoder`, whose setup cost most of a list's time when
    /// every row holds a schedule.
    public init?(stored text: String) {
        guard !text.isEmpty, let object = (try? JSONValue.parse(text))?.objectValue,
              let startText = object["start"]?.stringValue, let duration = object["durationSeconds"]?.doubleValue,
              let zoneName = object["timeZone"]?.stringValue, let zone = TimeZone(identifier: zoneName) else { return nil }
        // Instants as `Codable` writes them are read directly; anything else by Foundation.
        func date(_ text: String) -> Date? {
            Timestamp.parseISO8601(text) ?? (try? Date(text, strategy: Date.ISO8601FormatStyle()))
        }
        func dates(_ key: String) -> [Date]? {
            guard let values = object[key] else { return [] }
            guard let list = values.arrayValue else { return nil }
            let parsed = list.compactMap { $0.stringValue.flatMap(date) }
            return parsed.count == list.count ? parsed : nil
        }
        guard let start = date(startText), let exceptions = dates("exceptions"), let additions = dates("additions") else {
            return nil
        }
        var rule: RecurrenceRule?
        if let ruleValue = object["rule"], ruleValue != .null {
            guard let ruleText = ruleValue.stringValue, let parsed = try? RecurrenceRule(parsing: ruleText, timeZone: zone) else { return nil }
            rule = parsed
        }
        guard let recurrence = try? Recurrence(
            start: start, duration: duration, timeZone: zone, rule: rule, exceptions: exceptions, additions: additions) else { return nil }
        self = recurrence
    }
}

extension Recurrence: Codable {
    enum CodingKeys: String, CodingKey { case start, durationSeconds, timeZone, rule, exceptions, additions }

    /// Stored as JSON with ISO 8601 instants and the rule as RRULE text, so that a module
    /// can keep a series in one TEXT column.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func date(_ text: String, _ key: CodingKeys) throws -> Date {
            // The format style, not ISO8601DateFormatter: creating one of those costs about a
            // tenth of a millisecond, paid for every workshop row a list decodes.
            guard let date = try? Date(text, strategy: Date.ISO8601FormatStyle()) else {
                throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "'\(text)' is not an ISO 8601 instant")
            }
            return date
        }
        let zoneName = try container.decode(String.self, forKey: .timeZone)
        guard let zone = TimeZone(identifier: zoneName) else {
            throw DecodingError.dataCorruptedError(forKey: .timeZone, in: container, debugDescription: "'\(zoneName)' is not a time zone")
        }
        let ruleText = try container.decodeIfPresent(String.self, forKey: .rule)
        let rule: RecurrenceRule?
        do {
            rule = try ruleText.map { text throws(RecurrenceError) in try RecurrenceRule(parsing: text, timeZone: zone) }
        } catch {
            throw DecodingError.dataCorruptedError(forKey: .rule, in: container, debugDescription: error.description)
        }
        try self.init(
            start: date(try container.decode(String.self, forKey: .start), .start),
            duration: try container.decode(Double.self, forKey: .durationSeconds), timeZone: zone, rule: rule,
            exceptions: try (container.decodeIfPresent([String].self, forKey: .exceptions) ?? []).map { try date($0, .exceptions) },
            additions: try (container.decodeIfPresent([String].self, forKey: .additions) ?? []).map { try date($0, .additions) })
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        let iso = Date.ISO8601FormatStyle()
        try container.encode(iso.format(start), forKey: .start)
        try container.encode(duration, forKey: .durationSeconds)
        try container.encode(timeZone.identifier, forKey: .timeZone)
        try container.encodeIfPresent(rule?.description, forKey: .rule)
        if !exceptions.isEmpty { try container.encode(exceptions.map(iso.format), forKey: .exceptions) }
        if !additions.isEmpty { try container.encode(additions.map(iso.format), forKey: .additions) }
    }
}
