import Foundation
import Synchronization

/// Spaces events at least 1/rate seconds apart across threads: each caller reserves the
/// next free slot and sleeps until it comes.
final class RateLimiter: Sendable {
    private let interval: Duration
    private let nextSlot = Mutex<ContinuousClock.Instant?>(nil)

    init(perSecond rate: Double) {
        interval = .nanoseconds(Int64((1_000_000_000 / max(rate, 0.001)).rounded()))
    }

    func waitForTurn() {
        let now = ContinuousClock.now
        let slot = nextSlot.withLock { next -> ContinuousClock.Instant in
            let slot = max(next ?? now, now)
            next = slot + interval
            return slot
        }
        if slot > now { Thread.sleep(forTimeInterval: (slot - now).inSeconds) }
    }
}
