import Foundation

/// A recurrence rule, the RFC 5545 subset people need for courses and consultation hours:
/// FREQ (DAILY, WEEKLY, MONTHLY, YEARLY), INTERVAL, COUNT, UNTIL, BYDAY (with ordinals
/// such as `2WE` and `-1FR` for monthly and yearly rules), BYMONTHDAY, BYMONTH and WKST.
/// Anything else is refused with a message naming the part.
public struct RecurrenceRule: Sendable, Hashable, CustomStringConvertible {
    public enum Frequency: String, Sendable, CaseIterable, Codable {
        case daily = "DAILY", weekly = "WEEKLY", monthly = "MONTHLY", yearly = "YEARLY"
    }

    public var frequency: Frequency
    public var interval: Int
    /// The number of occurrences the rule generates (before exceptions are removed).
    public var count: Int?
    /// The last moment an occurrence may start.
    public var until: Date?
    public var byDay: [WeekdayOccurrence]
    /// 1…31 or −31…−1 (from the end of the month).
    public var byMonthDay: [Int]
    public var byMonth: [Int]
    public var weekStart: Weekday

    /// More occurrences than this are not generated from one rule.
    public static let maximumCount = 10_000

    public init(
        frequency: Frequency, interval: Int = 1, count: Int? = nil, until: Date? = nil, byDay: [WeekdayOccurrence] = [],
        byMonthDay: [Int] = [], byMonth: [Int] = [], weekStart: Weekday = .monday
    ) throws(RecurrenceError) {
        self.frequency = frequency
        self.interval = interval
        self.count = count
        self.until = until
        self.byDay = byDay
        self.byMonthDay = byMonthDay
        self.byMonth = byMonth
        self.weekStart = weekStart
        try validate()
    }

    /// Parses `FREQ=WEEKLY;BYDAY=WE;COUNT=10` (an `RRULE:` prefix is allowed). A floating
    /// or date-only UNTIL is read in `timeZone` (a date means the end of that day).
    public init(parsing text: String, timeZone: TimeZone) throws(RecurrenceError) {
        var body = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if body.uppercased().hasPrefix("RRULE:") { body = String(body.dropFirst(6)) }
        guard !body.isEmpty else { throw RecurrenceError("the rule is empty; it needs at least FREQ, e.g. FREQ=WEEKLY;BYDAY=WE") }
        var seen: Set<String> = []
        var frequency: Frequency?
        var interval = 1
        var count: Int?
        var until: Date?
        var byDay: [WeekdayOccurrence] = []
        var byMonthDay: [Int] = []
        var byMonth: [Int] = []
        var weekStart = Weekday.monday
        for part in body.split(separator: ";", omittingEmptySubsequences: true) {
            let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = pieces[0].uppercased().trimmingCharacters(in: .whitespaces)
            guard pieces.count == 2, !pieces[1].isEmpty else {
                throw RecurrenceError(part: name, "needs a value, as in \(name)=…")
            }
            let value = pieces[1].trimmingCharacters(in: .whitespaces)
            guard seen.insert(name).inserted else { throw RecurrenceError(part: name, "is given twice") }
            switch name {
            case "FREQ":
                guard let parsed = Frequency(rawValue: value.uppercased()) else {
                    throw RecurrenceError(part: name, "'\(value)' is not supported; use DAILY, WEEKLY, MONTHLY or YEARLY")
                }
                frequency = parsed
            case "INTERVAL":
                guard let parsed = Int(value), parsed >= 1, parsed <= 1000 else {
                    throw RecurrenceError(part: name, "'\(value)' must be a whole number from 1 to 1000")
                }
                interval = parsed
            case "COUNT":
                guard let parsed = Int(value), parsed >= 1 else {
                    throw RecurrenceError(part: name, "'\(value)' must be a whole number of at least 1")
                }
                count = parsed
            case "UNTIL":
                until = try Self.parseUntil(value, timeZone: timeZone)
            case "BYDAY":
                byDay = try value.split(separator: ",").map { token throws(RecurrenceError) in try Self.parseWeekday(String(token)) }
            case "BYMONTHDAY":
                byMonthDay = try Self.parseNumbers(value, part: name, range: 1...31, allowNegative: true)
            case "BYMONTH":
                byMonth = try Self.parseNumbers(value, part: name, range: 1...12, allowNegative: false)
            case "WKST":
                guard let parsed = Weekday(code: value) else {
                    throw RecurrenceError(part: name, "'\(value)' is not a weekday (MO, TU, WE, TH, FR, SA, SU)")
                }
                weekStart = parsed
            default:
                throw RecurrenceError(part: name, "is not supported (supported: FREQ, INTERVAL, COUNT, UNTIL, BYDAY, BYMONTHDAY, BYMONTH, WKST)")
            }
        }
        guard let frequency else { throw RecurrenceError(part: "FREQ", "is required: DAILY, WEEKLY, MONTHLY or YEARLY") }
        try self.init(
            frequency: frequency, interval: interval, count: count, until: until, byDay: byDay, byMonthDay: byMonthDay,
            byMonth: byMonth, weekStart: weekStart)
    }

    private func validate() throws(RecurrenceError) {
        guard (1...1000).contains(interval) else { throw RecurrenceError(part: "INTERVAL", "must be from 1 to 1000") }
        if count != nil && until != nil { throw RecurrenceError("COUNT and UNTIL cannot both be given; choose one") }
        if let count, count > Self.maximumCount {
            throw RecurrenceError(part: "COUNT", "\(count) is more than the \(Self.maximumCount) occurrences one rule may have")
        }
        if let count, count < 1 { throw RecurrenceError(part: "COUNT", "must be at least 1") }
        if frequency == .daily || frequency == .weekly, let numbered = byDay.first(where: { $0.ordinal != nil }) {
            throw RecurrenceError(
                part: "BYDAY", "'\(numbered)' has a number, which only MONTHLY and YEARLY rules allow (e.g. FREQ=MONTHLY;BYDAY=2WE)")
        }
        if frequency == .weekly && !byMonthDay.isEmpty {
            throw RecurrenceError(part: "BYMONTHDAY", "cannot be used with FREQ=WEEKLY")
        }
        if frequency == .monthly, let wide = byDay.first(where: { abs($0.ordinal ?? 0) > 5 }) {
            throw RecurrenceError(part: "BYDAY", "'\(wide)': a month has at most 5 of each weekday")
        }
        if frequency == .yearly, !byMonth.isEmpty, let wide = byDay.first(where: { abs($0.ordinal ?? 0) > 5 }) {
            throw RecurrenceError(part: "BYDAY", "'\(wide)': with BYMONTH the number counts within the month (at most 5)")
        }
        for day in byMonthDay where day == 0 || abs(day) > 31 {
            throw RecurrenceError(part: "BYMONTHDAY", "\(day) must be from 1 to 31 or −31 to −1")
        }
        for month in byMonth where !(1...12).contains(month) {
            throw RecurrenceError(part: "BYMONTH", "\(month) must be from 1 to 12")
        }
    }

    private static func parseWeekday(_ token: String) throws(RecurrenceError) -> WeekdayOccurrence {
        let trimmed = token.trimmingCharacters(in: .whitespaces).uppercased()
        guard trimmed.count >= 2, let weekday = Weekday(code: String(trimmed.suffix(2))) else {
            throw RecurrenceError(part: "BYDAY", "'\(token)' is not a weekday (MO, TU, WE, TH, FR, SA, SU) with an optional number like 2WE or -1FR")
        }
        let prefix = trimmed.dropLast(2)
        guard !prefix.isEmpty else { return WeekdayOccurrence(weekday) }
        guard let ordinal = Int(prefix.hasPrefix("+") ? prefix.dropFirst() : prefix), ordinal != 0, abs(ordinal) <= 53 else {
            throw RecurrenceError(part: "BYDAY", "'\(token)': the number before the weekday must be from 1 to 53 or −53 to −1")
        }
        return WeekdayOccurrence(weekday, ordinal: ordinal)
    }

    private static func parseNumbers(_ value: String, part: String, range: ClosedRange<Int>, allowNegative: Bool) throws(RecurrenceError) -> [Int] {
        var numbers: [Int] = []
        for token in value.split(separator: ",") {
            let text = token.trimmingCharacters(in: .whitespaces)
            guard let number = Int(text.hasPrefix("+") ? String(text.dropFirst()) : text),
                  range.contains(abs(number)), allowNegative || number > 0 else {
                let allowed = allowNegative ? "\(range.lowerBound) to \(range.upperBound) or −\(range.upperBound) to −1" : "\(range.lowerBound) to \(range.upperBound)"
                throw RecurrenceError(part: part, "'\(text)' must be a number from \(allowed)")
            }
            numbers.append(number)
        }
        return numbers
    }

    /// `20261231T235959Z` (UTC), `20261231T235959` (local) or `20261231` (the end of that day).
    private static func parseUntil(_ value: String, timeZone: TimeZone) throws(RecurrenceError) -> Date {
        let text = value.uppercased()
        let digits = text.filter(\.isNumber)
        let valid = (text.count == 8 && digits.count == 8)
            || (text.count == 15 && digits.count == 14 && text.dropFirst(8).first == "T")
            || (text.count == 16 && digits.count == 14 && text.dropFirst(8).first == "T" && text.hasSuffix("Z"))
        let number = { (offset: Int, length: Int) -> Int in Int(digits.dropFirst(offset).prefix(length)) ?? 0 }
        guard valid else {
            throw RecurrenceError(part: "UNTIL", "'\(value)' is not a date (20261231) or date-time (20261231T180000Z)")
        }
        let calendar = Calendar.gregorian(text.hasSuffix("Z") ? (TimeZone(identifier: "UTC") ?? .gmt) : timeZone)
        var parts = DateComponents(year: number(0, 4), month: number(4, 2), day: number(6, 2), hour: 23, minute: 59, second: 59)
        if digits.count == 14 {
            parts.hour = number(8, 2)
            parts.minute = number(10, 2)
            parts.second = number(12, 2)
        }
        guard let month = parts.month, (1...12).contains(month), let day = parts.day, let year = parts.year,
              (1...CivilDate.daysIn(month: month, year: year)).contains(day),
              (parts.hour ?? 0) < 24, (parts.minute ?? 0) < 60, (parts.second ?? 0) < 61,
              let date = calendar.date(from: parts) else {
            throw RecurrenceError(part: "UNTIL", "'\(value)' is not a valid date")
        }
        return date
    }

    /// The rule as RFC 5545 text; UNTIL in UTC, as required when DTSTART has a time zone.
    public var description: String {
        var parts = ["FREQ=\(frequency.rawValue)"]
        if interval != 1 { parts.append("INTERVAL=\(interval)") }
        if let count { parts.append("COUNT=\(count)") }
        if let until { parts.append("UNTIL=\(ICalendarTime.utc(until))") }
        if !byMonth.isEmpty { parts.append("BYMONTH=" + byMonth.map(String.init).joined(separator: ",")) }
        if !byMonthDay.isEmpty { parts.append("BYMONTHDAY=" + byMonthDay.map(String.init).joined(separator: ",")) }
        if !byDay.isEmpty { parts.append("BYDAY=" + byDay.map(\.description).joined(separator: ",")) }
        if weekStart != .monday { parts.append("WKST=\(weekStart.code)") }
        return parts.joined(separator: ";")
    }
}

/// Date-time text as iCalendar writes it.
enum ICalendarTime {
    /// `20261231T170000Z`.
    static func utc(_ date: Date) -> String {
        local(date, in: TimeZone(identifier: "UTC") ?? .gmt) + "Z"
    }

    /// `20261231T180000`: the wall-clock time in `zone`.
    static func local(_ date: Date, in zone: TimeZone) -> String {
        let calendar = Calendar.gregorian(zone)
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func pad(_ value: Int?, _ width: Int) -> String {
            let text = String(value ?? 0)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(parts.year, 4))\(pad(parts.month, 2))\(pad(parts.day, 2))T\(pad(parts.hour, 2))\(pad(parts.minute, 2))\(pad(parts.second, 2))"
    }
}
