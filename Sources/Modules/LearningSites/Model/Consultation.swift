import Foundation
import Kernel

/// A bookable slot of consultation hours.
struct ConsultationSlot: Sendable, Equatable {
    var id: Int64
    var siteID: Int64
    var hoursID: Int64
    var start: Date
    var end: Date
    var capacity: Int
    var bookableID: Int64?
    var withdrawn: Bool
    /// Confirmed bookings (0 before the first booking).
    var confirmed: Int

    var freePlaces: Int { max(0, capacity - confirmed) }

    static func columns(region: String) -> SQL {
        """
        SELECT s.id, s.site_id, s.hours_id, s.starts_at, s.ends_at, s.capacity, s.bookable_id, s.withdrawn,
               COALESCE(b.confirmed, 0) AS confirmed
        FROM learning_sites_slots s LEFT JOIN kernel_bookables b ON b.id = s.bookable_id AND b.region = \(region)
        """
    }

    init(row: Row) throws {
        id = try row.get("id")
        siteID = try row.get("site_id")
        hoursID = try row.get("hours_id")
        start = try row.get("starts_at")
        end = try row.get("ends_at")
        capacity = try row.get("capacity")
        bookableID = try row.get("bookable_id")
        withdrawn = try row.get("withdrawn")
        confirmed = try row.get("confirmed")
    }
}

/// One person's consultation: the kernel booking (name, e-mail, state, attendance) and what
/// this module adds (topic, language needed, phone, note, outcome).
struct Consultation: Sendable, Equatable {
    var id: Int64
    var slot: ConsultationSlot
    var booking: Booking
    var topic: String
    var language: String
    var phone: String?
    var note: String?
    var outcomeTopic: String?
    var followUp: Bool?
    var contactErased: Bool
}

/// What a person gives to book a slot, before checking.
struct BookingBody: Decodable, Sendable {
    var name: String?
    var email: String?
    var phone: String?
    var topic: String?
    var language: String?
    var note: String?

    struct Checked: Sendable, Equatable {
        var name: String
        var email: String?
        var phone: String?
        var topic: String
        var language: String
        var note: String?
    }

    /// Checked against what the slot's hours offer.
    func validated(topics: [String], languages: [String]) throws(InputProblem) -> Checked {
        guard let name = try SiteBody.trimmed(name, field: "name", maximum: 100) else { throw .required(field: "name") }
        let email = try SiteBody.trimmed(email, field: "email", maximum: 254)
        if let email, MailAddress.problem(with: email) != nil { throw .invalidEmail(field: "email") }
        let phone = try SiteBody.phone(phone, field: "phone")
        guard email != nil || phone != nil else { throw .contactRequired(field: "email") }
        guard let topic = topic, !topic.isEmpty else { throw .required(field: "topic") }
        guard topics.contains(topic) else { throw .unknownChoice(field: "topic", value: topic) }
        guard let language = language, !language.isEmpty else { throw .required(field: "language") }
        guard languages.contains(language) else { throw .unknownChoice(field: "language", value: language) }
        let note = try SiteBody.trimmed(note, field: "note", maximum: 500)
        return Checked(name: name, email: email?.lowercased(), phone: phone, topic: topic, language: language, note: note)
    }
}

/// A consultation was booked (published after commit).
struct ConsultationBooked: Event {
    static let name = "learning-sites.consultation-booked"
    var consultation: Int64
    var site: Int64
    var slot: Int64
    var topic: String
    var language: String
}
