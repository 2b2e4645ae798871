/// What the server calls for every complete request. This is the seam between the
/// HTTP engine and everything above it.
///
/// `respond(to:connection:)` runs on an event-loop thread and must not block: it routes the
/// request and either answers at once (`.immediately`, for work that never waits on I/O) or
/// hands back a closure that the server runs on its bounded worker pool (`.onWorkerPool`),
/// where blocking work such as SQLite queries belongs.
public protocol Responder: Sendable {
    func respond(to request: Request, connection: ConnectionInfo) -> Responding
}

/// How a request is answered: now, on the event loop, or later, on a worker thread.
public enum Responding: Sendable {
    case immediately(Response)
    case onWorkerPool(@Sendable () -> Response)
}

/// What a responder may know about the connection a request came in on.
public struct ConnectionInfo: Sendable {
    /// The peer's IP address (IPv4 dotted or IPv6 text form) as the socket reports it.
    public var remoteAddress: String
    public var remotePort: Int
    /// The local port the connection was accepted on.
    public var localPort: Int
    /// A number unique to this connection within this server's life, for logs.
    public var id: UInt64

    public init(remoteAddress: String, remotePort: Int, localPort: Int, id: UInt64) {
        self.remoteAddress = remoteAddress
        self.remotePort = remotePort
        self.localPort = localPort
        self.id = id
    }
}
