import Foundation

/// Something that happens, as a calendar shows it: one occurrence or a recurring series
/// (`Recurrence`, with its rule, exceptions and added dates).
public struct CalendarEvent: Sendable, Equatable {
    public enum Status: String, Sendable {
        case confirmed = "CONFIRMED", tentative = "TENTATIVE", cancelled = "CANCELLED"
    }

    /// Globally unique and stable across feeds and updates, e.g. `workshop-42@teilhabe.example`
    /// (see `CalendarEvent.uid(_:publicURL:)`).
    public var uid: String
    public var summary: String
    public var details: String?
    public var location: String?
    /// A page about the event.
    public var url: String?
    public var schedule: Recurrence
    public var status: Status
    /// Incremented whenever the event changes in a way attendees should notice.
    public var sequence: Int
    public var lastModified: Date?
    public var categories: [String]

    public init(
        uid: String, summary: String, details: String? = nil, location: String? = nil, url: String? = nil,
        schedule: Recurrence, status: Status = .confirmed, sequence: Int = 0, lastModified: Date? = nil,
        categories: [String] = []
    ) {
        self.uid = uid
        self.summary = summary
        self.details = details
        self.location = location
        self.url = url
        self.schedule = schedule
        self.status = status
        self.sequence = sequence
        self.lastModified = lastModified
        self.categories = categories
    }

    /// A stable UID: `<key>@<host of the public URL>` (`workshop-42@teilhabe.example`).
    public static func uid(_ key: String, publicURL: String) -> String {
        "\(key)@\(URL(string: publicURL)?.host ?? "teilhabe.invalid")"
    }
}
