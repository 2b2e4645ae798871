import Foundation

/// The kernel's scheduling protocol: durable background jobs enqueued inside the same
/// transaction as the change that causes them, so a job exists if and only if its change
/// committed. Jobs run at least once (a job may run again after a crash or a timeout), so
/// handlers must be safe to repeat; an idempotency key keeps a job from being queued twice.
public protocol JobQueue: Sendable {
    /// Enqueues `job` (declared in some manifest) to run at or after `runAt` (a time in the
    /// past is due at once; `.distantPast` is recorded as now). With an
    /// idempotency key, a second enqueue of the same key is ignored (whatever the state of
    /// the first). Throws when no linked manifest declares `job`.
    func enqueue(
        _ job: String, payload: JSONValue, region: String?, runAt: Date, idempotencyKey: String?,
        in transaction: any DatabaseTransaction
    ) throws
}

extension JobQueue {
    /// Enqueues `job` to run as soon as a worker is free, in the transaction's region.
    public func enqueue(
        _ job: String, payload: JSONValue = .object([:]), idempotencyKey: String? = nil,
        in transaction: any DatabaseTransaction
    ) throws {
        try enqueue(
            job, payload: payload, region: transaction.scope.region, runAt: .distantPast,
            idempotencyKey: idempotencyKey, in: transaction)
    }
}

/// Why a job could not be enqueued.
public enum JobQueueError: Error, Sendable, Equatable, CustomStringConvertible {
    case undeclared(String)
    case invalidIdempotencyKey(String)

    public var description: String {
        switch self {
        case .undeclared(let name):
            "no linked module declares the job '\(name)' (declare it in the manifest's jobs)"
        case .invalidIdempotencyKey(let key):
            "idempotency key '\(key.prefix(40))' must be 1–200 characters"
        }
    }
}
