import Foundation
import Kernel

/// An instant as the region's wall clock shows it: the local day (`2026-11-23`), its weekday
/// (Monday = 1) and the minute of the day. Opening hours are kept in these terms, so that
/// "open now" is a comparison of small numbers, the same in summer and winter.
struct LocalMoment: Sendable, Equatable {
    var day: LocalDay
    var minute: Int

    init(_ instant: Date, in zone: TimeZone) {
        let components = Calendar.gregorian(zone).dateComponents([.year, .month, .day, .hour, .minute], from: instant)
        day = LocalDay(year: components.year ?? 1970, month: components.month ?? 1, day: components.day ?? 1)
        minute = (components.hour ?? 0) * 60 + (components.minute ?? 0)
    }
}

/// A day of the calendar without a time zone (`2026-11-23`), as opening-hours exceptions
/// and tour plans name days.
struct LocalDay: Sendable, Hashable, Comparable, CustomStringConvertible {
    var year: Int
    var month: Int
    var day: Int

    init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// `YYYY-MM-DD` naming a real day, or nil.
    init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (1...12).contains(month), day >= 1, day <= LocalDay.days(inMonth: month, year: year) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    static func days(inMonth month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 (Howard Hinnant's algorithm).
    var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        return era * 146_097 + yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear - 719_468
    }

    init(dayNumber: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        self.init(year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month: month, day: day)
    }

    /// Monday = 1 … Sunday = 7.
    var weekday: Int { ((dayNumber % 7 + 7 + 3) % 7) + 1 }

    func adding(days: Int) -> LocalDay { LocalDay(dayNumber: dayNumber + days) }

    /// The instant of `minute` (0…1440) on this day in `zone`; a time the spring change skips
    /// moves past the gap.
    func instant(minute: Int, in zone: TimeZone) -> Date {
        let components = DateComponents(year: year, month: month, day: day, hour: minute / 60, minute: minute % 60)
        return Calendar.gregorian(zone).date(from: components) ?? Date(timeIntervalSince1970: TimeInterval(dayNumber) * 86_400)
    }

    static func < (lhs: LocalDay, rhs: LocalDay) -> Bool { lhs.dayNumber < rhs.dayNumber }

    var description: String {
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }
}

/// A wall-clock time as minutes after midnight, written `09:30`; `24:00` ends a day.
enum ClockTime {
    /// `H:MM` or `HH:MM` from 00:00 to 24:00, or nil.
    static func minutes(_ text: String) -> Int? {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
              parts[0].allSatisfy(\.isASCII), parts[1].allSatisfy(\.isASCII),
              let hour = Int(parts[0]), let minute = Int(parts[1]), (0...24).contains(hour), (0...59).contains(minute),
              hour < 24 || minute == 0 else { return nil }
        return hour * 60 + minute
    }

    static func text(_ minutes: Int) -> String {
        let hour = minutes / 60, minute = minutes % 60
        return (hour < 10 ? "0" : "") + "\(hour):" + (minute < 10 ? "0" : "") + "\(minute)"
    }
}
