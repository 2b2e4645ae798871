import Foundation
import Kernel

/// When consultation hours or a tour stop take place, as staff enter it: a first day, a time
/// range, and optionally a repetition every n weeks on the same weekday until a last day. Kept
/// as a kernel `Recurrence` (one weekly rule), so calendars and DST work as everywhere else.
struct WeeklySchedule: Sendable, Equatable {
    var firstDay: LocalDay
    var starts: Int
    var ends: Int
    /// 0: once; 1: every week; 2: every second week; …
    var everyWeeks: Int
    var lastDay: LocalDay?

    /// The body of `schedule` in the API.
    struct Body: Codable, Sendable, Equatable {
        var firstDay: String
        var starts: String
        var ends: String
        var everyWeeks: Int?
        var lastDay: String?
    }

    /// Checks the entered schedule; days before `today` are refused for new schedules.
    init(_ body: Body, today: LocalDay?, field: String = "schedule") throws(InputProblem) {
        guard let first = LocalDay(body.firstDay) else { throw .invalidDay(field: "\(field).firstDay") }
        if let today, first < today { throw .dayInPast(field: "\(field).firstDay") }
        guard let starts = ClockTime.minutes(body.starts), starts < 1440 else { throw .invalidTime(field: "\(field).starts") }
        guard let ends = ClockTime.minutes(body.ends), ends > 0 else { throw .invalidTime(field: "\(field).ends") }
        guard starts < ends else { throw .closesBeforeOpens(field: "\(field).ends") }
        let every = body.everyWeeks ?? 0
        guard (0...8).contains(every) else { throw .invalidNumber(field: "\(field).everyWeeks", range: 0...8) }
        var last: LocalDay?
        if let text = body.lastDay, !text.isEmpty {
            guard let day = LocalDay(text) else { throw .invalidDay(field: "\(field).lastDay") }
            guard day >= first else { throw .invalidSchedule(field: "\(field).lastDay", detail: "the last day is before the first day") }
            guard day.dayNumber - first.dayNumber <= 3 * 366 else {
                throw .invalidSchedule(field: "\(field).lastDay", detail: "plan at most three years ahead")
            }
            last = day
        }
        self.init(firstDay: first, starts: starts, ends: ends, everyWeeks: every, lastDay: every == 0 ? nil : last)
    }

    init(firstDay: LocalDay, starts: Int, ends: Int, everyWeeks: Int, lastDay: LocalDay?) {
        self.firstDay = firstDay
        self.starts = starts
        self.ends = ends
        self.everyWeeks = everyWeeks
        self.lastDay = lastDay
    }

    /// Read back from a stored recurrence (as `recurrence(in:)` wrote it).
    init(_ recurrence: Recurrence) {
        let start = LocalMoment(recurrence.start, in: recurrence.timeZone)
        firstDay = start.day
        starts = start.minute
        ends = min(1440, start.minute + Int(recurrence.duration / 60))
        everyWeeks = recurrence.rule.map { $0.interval } ?? 0
        lastDay = recurrence.rule?.until.map { LocalMoment($0, in: recurrence.timeZone).day }
    }

    var weekday: Int { firstDay.weekday }

    var body: Body {
        Body(firstDay: firstDay.description, starts: ClockTime.text(starts), ends: ClockTime.text(ends),
             everyWeeks: everyWeeks, lastDay: lastDay?.description)
    }

    /// The schedule as a recurrence in `zone`: weekly on the first day's weekday, until the
    /// end of the last day.
    func recurrence(in zone: TimeZone) throws(InputProblem) -> Recurrence {
        let start = firstDay.instant(minute: starts, in: zone)
        let duration = TimeInterval(ends - starts) * 60
        do {
            guard everyWeeks > 0 else { return try Recurrence(start: start, duration: duration, timeZone: zone) }
            let weekday = Weekday(rawValue: firstDay.weekday) ?? .monday
            let until = lastDay.map { $0.adding(days: 1).instant(minute: 0, in: zone).addingTimeInterval(-1) }
            let rule = try RecurrenceRule(frequency: .weekly, interval: everyWeeks, until: until, byDay: [WeekdayOccurrence(weekday)])
            return try Recurrence(start: start, duration: duration, timeZone: zone, rule: rule)
        } catch {
            throw .invalidSchedule(field: "schedule", detail: error.description)
        }
    }
}
