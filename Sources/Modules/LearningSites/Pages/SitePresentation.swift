import Foundation
import Kernel
import Web

/// Words and dates as readers see them, in their language.
enum SitePresentation {
    static func topic(_ key: String, _ strings: LearningSitesStrings) -> String {
        strings.localizer.text("topic.\(key)")
    }

    static func equipment(_ key: String, _ strings: LearningSitesStrings) -> String {
        strings.localizer.text("equipment.\(key)")
    }

    /// The weekday's name in `language` (Monday = 1).
    static func weekday(_ weekday: Int, language: String) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.locale = Locale(identifier: language)
        // Foundation's symbols start on Sunday.
        return calendar.standaloneWeekdaySymbols[weekday % 7]
    }

    /// `Dienstag, 24. November` in the reader's language. A format style rather than a
    /// `DateFormatter`: Foundation keeps its ICU formatter between calls, and a home page
    /// names a dozen days.
    static func day(_ day: LocalDay, language: String) -> String {
        let style = Date.FormatStyle(locale: Locale(identifier: language), timeZone: utc).weekday(.wide).day().month(.wide)
        return Date(timeIntervalSince1970: TimeInterval(day.dayNumber) * 86_400 + 43_200).formatted(style)
    }

    private static let utc = TimeZone(identifier: "UTC") ?? .gmt

    /// `14:00–17:00`, isolated left-to-right so that an Arabic or Persian line does not turn
    /// it into `17:00–14:00`, and joined so that a narrow table cell does not break it.
    static func range(_ opens: Int, _ closes: Int) -> String {
        "\u{2066}\(ClockTime.text(opens))\u{2060}–\u{2060}\(ClockTime.text(closes))\u{2069}"
    }

    static func range(_ start: Date, _ end: Date, zone: TimeZone) -> String {
        range(LocalMoment(start, in: zone).minute, LocalMoment(end, in: zone).minute)
    }

    /// `Di 24.11. 14:30` style label of a slot start: day and time.
    static func slot(_ start: Date, zone: TimeZone, language: String) -> String {
        let moment = LocalMoment(start, in: zone)
        return day(moment.day, language: language) + ListJoining.separator(for: language) + ClockTime.text(moment.minute)
    }

    /// `Dienstag, 24. November, 14:30–15:00`: a slot's day and times.
    static func slotRange(_ start: Date, _ end: Date, zone: TimeZone, language: String) -> String {
        day(LocalMoment(start, in: zone).day, language: language) + ListJoining.separator(for: language) + range(start, end, zone: zone)
    }

    static func languages(_ codes: [String], language: String) -> String {
        ListJoining.join(codes.map { LanguageCode.name($0, in: language) }, language: language)
    }

    /// The hours of one day in words: `09:00–13:00, 14:00–18:00 (by appointment)` or why it is closed.
    static func hours(_ day: DayHours, _ strings: LearningSitesStrings) -> String {
        var text: String
        switch day.status {
        case .holiday: text = strings.hoursHoliday
        case .closed: text = strings.hoursClosed
        default:
            text = day.intervals.isEmpty ? strings.hoursClosed : day.intervals.map { interval in
                Self.range(interval.opens, interval.closes) + (interval.appointmentOnly ? " (\(strings.hoursByAppointment))" : "")
            }.joined(separator: ", ")
            if day.status == .special { text += " (\(strings.hoursSpecial))" }
        }
        if let note = day.note { text += " – " + note }
        return text
    }

    static func distance(_ metres: Double, _ strings: LearningSitesStrings) -> String {
        metres < 1000 ? strings.distanceMetres(metres: String(Int((metres / 10).rounded() * 10)))
            : strings.distanceKilometres(kilometres: String(format: "%.1f", metres / 1000))
    }

    /// A link to the point on OpenStreetMap (works without JavaScript on any phone).
    static func mapLink(_ point: Coordinates) -> String {
        let latitude = String(format: "%.5f", point.latitude), longitude = String(format: "%.5f", point.longitude)
        return "https://www.openstreetmap.org/?mlat=\(latitude)&mlon=\(longitude)#map=17/\(latitude)/\(longitude)"
    }
}

extension SitePresentation {
    /// An input problem in the reader's language, for the form field it names.
    static func problem(_ problem: InputProblem, _ strings: LearningSitesStrings) -> String {
        switch problem {
        case .required: strings.problemRequired
        case .tooLong(_, let maximum): strings.problemTooLong(maximum: String(maximum))
        case .invalidTime: strings.problemInvalidTime
        case .closesBeforeOpens: strings.problemClosesBeforeOpens
        case .overlapping(_, let other): strings.problemOverlapping(other: other)
        case .invalidDay: strings.problemInvalidDay
        case .invalidNumber(_, let range): strings.problemInvalidNumber(from: String(range.lowerBound), to: String(range.upperBound))
        case .invalidCoordinate(_, let range): strings.problemInvalidNumber(from: String(range.lowerBound), to: String(range.upperBound))
        case .unknownChoice: strings.problemUnknownChoice
        case .invalidEmail: strings.problemInvalidEmail
        case .invalidPhone: strings.problemInvalidPhone
        case .invalidWebsite: strings.problemInvalidWebsite
        case .contactRequired: strings.problemContactRequired
        case .outsideOpeningHours(_, let occurrence): strings.problemOutsideOpeningHours(occurrence: occurrence)
        case .invalidSchedule(_, let detail): detail
        case .dayInPast: strings.problemDayInPast
        }
    }

    static func conflict(_ conflict: StaffConflict, _ strings: LearningSitesStrings) -> String {
        switch conflict {
        case .bookedSlotsWouldFallAway(let count, let first): strings.conflictBookedSlots(count: count, first: first)
        case .siteHasHistory(let count): strings.conflictSiteHistory(count: count)
        case .hoursHaveBookings(let count): strings.conflictHoursBooked(count: count)
        case .attendanceTooEarly: strings.conflictAttendanceEarly
        case .outcomeNeedsAttendance: strings.conflictOutcomeAttendance
        case .kindCannotChange: strings.conflictKind
        case .onlyMobileSitesTour: strings.conflictTour
        }
    }

    /// Why a slot cannot be booked or a booking cancelled, in the reader's language.
    static func refusal(_ refusal: ConsultationDesk.Refusal, _ strings: LearningSitesStrings) -> String {
        switch refusal {
        case .slotNotFound: strings.refusalNotFound
        case .withdrawn: strings.refusalWithdrawn
        case .started: strings.refusalStarted
        case .taken: strings.refusalTaken
        }
    }
}
