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
/// and tour plans name days: the kernel's `CivilDate` (parsing, arithmetic, weekday).
typealias LocalDay = CivilDate

extension CivilDate {
    /// The instant of `minute` (0…1440) on this day in `zone`; a time the spring change skips
    /// moves past the gap.
    func instant(minute: Int, in zone: TimeZone) -> Date {
        let components = DateComponents(year: year, month: month, day: day, hour: minute / 60, minute: minute % 60)
        return Calendar.gregorian(zone).date(from: components) ?? Date(timeIntervalSince1970: TimeInterval(dayNumber) * 86_400)
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
