import Foundation

/// A five-field cron expression (`minute hour day-of-month month day-of-week`) for periodic
/// jobs. Fields take `*`, numbers, ranges `a-b`, steps `*/n` and `a-b/n`, lists `a,b`, and
/// names (`jan`…`dec`, `sun`…`sat`; day-of-week 0 and 7 are Sunday). As in classic cron, when
/// both day fields are restricted a day matching either runs. `@hourly`, `@daily`,
/// `@weekly`, `@monthly` and `@yearly` are shorthands.
///
/// Times are wall-clock times in a time zone: a time skipped by a daylight-saving change
/// runs just after the change, a time that occurs twice runs once.
public struct CronExpression: Sendable, Equatable, CustomStringConvertible {
    public let description: String
    let minutes: [Int]
    let hours: [Int]
    let daysOfMonth: Set<Int>
    let months: Set<Int>
    /// 0 = Sunday … 6 = Saturday.
    let daysOfWeek: Set<Int>
    let dayOfMonthRestricted: Bool
    let dayOfWeekRestricted: Bool

    static let shorthands = [
        "@hourly": "0 * * * *", "@daily": "0 0 * * *", "@midnight": "0 0 * * *",
        "@weekly": "0 0 * * 0", "@monthly": "0 0 1 * *", "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *",
    ]
    static let monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    static let weekdayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]

    public init(parsing text: String) throws(CronError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let expanded = Self.shorthands[trimmed.lowercased()] ?? trimmed
        let fields = expanded.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard fields.count == 5 else {
            throw CronError(expression: text, message: "needs five fields (minute hour day-of-month month day-of-week), found \(fields.count)")
        }
        func field(_ index: Int, _ name: String, _ range: ClosedRange<Int>, names: [String] = [], nameBase: Int = 0) throws(CronError) -> Set<Int> {
            do {
                return try Self.parseField(fields[index], range: range, names: names, nameBase: nameBase)
            } catch {
                throw CronError(expression: text, message: "\(name): \(error.message)")
            }
        }
        minutes = try field(0, "minute", 0...59).sorted()
        hours = try field(1, "hour", 0...23).sorted()
        daysOfMonth = try field(2, "day of month", 1...31)
        months = try field(3, "month", 1...12, names: Self.monthNames, nameBase: 1)
        daysOfWeek = Set(try field(4, "day of week", 0...7, names: Self.weekdayNames).map { $0 % 7 })
        dayOfMonthRestricted = !fields[2].hasPrefix("*")
        dayOfWeekRestricted = !fields[4].hasPrefix("*")
        description = trimmed

        // A day-of-month that no chosen month has (30 February) would never run.
        if dayOfMonthRestricted && !dayOfWeekRestricted {
            let longest = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
            guard months.contains(where: { month in daysOfMonth.contains { $0 <= longest[month - 1] } }) else {
                throw CronError(expression: text, message: "never runs: no chosen month has the chosen day of month")
            }
        }
    }

    private struct FieldError: Error { var message: String }

    private static func parseField(_ text: String, range: ClosedRange<Int>, names: [String], nameBase: Int) throws(FieldError) -> Set<Int> {
        func value(_ token: Substring) throws(FieldError) -> Int {
            if let number = Int(token) {
                guard range.contains(number) else {
                    throw FieldError(message: "\(number) is out of range \(range.lowerBound)–\(range.upperBound)")
                }
                return number
            }
            if let index = names.firstIndex(of: token.lowercased()) { return index + nameBase }
            throw FieldError(message: "'\(token)' is not a number\(names.isEmpty ? "" : " or name (\(names.joined(separator: ", ")))")")
        }
        var values = Set<Int>()
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard !part.isEmpty else { throw FieldError(message: "empty list item in '\(text)'") }
            let pieces = part.split(separator: "/", omittingEmptySubsequences: false)
            guard pieces.count <= 2 else { throw FieldError(message: "'\(part)' has more than one '/'") }
            var step = 1
            if pieces.count == 2 {
                guard let parsed = Int(pieces[1]), parsed > 0 else {
                    throw FieldError(message: "step '\(pieces[1])' must be a positive number")
                }
                step = parsed
            }
            let base = pieces[0]
            let lower: Int
            var upper: Int
            if base == "*" {
                lower = range.lowerBound
                upper = range.upperBound
            } else if let dash = base.firstIndex(of: "-") {
                lower = try value(base[..<dash])
                upper = try value(base[base.index(after: dash)...])
                guard lower <= upper else { throw FieldError(message: "range '\(base)' runs backwards") }
            } else {
                lower = try value(base)
                upper = pieces.count == 2 ? range.upperBound : lower  // `5/15` = from 5 every 15
            }
            upper = min(upper, range.upperBound)
            values.formUnion(stride(from: lower, through: upper, by: step))
        }
        return values
    }

    /// The first run strictly after `date`, as wall-clock time in `timeZone`; nil if none
    /// within eight years (cannot happen for an expression that parsed).
    public func next(after date: Date, in timeZone: TimeZone) -> Date? {
        let calendar = Calendar.gregorian(timeZone)
        let start = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date.addingTimeInterval(60))
        guard let startYear = start.year, let startMonth = start.month, let startDay = start.day,
              let startHour = start.hour, let startMinute = start.minute,
              var day = calendar.date(from: DateComponents(year: startYear, month: startMonth, day: startDay, hour: 12))
        else { return nil }
        for offset in 0..<(8 * 366) {
            let parts = calendar.dateComponents([.year, .month, .day, .weekday], from: day)
            if let year = parts.year, let month = parts.month, let dayOfMonth = parts.day, let weekday = parts.weekday,
               months.contains(month), matches(dayOfMonth: dayOfMonth, weekday: weekday - 1) {
                for hour in hours {
                    for minute in minutes {
                        if offset == 0 && (hour, minute) < (startHour, startMinute) { continue }
                        let wall = DateComponents(year: year, month: month, day: dayOfMonth, hour: hour, minute: minute)
                        if let candidate = calendar.date(from: wall), candidate > date { return candidate }
                    }
                }
            }
            guard let following = calendar.date(byAdding: .day, value: 1, to: day) else { return nil }
            day = following
        }
        return nil
    }

    private func matches(dayOfMonth: Int, weekday: Int) -> Bool {
        switch (dayOfMonthRestricted, dayOfWeekRestricted) {
        case (true, true): daysOfMonth.contains(dayOfMonth) || daysOfWeek.contains(weekday)
        case (true, false): daysOfMonth.contains(dayOfMonth)
        case (false, true): daysOfWeek.contains(weekday)
        case (false, false): true
        }
    }
}

/// A cron expression that cannot be used, with the field that is wrong.
public struct CronError: Error, Sendable, Equatable, CustomStringConvertible {
    public var expression: String
    public var message: String
    public var description: String { "cron '\(expression)': \(message)" }
}
