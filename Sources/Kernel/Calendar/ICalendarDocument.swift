import Foundation

/// Writes RFC 5545 calendars: a VCALENDAR with a VTIMEZONE for every zone its events use
/// and one VEVENT per event (a series as one VEVENT with RRULE, EXDATE and RDATE).
/// Phone and desktop calendars subscribe to these feeds.
public enum ICalendarDocument {
    /// - Parameters:
    ///   - name: the calendar's display name (`X-WR-CALNAME`).
    ///   - stamp: DTSTAMP of every event: when this document was made.
    public static func render(name: String, events: [CalendarEvent], timeZone: TimeZone? = nil, stamp: Date = Date()) -> String {
        var lines = ContentLines()
        lines.add("BEGIN", "VCALENDAR")
        lines.add("VERSION", "2.0")
        lines.add("PRODID", "-//Teilhabe//Teilhabe \(KernelVersion.current)//EN")
        lines.add("CALSCALE", "GREGORIAN")
        lines.add("METHOD", "PUBLISH")
        lines.addText("X-WR-CALNAME", name)
        if let timeZone { lines.add("X-WR-TIMEZONE", timeZone.identifier) }

        var zones: [String: TimeZone] = [:]
        var years: [String: ClosedRange<Int>] = [:]
        for event in events {
            let zone = event.schedule.timeZone
            guard zone.identifier != "UTC", zone.identifier != "GMT" else { continue }
            zones[zone.identifier] = zone
            let span = yearSpan(of: event.schedule)
            years[zone.identifier] = years[zone.identifier].map { min($0.lowerBound, span.lowerBound)...max($0.upperBound, span.upperBound) } ?? span
        }
        for identifier in zones.keys.sorted() {
            if let zone = zones[identifier], let span = years[identifier] {
                TimeZoneComponent.write(zone, years: span, into: &lines)
            }
        }
        for event in events { write(event, stamp: stamp, into: &lines) }
        lines.add("END", "VCALENDAR")
        return lines.text
    }

    private static func write(_ event: CalendarEvent, stamp: Date, into lines: inout ContentLines) {
        let schedule = event.schedule
        let zone = schedule.timeZone
        let isUTC = zone.identifier == "UTC" || zone.identifier == "GMT"
        func time(_ name: String, _ dates: [Date]) {
            guard !dates.isEmpty else { return }
            if isUTC {
                lines.add(name, dates.map(ICalendarTime.utc).joined(separator: ","))
            } else {
                lines.add(name, dates.map { ICalendarTime.local($0, in: zone) }.joined(separator: ","), parameters: [("TZID", zone.identifier)])
            }
        }
        lines.add("BEGIN", "VEVENT")
        lines.addText("UID", event.uid)
        lines.add("DTSTAMP", ICalendarTime.utc(stamp))
        time("DTSTART", [schedule.start])
        time("DTEND", [schedule.start.addingTimeInterval(schedule.duration)])
        if let rule = schedule.rule { lines.add("RRULE", rule.description) }
        time("EXDATE", schedule.exceptions.sorted())
        time("RDATE", schedule.additions.sorted())
        lines.addText("SUMMARY", event.summary)
        if let details = event.details { lines.addText("DESCRIPTION", details) }
        if let location = event.location { lines.addText("LOCATION", location) }
        if let url = event.url { lines.add("URL", url) }
        if !event.categories.isEmpty { lines.add("CATEGORIES", event.categories.map(ContentLines.escape).joined(separator: ",")) }
        lines.add("STATUS", event.status.rawValue)
        lines.add("SEQUENCE", String(event.sequence))
        if let modified = event.lastModified { lines.add("LAST-MODIFIED", ICalendarTime.utc(modified)) }
        lines.add("END", "VEVENT")
    }

    /// The years a series touches, from the year before its start (so that an observance is
    /// in force at the start) to its end (unbounded series: next year; the VTIMEZONE rules
    /// carry on beyond).
    private static func yearSpan(of schedule: Recurrence) -> ClosedRange<Int> {
        let clock = WallClock(start: schedule.start, timeZone: schedule.timeZone)
        let first = clock.startDay.year
        var last = first
        if let until = schedule.rule?.until { last = max(last, clock.day(of: until).year) }
        if let count = schedule.rule?.count, let rule = schedule.rule {
            // A generous bound without expanding: COUNT periods of the rule's length.
            let years: Int
            switch rule.frequency {
            case .daily: years = count * rule.interval / 365 + 1
            case .weekly: years = count * rule.interval / 52 + 1
            case .monthly: years = count * rule.interval / 12 + 1
            case .yearly: years = count * rule.interval
            }
            last = max(last, first + min(years, 50))
        }
        if schedule.rule != nil, !schedule.isBounded {
            last = max(last, WallClock(start: Date(), timeZone: schedule.timeZone).startDay.year + 1)
        }
        for addition in schedule.additions { last = max(last, clock.day(of: addition).year) }
        return (first - 1)...last
    }
}
