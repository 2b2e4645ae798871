import Foundation

/// The kernel area that delivers events durably: one job per subscriber of an event
/// published in a transaction (see `EventBus`).
enum EventDelivery {
    static let job = "kernel.deliver-event"

    static let area = KernelArea(
        id: "events",
        jobs: [
            JobDeclaration(job, summary: "Deliver one event to one subscriber", maxAttempts: 5, timeout: .seconds(60)) { context in
                do {
                    try deliver(context)
                    context.services.events.durableDeliveryFinished()
                } catch {
                    if context.isLastAttempt { context.services.events.durableDeliveryFinished() }
                    throw error
                }
            },
        ])

    static func payload(_ event: PublishedEvent, to subscriber: EventBus.Subscriber) -> JSONValue {
        [
            "event": .string(event.name), "module": .string(subscriber.module), "subscription": .integer(Int64(subscriber.index)),
            "payload": event.payload, "occurredAt": .integer(Int64((event.occurredAt.timeIntervalSince1970 * 1000).rounded())),
        ]
    }

    /// Calls the subscription the job names, if its module is still linked and enabled there.
    private static func deliver(_ context: JobContext) throws {
        let services = context.services
        guard let name = context.payload["event"]?.stringValue, let module = context.payload["module"]?.stringValue,
              let index = context.payload["subscription"]?.integerValue.map({ Int($0) }),
              let subscriptions = services.registry.manifest(module)?.subscriptions,
              subscriptions.indices.contains(index), subscriptions[index].event == name else {
            services.logger.warning("event delivery dropped: its subscriber is no longer linked", ["job": .integer(context.id)])
            return
        }
        let settings = context.region.flatMap { services.regions[$0]?.modules[module] }
        if context.region != nil && settings == nil { return }  // no longer enabled in that region
        let occurredAt = Date(timeIntervalSince1970: Double(context.payload["occurredAt"]?.integerValue ?? 0) / 1000)
        let event = PublishedEvent(name: name, region: context.region, payload: context.payload["payload"] ?? .null, occurredAt: occurredAt)
        try subscriptions[index].handler(event, EventContext(services: services, settings: settings))
    }
}
