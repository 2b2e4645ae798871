import Foundation
import HTTP
import Synchronization

/// Delivers published events to the subscriptions that modules declare, to subscribers of
/// modules enabled in the event's region, after the publishing transaction commits.
///
/// An event published in a transaction is durable: each of its deliveries is a job
/// (`kernel.deliver-event`) written in that transaction, so it survives a restart and a
/// failing subscriber is retried with backoff (at least once; subscribers must be safe to
/// repeat) without affecting the publisher or other subscribers. An event published outside
/// any transaction is delivered in-process, at most once, on the bus's own threads.
public final class EventBus: Sendable {
    struct Subscriber: Sendable {
        var module: String
        var subscription: EventSubscription
        /// Its position in the module's `subscriptions`, which names it in a delivery job.
        var index: Int
    }

    private struct State: Sendable {
        var subscribers: [String: [Subscriber]] = [:]
        var services: KernelServices?
        var pool: WorkerPool?
        var inFlight = 0
        /// Durable deliveries committed by this process and not finished yet.
        var outstanding = 0
        var durable = false
    }

    private let state = Mutex(State())

    public init() {}

    /// Connects the bus to its subscribers and services. Events published before this are
    /// delivered to nobody.
    /// With `durable`, events published in a transaction are delivered through the job queue.
    func activate(subscribers manifests: [ModuleManifest], services: KernelServices, pool: WorkerPool, durable: Bool) {
        var byEvent: [String: [Subscriber]] = [:]
        for manifest in manifests {
            for (index, subscription) in manifest.subscriptions.enumerated() {
                byEvent[subscription.event, default: []].append(Subscriber(module: manifest.id, subscription: subscription, index: index))
            }
        }
        state.withLock {
            $0.subscribers = byEvent
            $0.services = services
            $0.pool = pool
            $0.durable = durable
        }
    }

    /// Publishes `event` once `transaction` commits; nothing happens if it rolls back.
    public func publish<E: Event>(_ event: E, region: String?, after transaction: any DatabaseTransaction) throws {
        let published = try Self.envelope(event, region: region)
        let (targets, services, durable) = state.withLock { ($0.subscribers[published.name] ?? [], $0.services, $0.durable) }
        guard durable, let services else {
            transaction.afterCommit { [self] in deliver(published) }
            return
        }
        let recipients = targets.filter { subscriber in region.map { services.regions[$0]?.modules[subscriber.module] != nil } ?? true }
        for subscriber in recipients {
            try services.jobs.enqueue(
                EventDelivery.job, payload: EventDelivery.payload(published, to: subscriber), region: region,
                runAt: .distantPast, idempotencyKey: nil, in: transaction)
        }
        guard !recipients.isEmpty else { return }
        transaction.afterCommit { [self] in state.withLock { $0.outstanding += recipients.count } }
    }

    /// A durable delivery ended: its subscriber returned, or failed on its last attempt.
    func durableDeliveryFinished() {
        state.withLock { $0.outstanding -= 1 }
    }

    /// Publishes `event` now, outside any transaction.
    public func publish<E: Event>(_ event: E, region: String?) throws {
        deliver(try Self.envelope(event, region: region))
    }

    /// Deliveries of this process still queued or running (for tests and shutdown).
    public var pendingDeliveries: Int { state.withLock { $0.inFlight + max(0, $0.outstanding) } }

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
