/// A booking was made (confirmed or waitlisted).
public struct BookingCreated: Event {
    public static let name = "kernel.booking-created"
    public var booking: Int64
    public var bookable: Int64
    public var owner: String
    public var reference: String
    public var state: Booking.State
}

/// A booking was cancelled, or its person left the waiting list.
public struct BookingCancelled: Event {
    public static let name = "kernel.booking-cancelled"
    public var booking: Int64
    public var bookable: Int64
    public var owner: String
    public var reference: String
    public var state: Booking.State
}

/// A waitlisted booking got a place (after a cancellation or a larger capacity).
public struct BookingPromoted: Event {
    public static let name = "kernel.booking-promoted"
    public var booking: Int64
    public var bookable: Int64
    public var owner: String
    public var reference: String
}
