import Foundation

/// Dates and times as a reader of one language writes them, in a region's time zone:
/// "Mi. 2. Dez. 2026, 18:00–20:00 Uhr", "أربعاء، 2 ديسمبر، 2026، 6:00–8:00 م". For pages and
/// mails; machine formats (JSON, iCalendar, CSV) keep ISO 8601.
public struct LocalDates: Sendable {
    public let locale: Locale
    public let timeZone: TimeZone

    public init(language: String, timeZone: TimeZone) {
        locale = Locale(identifier: language)
        self.timeZone = timeZone
    }

    private var calendar: Calendar {
        Calendar.gregorian(timeZone)
    }

    /// The day with its weekday: "Mittwoch, 2. Dezember 2026".
    public func day(_ date: Date) -> String {
        date.formatted(Date.FormatStyle(date: .complete, time: .omitted, locale: locale, calendar: calendar, timeZone: timeZone))
    }

    /// Day and time: "2. Dez. 2026, 18:00".
    public func moment(_ date: Date) -> String {
        date.formatted(Date.FormatStyle(date: .abbreviated, time: .shortened, locale: locale, calendar: calendar, timeZone: timeZone))
    }

    /// The time of day: "18:00", "6:00 PM".
    public func time(_ date: Date) -> String {
        date.formatted(Date.FormatStyle(date: .omitted, time: .shortened, locale: locale, calendar: calendar, timeZone: timeZone))
    }

    /// From start to end with the weekday, naming the day once when both fall on it:
    /// "Mi. 2. Dez. 2026, 18:00–20:00 Uhr".
    public func span(_ start: Date, _ end: Date) -> String {
        guard end > start else { return moment(start) }
        let style = Date.IntervalFormatStyle(locale: locale, calendar: calendar, timeZone: timeZone)
            .weekday(.abbreviated).day().month(.abbreviated).year().hour().minute()
        return (start..<end).formatted(style)
    }
}
