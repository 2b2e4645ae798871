import Synchronization

/// A snapshot of what the engine has done since it started, for `/metrics`.
public struct ServerStatistics: Sendable {
    /// Client connections open now.
    public var openConnections: Int
    /// Connections accepted from the listening sockets, including refused ones.
    public var acceptedConnections: Int
    /// Connections closed at once because `maxConnections` were open.
    public var refusedConnections: Int
    /// Requests the engine answered itself instead of the responder (malformed, too large,
    /// timed out, worker queue full), by status.
    public var rejectedRequests: [Status: Int]
}

/// The live counters behind `ServerStatistics`, shared by every event loop.
final class StatisticsCounters: Sendable {
    let open = Atomic<Int>(0)
    let accepted = Atomic<Int>(0)
    let refused = Atomic<Int>(0)
    private let rejected = Mutex<[Status: Int]>([:])

    func recordRejection(_ status: Status) {
        rejected.withLock { $0[status, default: 0] += 1 }
    }

    var snapshot: ServerStatistics {
        ServerStatistics(
            openConnections: open.load(ordering: .relaxed),
            acceptedConnections: accepted.load(ordering: .relaxed),
            refusedConnections: refused.load(ordering: .relaxed),
            rejectedRequests: rejected.withLock { $0 }
        )
    }
}
