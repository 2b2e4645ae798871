/// Everything the HTTP engine needs to know: where to listen, how many threads, and the
/// limits that protect it from slow, large or malformed clients.
public struct ServerConfiguration: Sendable {
    /// An address to listen on. `host` is an IPv4 or IPv6 literal (`0.0.0.0`, `::`, `127.0.0.1`, `::1`).
    public struct BindAddress: Sendable, Hashable, CustomStringConvertible {
        public var host: String
        /// 0 asks the system for a free port; `HTTPServer.boundPorts` tells which.
        public var port: Int
        public init(host: String, port: Int) {
            self.host = host
            self.port = port
        }
        public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
    }

    public var addresses: [BindAddress]
    /// Event-loop threads doing socket I/O and parsing. Default: one per two cores. One loop
    /// serves over 100,000 small requests a second; more loops mostly compete with workers.
    public var eventLoopThreads: Int
    /// Worker threads running handlers that may block. Default: two per core, at least 4.
    /// CPU-bound handlers run best with about one per core (more threads than cores let
    /// waking workers preempt the loops); handlers that wait on I/O want more.
    public var workerThreads: Int
    /// Requests waiting for a worker before new ones are answered 503.
    public var workerQueueLimit: Int

    /// Longest request line (method, target, version) before 414.
    public var maxRequestLineBytes: Int
    /// Longest header section before 431.
    public var maxHeaderBytes: Int
    /// Most header fields before 431.
    public var maxHeaderCount: Int
    /// Largest request body before 413.
    public var maxBodyBytes: Int
    /// Most requests parsed ahead of their answers on one connection.
    public var maxPipelinedRequests: Int
    /// Most open client connections; further ones are accepted and closed at once.
    public var maxConnections: Int

    /// Time a client has to send a complete request head once it starts (slowloris guard).
    public var headerReadTimeout: Duration
    /// Time a client has to send the body once the head arrived.
    public var bodyReadTimeout: Duration
    /// Time an idle keep-alive connection stays open.
    public var idleTimeout: Duration
    /// Time in-flight requests get to finish after SIGTERM/SIGINT or `shutdown()`.
    public var shutdownGracePeriod: Duration

    public init(
        addresses: [BindAddress] = [BindAddress(host: "::", port: 8080)],
        eventLoopThreads: Int = max(1, ServerConfiguration.coreCount / 2),
        workerThreads: Int = max(4, 2 * ServerConfiguration.coreCount),
        workerQueueLimit: Int = 4096,
        maxRequestLineBytes: Int = 8 * 1024,
        maxHeaderBytes: Int = 16 * 1024,
        maxHeaderCount: Int = 100,
        maxBodyBytes: Int = 1024 * 1024,
        maxPipelinedRequests: Int = 16,
        maxConnections: Int = 4096,
        headerReadTimeout: Duration = .seconds(10),
        bodyReadTimeout: Duration = .seconds(30),
        idleTimeout: Duration = .seconds(60),
        shutdownGracePeriod: Duration = .seconds(10)
    ) {
        self.addresses = addresses
        self.eventLoopThreads = eventLoopThreads
        self.workerThreads = workerThreads
        self.workerQueueLimit = workerQueueLimit
        self.maxRequestLineBytes = maxRequestLineBytes
        self.maxHeaderBytes = maxHeaderBytes
        self.maxHeaderCount = maxHeaderCount
        self.maxBodyBytes = maxBodyBytes
        self.maxPipelinedRequests = maxPipelinedRequests
        self.maxConnections = maxConnections
        self.headerReadTimeout = headerReadTimeout
        self.bodyReadTimeout = bodyReadTimeout
        self.idleTimeout = idleTimeout
        self.shutdownGracePeriod = shutdownGracePeriod
    }

    /// Online processors, as the scheduler sees them.
    public static var coreCount: Int {
        max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }
}

#if canImport(Glibc)
import Glibc
#endif
