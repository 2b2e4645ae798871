import Foundation
import HTTP
import Synchronization

/// Delivers published events to the subscriptions that modules declare. Delivery happens
/// after the publishing transaction commits, on the bus's own worker threads, to subscribers
/// of modules enabled in the event's region. A failing subscriber is logged and skipped.
///
/// Delivery is in-process and at-most-once: an event published just before a crash is not
/// delivered. Work that must survive restarts belongs in the durable job queue.
public final class EventBus: Sendable {
    struct Subscriber: Sendable {
        var module: String
        var subscription: EventSubscription
    }

    private struct State: Sendable {
        var subscribers: [String: [Subscriber]] = [:]
        var services: KernelServices?
        var pool: WorkerPool?
        var inFlight = 0
    }

    private let state = Mutex(State())

    public init() {}

    /// Connects the bus to its subscribers and services. Events published before this are
    /// delivered to nobody.
    func activate(subscribers: [(module: String, subscription: EventSubscription)], services: KernelServices, pool: WorkerPool) {
        var byEvent: [String: [Subscriber]] = [:]
        for (module, subscription) in subscribers {
            byEvent[subscription.event, default: []].append(Subscriber(module: module, subscription: subscription))
        }
        state.withLock {
            $0.subscribers = byEvent
            $0.services = services
            $0.pool = pool
        }
    }

    /// Publishes `event` once `transaction` commits; nothing happens if it rolls back.
    public func publish<E: Event>(_ event: E, region: String?, after transaction: any DatabaseTransaction) throws {
        let published = try Self.envelope(event, region: region)
        transaction.afterCommit { [self] in deliver(published) }
    }

    /// Publishes `event` now, outside any transaction.
    public func publish<E: Event>(_ event: E, region: String?) throws {
        deliver(try Self.envelope(event, region: region))
    }

    /// Events whose subscribers are still running or queued (for tests and shutdown).
    public var pendingDeliveries: Int { state.withLock { $0.inFlight } }

    private static func envelope<E: Event>(_ event: E, region: String?) throws -> PublishedEvent {
        let payload = try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(event))
        return PublishedEvent(name: E.name, region: region, payload: payload, occurredAt: Date())
    }

    func deliver(_ event: PublishedEvent) {
        let (targets, services, pool) = state.withLock { state in
            (state.subscribers[event.name] ?? [], state.services, state.pool)
        }
        guard let services, let pool else { return }
        for subscriber in targets {
            let settings = event.region.flatMap { services.regions[$0]?.modules[subscriber.module] }
            if event.region != nil, settings == nil { continue }  // module not enabled there
            state.withLock { $0.inFlight += 1 }
            let submitted = pool.submit { [self] in
                defer { state.withLock { $0.inFlight -= 1 } }
                do {
                    try subscriber.subscription.handler(event, EventContext(services: services, settings: settings))
                } catch {
                    services.logger.error("event subscriber failed", [
                        "event": .string(event.name), "module": .string(subscriber.module),
                        "error": .string(String(describing: error)),
                    ])
                }
            }
            if !submitted {
                state.withLock { $0.inFlight -= 1 }
                services.logger.error("event dropped: delivery queue full", [
                    "event": .string(event.name), "module": .string(subscriber.module),
                ])
            }
        }
    }
}
