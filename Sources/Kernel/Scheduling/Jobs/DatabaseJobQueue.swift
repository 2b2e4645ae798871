import Foundation

/// The job queue on the `Storage` protocol: a job is a row of `kernel_jobs`, written in the
/// caller's transaction. A job due now wakes the dispatcher when that transaction commits.
public final class DatabaseJobQueue: JobQueue {
    let declarations: [String: JobDeclaration]
    let clock: any TimeSource
    let wake = WakeSignal()

    public init(declarations: [JobDeclaration], clock: any TimeSource) {
        var byName: [String: JobDeclaration] = [:]
        for declaration in declarations { byName[declaration.name] = declaration }
        self.declarations = byName
        self.clock = clock
    }

    public func enqueue(
        _ job: String, payload: JSONValue, region: String?, runAt: Date, idempotencyKey: String?,
        in transaction: any DatabaseTransaction
    ) throws {
        guard declarations[job] != nil else { throw JobQueueError.undeclared(job) }
        if let key = idempotencyKey, !(1...200).contains(key.utf8.count) {
            throw JobQueueError.invalidIdempotencyKey(key)
        }
        let now = clock.now()
        // A time before 1970 (`.distantPast`, what the convenience passes) means "now".
        let due = runAt.timeIntervalSince1970 < 0 ? now : runAt
        let payloadText = String(decoding: payload.encoded(), as: UTF8.self)
        try transaction.execute("""
            INSERT INTO kernel_jobs (name, region, payload, state, run_at, attempts, idempotency_key, created_at, updated_at)
            VALUES (\(job), \(region), \(payloadText), 'pending', \(due), 0, \(idempotencyKey), \(now), \(now))
            ON CONFLICT (idempotency_key) DO NOTHING
            """)
        if due <= now {
            let wake = self.wake
            transaction.afterCommit { wake.signal() }
        }
    }
}
