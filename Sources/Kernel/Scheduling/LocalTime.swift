import Foundation

/// Times as people read them in pages: the wall clock of the region's zone, numeric and the
/// same in every language (`2026-11-22 18:05`).
public enum LocalTime {
    public static func display(_ date: Date, in zone: TimeZone) -> String {
        let text = Array(ICalendarTime.local(date, in: zone))  // 20261122T180500
        return "\(String(text[0..<4]))-\(String(text[4..<6]))-\(String(text[6..<8])) \(String(text[9..<11])):\(String(text[11..<13]))"
    }
}

extension Calendar {
    /// The Gregorian calendar reading wall-clock time in `zone`: the one calendar every
    /// date computation here uses.
    public static func gregorian(_ zone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar
    }
}
