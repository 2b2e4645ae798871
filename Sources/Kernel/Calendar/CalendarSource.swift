import Foundation

/// A module's contribution to calendar feeds: the events of one region in a window. The
/// kernel serves them in the region-wide feed (`/{region}/{lang}/calendar.ics`) and as the
/// module's own feed (`…/calendar.ics?module=<id>`).
///
///     calendar: CalendarSource { query in
///         try query.read { db in … }.map { workshop in
///             CalendarEvent(uid: CalendarEvent.uid("workshop-\(workshop.id)", publicURL: query.services.server.publicURL),
///                           summary: workshop.title, schedule: workshop.schedule)
///         }
///     }
public struct CalendarSource: Sendable {
    public typealias Events = @Sendable (CalendarQuery) throws -> [CalendarEvent]

    public var events: Events

    public init(events: @escaping Events) {
        self.events = events
    }
}

/// What a calendar source is asked for: events of `region` that occur in `from..<to`
/// (a series that started earlier but has occurrences in the window belongs in it).
public struct CalendarQuery: Sendable {
    public var region: Region
    public var language: String
    public var from: Date
    public var to: Date
    /// The module's settings in the region.
    public var settings: ModuleSettings
    public var services: KernelServices

    public init(region: Region, language: String, from: Date, to: Date, settings: ModuleSettings, services: KernelServices) {
        self.region = region
        self.language = language
        self.from = from
        self.to = to
        self.settings = settings
        self.services = services
    }

    /// Reads in the region's scope.
    public func read<T>(_ body: (any DatabaseConnection) throws -> T) throws -> T {
        try services.storage.read(.region(region.id), body)
    }
}
