import Foundation

/// The kernel's scheduling protocol: durable background jobs enqueued inside the same
/// transaction as the change that causes them. The scheduling issue provides the queue and
/// its workers; declared here so that modules can be written against it.
public protocol JobQueue: Sendable {
    /// Enqueues `job` (declared in some manifest) to run at or after `runAt`. With an
    /// idempotency key, a second enqueue of the same key is ignored.
    func enqueue(
        _ job: String, payload: JSONValue, region: String?, runAt: Date, idempotencyKey: String?,
        in transaction: any DatabaseTransaction
    ) throws
}

/// What a running job can reach.
public struct JobContext: Sendable {
    public var job: String
    public var payload: JSONValue
    public var region: String?
    /// 1 for the first run, 2 for the first retry, …
    public var attempt: Int
    public var services: KernelServices

    public init(job: String, payload: JSONValue, region: String?, attempt: Int, services: KernelServices) {
        self.job = job
        self.payload = payload
        self.region = region
        self.attempt = attempt
        self.services = services
    }
}

/// A source of the current time, so that tests can move it.
public protocol TimeSource: Sendable {
    func now() -> Date
}

/// The system clock.
public struct SystemTime: TimeSource {
    public init() {}
    public func now() -> Date { Date() }
}
