import Foundation
import Kernel
import Synchronization

/// A clock tests move by hand, so that publication times, expiries and schedules can be
/// checked without waiting. A real `TimeSource`: the server reads it like the system clock.
public final class AdjustableClock: TimeSource {
    private let current: Mutex<Date>

    public init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) {
        current = Mutex(start)
    }

    public func now() -> Date { current.withLock { $0 } }

    /// Moves the clock forward (or back, with a negative interval).
    public func advance(by interval: TimeInterval) {
        current.withLock { $0 = $0.addingTimeInterval(interval) }
    }

    public func set(_ date: Date) {
        current.withLock { $0 = date }
    }
}
