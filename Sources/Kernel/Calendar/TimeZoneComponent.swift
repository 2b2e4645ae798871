import Foundation

/// The VTIMEZONE of a zone: its standard and daylight-saving offsets and when they change,
/// derived from the system's zone data. When the changes of the covered years follow one
/// yearly pattern (such as "last Sunday of March at 02:00"), each is written once with an
/// RRULE, so that clients know the zone beyond those years; otherwise every change in the
/// covered years is listed.
enum TimeZoneComponent {
    struct Transition {
        var instant: Date
        var offsetFrom: Int
        var offsetTo: Int
        var isDaylight: Bool
        /// The wall-clock time of the change, in the offset before it.
        var onset: (day: CivilDate, hour: Int, minute: Int, second: Int)
        var name: String?

        /// BYDAY for this change: the last or the n-th weekday of its month.
        var weekdayRule: String {
            let length = CivilDate.daysIn(month: onset.day.month, year: onset.day.year)
            let weekday = Weekday(rawValue: onset.day.weekday)?.code ?? "SU"
            return onset.day.day + 7 > length ? "-1\(weekday)" : "\((onset.day.day - 1) / 7 + 1)\(weekday)"
        }

        var pattern: String {
            "\(onset.day.month)|\(weekdayRule)|\(onset.hour):\(onset.minute):\(onset.second)|\(offsetFrom)|\(offsetTo)"
        }
    }

    static func write(_ zone: TimeZone, years: ClosedRange<Int>, into lines: inout ContentLines) {
        let transitions = self.transitions(of: zone, years: years)
        lines.add("BEGIN", "VTIMEZONE")
        lines.add("TZID", zone.identifier)
        if transitions.isEmpty {
            let offset = zone.secondsFromGMT(for: Date())
            lines.add("BEGIN", "STANDARD")
            lines.add("DTSTART", "19700101T000000")
            lines.add("TZOFFSETFROM", offsetText(offset))
            lines.add("TZOFFSETTO", offsetText(offset))
            lines.add("END", "STANDARD")
        } else {
            for isDaylight in [true, false] {
                let group = transitions.filter { $0.isDaylight == isDaylight }
                guard let first = group.first else { continue }
                if Set(group.map(\.pattern)).count == 1 {
                    component(first, rule: "FREQ=YEARLY;BYMONTH=\(first.onset.day.month);BYDAY=\(first.weekdayRule)", into: &lines)
                } else {
                    for transition in group { component(transition, rule: nil, into: &lines) }
                }
            }
        }
        lines.add("END", "VTIMEZONE")
    }

    private static func component(_ transition: Transition, rule: String?, into lines: inout ContentLines) {
        let kind = transition.isDaylight ? "DAYLIGHT" : "STANDARD"
        lines.add("BEGIN", kind)
        let onset = transition.onset
        func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
        let day = onset.day
        lines.add("DTSTART", "\(day.year)\(pad(day.month))\(pad(day.day))T\(pad(onset.hour))\(pad(onset.minute))\(pad(onset.second))")
        if let rule { lines.add("RRULE", rule) }
        lines.add("TZOFFSETFROM", offsetText(transition.offsetFrom))
        lines.add("TZOFFSETTO", offsetText(transition.offsetTo))
        if let name = transition.name { lines.addText("TZNAME", name) }
        lines.add("END", kind)
    }

    /// Every change of offset from the start of the first year to the end of the last.
    static func transitions(of zone: TimeZone, years: ClosedRange<Int>) -> [Transition] {
        guard let start = Recurrence.instant(year: years.lowerBound, month: 1, day: 1, hour: 0, in: .gmt),
              let end = Recurrence.instant(year: years.upperBound + 1, month: 1, day: 1, hour: 0, in: .gmt) else { return [] }
        var transitions: [Transition] = []
        var cursor = start
        while let next = zone.nextDaylightSavingTimeTransition(after: cursor), next < end, transitions.count < 1000 {
            let from = zone.secondsFromGMT(for: next.addingTimeInterval(-1))
            let to = zone.secondsFromGMT(for: next)
            let local = WallClock(start: next.addingTimeInterval(TimeInterval(from)), timeZone: .gmt)
            let name = zone.abbreviation(for: next).flatMap { $0.hasPrefix("GMT") || $0.hasPrefix("UTC") ? nil : $0 }
            transitions.append(Transition(
                instant: next, offsetFrom: from, offsetTo: to, isDaylight: zone.isDaylightSavingTime(for: next),
                onset: (local.startDay, local.time.hour, local.time.minute, local.time.second), name: name))
            cursor = next
        }
        return transitions
    }

    /// `+0100`, `-0330`, `+054500` when seconds are needed.
    static func offsetText(_ seconds: Int) -> String {
        let sign = seconds < 0 ? "-" : "+"
        let value = abs(seconds)
        func pad(_ number: Int) -> String { number < 10 ? "0\(number)" : String(number) }
        let text = "\(sign)\(pad(value / 3600))\(pad(value % 3600 / 60))"
        return value % 60 == 0 ? text : text + pad(value % 60)
    }
}
