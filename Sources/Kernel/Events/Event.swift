import Foundation

/// Something that happened in a module or the kernel that others may react to, such as
/// `workshops.registration-created`. Modules never import each other; they share events by
/// name and JSON payload, so a subscriber decodes the payload into its own type.
public protocol Event: Codable, Sendable {
    /// `<module-id>.<what-happened>`, e.g. `workshops.workshop-held`.
    static var name: String { get }
}

/// An event as delivered: its name, the region it happened in, and its JSON payload.
public struct PublishedEvent: Sendable {
    public var name: String
    public var region: String?
    public var payload: JSONValue
    public var occurredAt: Date

    public init(name: String, region: String?, payload: JSONValue, occurredAt: Date) {
        self.name = name
        self.region = region
        self.payload = payload
        self.occurredAt = occurredAt
    }

    /// The payload decoded into the subscriber's own type.
    public func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(payload.encoded()))
    }
}

/// A reaction to an event, declared in a manifest. It runs after the publishing transaction
/// committed, on a worker thread; it cannot veto what happened, and an error it throws is
/// logged without affecting the publisher or other subscribers.
public struct EventSubscription: Sendable {
    public typealias Handler = @Sendable (PublishedEvent, EventContext) throws -> Void

    public var event: String
    public var handler: Handler

    public init(to event: String, handler: @escaping Handler) {
        self.event = event
        self.handler = handler
    }
}

/// What a subscriber can reach while handling an event.
public struct EventContext: Sendable {
    public var services: KernelServices
    /// The subscribing module's settings in the event's region, when it is enabled there.
    public var settings: ModuleSettings?

    public init(services: KernelServices, settings: ModuleSettings?) {
        self.services = services
        self.settings = settings
    }
}
