import Kernel

/// A change staff asked for that would contradict what is on record; the API answers 409
/// naming the field, pages show the catalog's text for the case.
enum StaffConflict: Error, Sendable, Equatable, CustomStringConvertible {
    /// Booked consultations would lose their slot (cancel them first).
    case bookedSlotsWouldFallAway(count: Int, first: String)
    /// Consultations were booked at the site; it can only be unpublished.
    case siteHasHistory(count: Int)
    /// Future consultations are booked in these hours.
    case hoursHaveBookings(count: Int)
    case attendanceTooEarly
    case outcomeNeedsAttendance
    case kindCannotChange
    case onlyMobileSitesTour

    var field: String {
        switch self {
        case .bookedSlotsWouldFallAway: "schedule"
        case .siteHasHistory: "site"
        case .hoursHaveBookings: "hours"
        case .attendanceTooEarly: "attendance"
        case .outcomeNeedsAttendance: "outcome"
        case .kindCannotChange: "kind"
        case .onlyMobileSitesTour: "site"
        }
    }

    var description: String {
        switch self {
        case .bookedSlotsWouldFallAway(let count, let first):
            "\(count) booked consultation(s), the first on \(first), would fall away; cancel them first or keep those hours"
        case .siteHasHistory(let count): "the site has \(count) consultations on record, which reports count; unpublish it instead"
        case .hoursHaveBookings(let count): "\(count) future consultation(s) are booked in these hours; cancel them first"
        case .attendanceTooEarly: "attendance can be recorded from 15 minutes before the consultation on"
        case .outcomeNeedsAttendance: "record that the person came before logging the outcome"
        case .kindCannotChange: "a site's kind cannot change; create a new site instead"
        case .onlyMobileSitesTour: "only mobile sites have a tour plan"
        }
    }

    var httpError: HTTPError { HTTPError.conflict(description, field: field) }
}
