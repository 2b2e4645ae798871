import Foundation
import Kernel
import Synchronization

/// A clock tests move by hand, for expiry and throttling without waiting.
public final class TestClock: TimeSource {
    private let current: Mutex<Date>

    public init(_ start: Date = Date()) {
        current = Mutex(start)
    }

    public func now() -> Date { current.withLock { $0 } }

    public func advance(by seconds: TimeInterval) {
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }
}
