import Foundation

/// Something people book that has a number of places: a consultation slot, a workshop
/// date. A module creates it for its own thing (`owner` + `reference`) and books through
/// the kernel's `BookingLedger`, which keeps the count of confirmed places.
public struct Bookable: Sendable, Equatable, Codable {
    public var id: Int64
    public var region: String
    /// The module that offers it.
    public var owner: String
    /// The module's own key for it (`slot:42`).
    public var reference: String
    public var title: String
    public var capacity: Int
    /// Confirmed bookings now (never above `capacity`).
    public var confirmed: Int
    /// People may book it through the kernel's public booking route.
    public var openBooking: Bool
    public var startsAt: Date?
    public var endsAt: Date?

    public var freePlaces: Int { max(0, capacity - confirmed) }
}

/// What a module gives to create a bookable.
public struct NewBookable: Sendable {
    public var owner: String
    public var reference: String
    public var title: String
    public var capacity: Int
    public var openBooking: Bool
    public var startsAt: Date?
    public var endsAt: Date?

    public init(
        owner: String, reference: String, title: String, capacity: Int, openBooking: Bool = false,
        startsAt: Date? = nil, endsAt: Date? = nil
    ) {
        self.owner = owner
        self.reference = reference
        self.title = title
        self.capacity = capacity
        self.openBooking = openBooking
        self.startsAt = startsAt
        self.endsAt = endsAt
    }
}

/// One person's booking of a bookable.
public struct Booking: Sendable, Equatable, Codable {
    public enum State: String, Sendable, Codable, CaseIterable {
        case confirmed
        /// Waiting for a place, in arrival order.
        case waitlisted
        /// A confirmed booking the person (or staff) cancelled.
        case cancelled
        /// A waitlisted person who left the waiting list.
        case left
    }

    public enum Attendance: String, Sendable, Codable {
        case attended
        case noShow = "no-show"
    }

    public var id: Int64
    public var region: String
    public var bookableID: Int64
    public var state: State
    public var attendance: Attendance?
    public var name: String
    public var email: String?
    /// The language the person used (for mails to them).
    public var language: String?
    public var accountID: Int64?
    public var createdAt: Date
    /// Place on the waiting list (1 = next), for waitlisted bookings.
    public var waitlistPosition: Int?
}

extension Booking {
    /// A booking read from a row of `kernel_bookings` (id, region, bookable_id, state,
    /// attendance, name, email, language, account_id, created_at), for modules that join it.
    public init(row: Row) throws {
        let attendance: String? = try row.get("attendance")
        self.init(
            id: try row.get("id"), region: try row.get("region"), bookableID: try row.get("bookable_id"),
            state: State(rawValue: try row.get("state")) ?? .cancelled,
            attendance: attendance.flatMap(Attendance.init(rawValue:)), name: try row.get("name"),
            email: try row.get("email"), language: try row.get("language"), accountID: try row.get("account_id"),
            createdAt: try row.get("created_at"), waitlistPosition: nil)
    }
}

/// Who books: a name, and an e-mail address for confirmations and the manage link (people
/// without an account), or the account.
public struct BookingPerson: Sendable {
    public var name: String
    public var email: String?
    public var language: String?
    public var accountID: Int64?

    public init(name: String, email: String? = nil, language: String? = nil, accountID: Int64? = nil) {
        self.name = name
        self.email = email
        self.language = language
        self.accountID = accountID
    }
}

/// What a cancellation changed.
public struct Cancellation: Sendable, Equatable {
    public var booking: Booking
    /// The first waitlisted booking, now confirmed in the freed place.
    public var promoted: Booking?
}

/// Why a booking operation was refused; messages a person can act on, with the field.
public enum BookingError: Error, Sendable, Equatable, CustomStringConvertible {
    case bookableNotFound(Int64)
    case bookingNotFound(Int64)
    case notOpenForBooking(Int64)
    /// Every place is taken and the caller asked for no waiting list.
    case full(Int64)
    case alreadyWithdrawn(Int64, Booking.State)
    case notConfirmed(Int64, Booking.State)
    case capacityBelowConfirmed(capacity: Int, confirmed: Int)
    case invalid(field: String, message: String)
    case needsRegion

    public var description: String {
        switch self {
        case .bookableNotFound(let id): "there is nothing bookable with id \(id) here"
        case .bookingNotFound(let id): "there is no booking \(id) here"
        case .notOpenForBooking(let id): "\(id) cannot be booked here; book it through the page that offers it"
        case .full(let id): "every place of \(id) is taken"
        case .alreadyWithdrawn(let id, let state): "booking \(id) is already \(state == .left ? "off the waiting list" : "cancelled")"
        case .notConfirmed(let id, let state): "booking \(id) is \(state.rawValue), not confirmed; only confirmed bookings have attendance"
        case .capacityBelowConfirmed(let capacity, let confirmed):
            "capacity \(capacity) is below the \(confirmed) confirmed bookings; cancel bookings first or choose at least \(confirmed)"
        case .invalid(let field, let message): "\(field): \(message)"
        case .needsRegion: "bookings belong to a region; use a region's transaction"
        }
    }

    /// The request field a person should correct, if any.
    public var field: String? {
        switch self {
        case .invalid(let field, _): field
        case .capacityBelowConfirmed: "capacity"
        default: nil
        }
    }
}
