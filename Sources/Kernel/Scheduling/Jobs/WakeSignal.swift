import Dispatch
import Synchronization

/// Wakes the job dispatcher early: when a job becomes due now (after its transaction
/// commits) or a worker becomes free. Signals coalesce, so a burst of enqueues costs one
/// extra dispatcher round, not one per job.
final class WakeSignal: Sendable {
    private let raised = Mutex(false)
    private let semaphore = DispatchSemaphore(value: 0)

    func signal() {
        let wasRaised = raised.withLock { raised in
            defer { raised = true }
            return raised
        }
        if !wasRaised { semaphore.signal() }
    }

    /// Waits until signalled or `timeout` passes; clears the signal before returning, so a
    /// signal raised while the caller works afterwards wakes the next wait at once.
    func wait(timeout: Duration) {
        _ = semaphore.wait(timeout: .now() + .nanoseconds(Int(timeout.nanoseconds)))
        raised.withLock { $0 = false }
    }
}
