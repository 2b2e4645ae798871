import Foundation
import Kernel

/// Someone registered for a workshop (a place or the waiting list); for modules that react,
/// such as a newsletter offering its list.
struct RegistrationCreated: Event {
    static let name = "workshops.registration-created"
    var workshop: Int64
    var registration: Int64
    /// `confirmed` or `waitlisted`.
    var state: String
    /// `form`, `api`, `account` or `coordinator`.
    var source: String
}

/// A workshop took place (its last session ended and it was not cancelled); for modules that
/// react, such as Echo inviting a story.
struct WorkshopHeld: Event {
    static let name = "workshops.workshop-held"
    var workshop: Int64
    var startsAt: Date
    var endsAt: Date
    var confirmed: Int
    var attended: Int
}
