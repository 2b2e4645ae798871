import Foundation

/// A source of the current time, so that tests can move it.
public protocol TimeSource: Sendable {
    func now() -> Date
}

/// The system clock.
public struct SystemTime: TimeSource {
    public init() {}
    public func now() -> Date { Date() }
}
