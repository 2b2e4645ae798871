import Foundation

/// Steps a rule through its periods (days, weeks, months, years from the start) and lists
/// each period's candidate days, in order. Days are civil dates; only the final candidates
/// become instants, at the start's wall-clock time in the series' zone, so an occurrence at
/// 18:00 stays at 18:00 across daylight-saving changes.
struct RuleExpansion {
    let rule: RecurrenceRule
    let start: Date
    let clock: WallClock

    /// Periods in a row without a candidate after which a rule is taken to never match.
    static let emptyPeriodLimit = 2000

    init(rule: RecurrenceRule, start: Date, timeZone: TimeZone) {
        self.rule = rule
        self.start = start
        clock = WallClock(start: start, timeZone: timeZone)
    }

    private var startDay: CivilDate { clock.startDay }
    private func day(of date: Date) -> CivilDate { clock.day(of: date) }
    private func instant(on day: CivilDate) -> Date? { clock.instant(on: day) }

    private var weekStartDay: CivilDate {
        startDay.adding(days: -((startDay.weekday - rule.weekStart.rawValue + 7) % 7))
    }

    /// A period index at or before the one containing `day` (for skipping ahead when the
    /// rule has no COUNT, which would need every earlier occurrence counted).
    func period(before day: CivilDate) -> Int {
        let periods: Int
        switch rule.frequency {
        case .daily: periods = (day.dayNumber - startDay.dayNumber) / rule.interval
        case .weekly: periods = (day.dayNumber - weekStartDay.dayNumber) / (7 * rule.interval)
        case .monthly: periods = ((day.year - startDay.year) * 12 + day.month - startDay.month) / rule.interval
        case .yearly: periods = (day.year - startDay.year) / rule.interval
        }
        return max(0, periods - 1)
    }

    /// The candidate days of period `index`, sorted.
    func candidates(inPeriod index: Int) -> [CivilDate] {
        let step = index * rule.interval
        var days: [CivilDate]
        switch rule.frequency {
        case .daily:
            let day = startDay.adding(days: step)
            days = matchesDayFilters(day) ? [day] : []
        case .weekly:
            let base = weekStartDay.adding(days: 7 * step)
            let weekdays = rule.byDay.isEmpty ? [startDay.weekday] : rule.byDay.map(\.weekday.rawValue)
            days = weekdays.map { base.adding(days: ($0 - rule.weekStart.rawValue + 7) % 7) }
        case .monthly:
            let months = startDay.year * 12 + (startDay.month - 1) + step
            let year = months >= 0 ? months / 12 : (months - 11) / 12
            days = monthDays(year: year, month: months - year * 12 + 1)
        case .yearly:
            days = yearDays(startDay.year + step)
        }
        if !rule.byMonth.isEmpty { days = days.filter { rule.byMonth.contains($0.month) } }
        return Array(Set(days)).sorted()
    }

    /// DAILY rules filter by BYMONTHDAY and BYDAY instead of expanding.
    private func matchesDayFilters(_ day: CivilDate) -> Bool {
        if !rule.byMonthDay.isEmpty {
            let length = CivilDate.daysIn(month: day.month, year: day.year)
            guard rule.byMonthDay.contains(where: { ($0 > 0 ? $0 : length + $0 + 1) == day.day }) else { return false }
        }
        if !rule.byDay.isEmpty, !rule.byDay.contains(where: { $0.weekday.rawValue == day.weekday }) { return false }
        return true
    }

    /// Days of one month by BYMONTHDAY and/or BYDAY (ordinals count within the month), or
    /// the start's day of month (skipped in months that lack it).
    private func monthDays(year: Int, month: Int) -> [CivilDate] {
        let length = CivilDate.daysIn(month: month, year: year)
        let byMonthDay = Set(rule.byMonthDay.map { $0 > 0 ? $0 : length + $0 + 1 }.filter { (1...length).contains($0) })
        var byDay = Set<Int>()
        if !rule.byDay.isEmpty {
            let first = CivilDate(year: year, month: month, day: 1)
            for entry in rule.byDay {
                let offset = (entry.weekday.rawValue - first.weekday + 7) % 7
                let matching = Array(stride(from: 1 + offset, through: length, by: 7))
                byDay.formUnion(Self.pick(matching, ordinal: entry.ordinal))
            }
        }
        let chosen: Set<Int>
        switch (rule.byMonthDay.isEmpty, rule.byDay.isEmpty) {
        case (false, false): chosen = byMonthDay.intersection(byDay)
        case (false, true): chosen = byMonthDay
        case (true, false): chosen = byDay
        case (true, true): chosen = startDay.day <= length ? [startDay.day] : []
        }
        return chosen.map { CivilDate(year: year, month: month, day: $0) }
    }

    /// Days of one year: per BYMONTH month, or BYDAY across the year (ordinals count within
    /// the year), or BYMONTHDAY in every month, or the start's month and day.
    private func yearDays(_ year: Int) -> [CivilDate] {
        if !rule.byMonth.isEmpty {
            return rule.byMonth.flatMap { monthDays(year: year, month: $0) }
        }
        if !rule.byDay.isEmpty && rule.byMonthDay.isEmpty {
            let first = CivilDate(year: year, month: 1, day: 1)
            let length = CivilDate.isLeapYear(year) ? 366 : 365
            var days: [CivilDate] = []
            for entry in rule.byDay {
                let offset = (entry.weekday.rawValue - first.weekday + 7) % 7
                let matching = Array(stride(from: offset, to: length, by: 7))
                days += Self.pick(matching, ordinal: entry.ordinal).map { first.adding(days: $0) }
            }
            return days
        }
        if !rule.byMonthDay.isEmpty {
            return (1...12).flatMap { monthDays(year: year, month: $0) }
        }
        guard startDay.day <= CivilDate.daysIn(month: startDay.month, year: year) else { return [] }
        return [CivilDate(year: year, month: startDay.month, day: startDay.day)]
    }

    /// All of `matching`, or its n-th (from the end when negative).
    private static func pick(_ matching: [Int], ordinal: Int?) -> [Int] {
        guard let ordinal else { return matching }
        let index = ordinal > 0 ? ordinal - 1 : matching.count + ordinal
        return matching.indices.contains(index) ? [matching[index]] : []
    }

    /// Rule occurrences (starts) in order, from the start, skipping ahead to `from` when the
    /// rule has no COUNT, and stopping at COUNT, UNTIL, `before`, or after `limit` starts.
    /// Throws when the rule yields nothing for `emptyPeriodLimit` periods in a row.
    func starts(from: Date?, before: Date?, limit: Int) throws(RecurrenceError) -> [Date] {
        var result: [Date] = []
        var generated = 0
        var index = 0
        if rule.count == nil, let from, from > start { index = period(before: day(of: from).adding(days: -1)) }
        var emptyPeriods = 0
        while true {
            let days = candidates(inPeriod: index)
            var produced = false
            for day in days where day >= startDay {
                guard let instant = instant(on: day), instant >= start else { continue }
                produced = true
                if let until = rule.until, instant > until { return result }
                if let before, instant >= before { return result }
                generated += 1
                if let from {
                    if instant >= from { result.append(instant) }
                } else {
                    result.append(instant)
                }
                if let count = rule.count, generated >= count { return result }
                if result.count >= limit { return result }
            }
            emptyPeriods = produced ? 0 : emptyPeriods + 1
            if emptyPeriods >= Self.emptyPeriodLimit {
                if generated == 0 && result.isEmpty {
                    throw RecurrenceError("the rule \(rule) never produces an occurrence")
                }
                return result
            }
            index += 1
        }
    }
}

/// A series' wall clock: the start's local day and time in the series' zone, and the
/// instant of that time on any other day.
struct WallClock {
    let calendar: Calendar
    let startDay: CivilDate
    let time: (hour: Int, minute: Int, second: Int)

    init(start: Date, timeZone: TimeZone) {
        let calendar = Calendar.gregorian(timeZone)
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: start)
        self.calendar = calendar
        startDay = CivilDate(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1)
        time = (parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0)
    }

    /// The civil day of `date` in the zone.
    func day(of date: Date) -> CivilDate {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return CivilDate(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1)
    }

    /// The instant of `day` at the start's wall-clock time. A time skipped by a spring
    /// change lands just after it (RFC 5545: the offset before the gap); a repeated
    /// autumn time takes its first occurrence.
    func instant(on day: CivilDate) -> Date? {
        calendar.date(from: DateComponents(
            year: day.year, month: day.month, day: day.day, hour: time.hour, minute: time.minute, second: time.second))
    }
}
