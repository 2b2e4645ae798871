import CLinux
import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The HTTP/1.1 server: listening sockets, event loops and a worker pool around a `Responder`.
///
/// ## Threading model
/// - `eventLoopThreads` event loops (epoll, edge-triggered, non-blocking sockets) do all
///   socket I/O, parsing and response writing. Each connection belongs to one loop for its
///   whole life. Loop 0 accepts on every listening socket and hands connections to the loops
///   in turn.
/// - `Responder.respond(to:connection:)` runs on the connection's loop. `.immediately`
///   answers there; `.onWorkerPool` closures run on the bounded `WorkerPool`
///   (`workerThreads`, `workerQueueLimit`), never on a loop and never on Swift's cooperative
///   pool. A worker's response goes back to the owning loop through that loop's mailbox
///   (a locked queue plus an eventfd wake-up, drained in batches).
/// - Responses on a connection are written in request order, whatever order they finish in.
///   Up to `maxPipelinedRequests` requests per connection are parsed ahead.
/// - Counters (`statistics`) are atomics; `onEngineResponse` is called on a loop thread and
///   must not block.
///
/// ## Lifecycle
/// `start()` binds and returns; `shutdown()` drains: it stops accepting, lets dispatched
/// requests (queued or running on workers) finish and be written, closes keep-alive
/// connections after their current response, and returns once everything is closed or
/// `shutdownGracePeriod` has passed (then it closes what is left). `runUntilSignalled()`
/// does start, waits for SIGTERM or SIGINT, and shuts down.
///
/// An IPv6 wildcard address (`::`) is dual-stack (IPv4 clients appear with their IPv4
/// address) unless the configuration also lists an IPv4 address; then every IPv6 socket is
/// IPv6-only so that `0.0.0.0` and `::` can be bound side by side on one port.
public final class HTTPServer: Sendable {
    public let configuration: ServerConfiguration
    /// The pool running `.onWorkerPool` work; other blocking work may share it.
    public let workerPool: WorkerPool
    private let ownsWorkerPool: Bool
    private let context: ServerContext

    private enum Phase {
        case created, running, stopping, stopped
    }

    private struct State {
        var phase = Phase.created
        var mailboxes: [LoopMailbox] = []
        var ports: [Int] = []
        /// eventfds of `runUntilSignalled` callers, written when the server stops.
        var stopWaiters: [Int32] = []
    }

    private let state = Mutex(State())
    private let loopsRunning = DispatchGroup()
    private let serving = DispatchGroup()

    /// - Parameters:
    ///   - workerPool: a pool to share; by default the server makes one from the
    ///     configuration and shuts it down with itself.
    ///   - onEngineResponse: told about every response the engine sends by itself (400, 408,
    ///     413, 414, 417, 431, 501, 503, 505), for logging. Runs on a loop thread.
    public init(
        configuration: ServerConfiguration,
        responder: some Responder,
        workerPool: WorkerPool? = nil,
        onEngineResponse: (@Sendable (EngineResponse) -> Void)? = nil
    ) {
        self.configuration = configuration
        self.ownsWorkerPool = workerPool == nil
        let pool = workerPool ?? WorkerPool(
            threads: configuration.workerThreads, queueLimit: configuration.workerQueueLimit, name: "http-worker"
        )
        self.workerPool = pool
        self.context = ServerContext(
            configuration: configuration, responder: responder, workerPool: pool, onEngineResponse: onEngineResponse
        )
    }

    /// Binds every configured address and starts the event loops. Throws, naming the
    /// address, when one cannot be bound; nothing stays bound then.
    public func start() throws(HTTPServerError) {
        try state.withLock { state throws(HTTPServerError) in
            guard state.phase == .created else { throw .alreadyStarted }
            guard (1...64).contains(configuration.addresses.count) else {
                throw .addressCount(configuration.addresses.count)
            }
            let loops = try Self.openLoops(configuration)
            let listeners: [ListeningSocket]
            do throws(HTTPServerError) {
                listeners = try Self.bindAll(configuration.addresses)
                for (index, listener) in listeners.enumerated()
                where clinux_epoll_add(loops[0].epoll, listener.fd, CLINUX_EPOLLIN | CLINUX_EPOLLET, EventLoop.listenerTag(index)) != 0 {
                    let code = errno
                    for listener in listeners { close(listener.fd) }
                    throw HTTPServerError.eventLoopSetupFailed(call: "epoll_ctl", errno: code)
                }
            } catch {
                for loop in loops {
                    close(loop.epoll)
                    _ = loop.mailbox.close()
                }
                throw error
            }
            let mailboxes = loops.map(\.mailbox)
            serving.enter()
            for (index, loop) in loops.enumerated() {
                loopsRunning.enter()
                let context = self.context
                let group = loopsRunning
                let owned = index == 0 ? listeners : []
                ThreadLauncher.start(name: "http-loop-\(index)") {
                    EventLoop(
                        index: index, context: context, epoll: loop.epoll, mailbox: loop.mailbox,
                        peers: mailboxes, listeners: owned, onFinish: { group.leave() }
                    ).run()
                }
            }
            state.phase = .running
            state.mailboxes = mailboxes
            state.ports = listeners.map(\.port)
        }
    }

    private static func openLoops(_ configuration: ServerConfiguration) throws(HTTPServerError) -> [(epoll: Int32, mailbox: LoopMailbox)] {
        var loops: [(epoll: Int32, mailbox: LoopMailbox)] = []
        do throws(HTTPServerError) {
            for _ in 0..<max(1, configuration.eventLoopThreads) {
                let epoll = clinux_epoll_create()
                guard epoll >= 0 else { throw HTTPServerError.eventLoopSetupFailed(call: "epoll_create1", errno: errno) }
                let mailbox: LoopMailbox
                do throws(HTTPServerError) {
                    mailbox = try LoopMailbox()
                } catch {
                    close(epoll)
                    throw error
                }
                loops.append((epoll, mailbox))
                guard clinux_epoll_add(epoll, mailbox.eventFD, CLINUX_EPOLLIN, EventLoop.mailboxTag) == 0 else {
                    throw HTTPServerError.eventLoopSetupFailed(call: "epoll_ctl", errno: errno)
                }
            }
        } catch {
            for loop in loops {
                close(loop.epoll)
                _ = loop.mailbox.close()
            }
            throw error
        }
        return loops
    }

    private static func bindAll(_ addresses: [ServerConfiguration.BindAddress]) throws(HTTPServerError) -> [ListeningSocket] {
        let listsIPv4 = addresses.contains { !$0.host.contains(":") }
        var listeners: [ListeningSocket] = []
        for address in addresses {
            do throws(HTTPServerError) {
                listeners.append(try ListeningSocket.bind(address, ipv6Only: listsIPv4))
            } catch {
                for listener in listeners { close(listener.fd) }
                throw error
            }
        }
        return listeners
    }

    /// The bound port of every configured address, in configuration order (useful with port 0).
    public var boundPorts: [Int] {
        state.withLock { $0.ports }
    }

    /// Live counters for `/metrics`.
    public var statistics: ServerStatistics {
        context.statistics.snapshot
    }

    /// Drains and stops (see the type's documentation); returns when done or after
    /// `shutdownGracePeriod`. Calling it again, or from several threads, waits for the first call.
    public func shutdown() {
        let mailboxes: [LoopMailbox]? = state.withLock { state in
            switch state.phase {
            case .created:
                state.phase = .stopped
                return []
            case .running:
                state.phase = .stopping
                return state.mailboxes
            case .stopping, .stopped:
                return nil
            }
        }
        guard let mailboxes else {
            serving.wait()
            return
        }
        let deadline = DispatchTime.now() + .nanoseconds(Int(configuration.shutdownGracePeriod.nanoseconds))
        for mailbox in mailboxes { mailbox.post(.drain) }
        if !mailboxes.isEmpty, loopsRunning.wait(timeout: deadline) == .timedOut {
            for mailbox in mailboxes { mailbox.post(.stop) }
            _ = loopsRunning.wait(timeout: .now() + .seconds(1))
        }
        if ownsWorkerPool {
            let remaining = deadline > .now() ? deadline.uptimeNanoseconds - DispatchTime.now().uptimeNanoseconds : 0
            workerPool.shutdown(timeout: .nanoseconds(Int64(clamping: remaining)))
        }
        let waiters = state.withLock { state in
            state.phase = .stopped
            return state.stopWaiters
        }
        for waiter in waiters {
            var one: UInt64 = 1
            _ = write(waiter, &one, 8)
        }
        if !mailboxes.isEmpty { serving.leave() }
    }

    /// Blocks until the server has stopped (returns at once if it never started).
    public func waitUntilStopped() {
        serving.wait()
    }

    /// Starts the server if needed, waits for SIGTERM or SIGINT (or another thread's
    /// `shutdown()`), and drains. Call `blockShutdownSignals()` first thing in `main`, before
    /// any thread exists: a signal is only queued for this wait if no thread accepts it.
    public func runUntilSignalled() throws(HTTPServerError) {
        let signals = clinux_signalfd_for_shutdown()
        guard signals >= 0 else { throw .signalSetupFailed(errno: errno) }
        defer { close(signals) }
        let stopped = clinux_eventfd()
        guard stopped >= 0 else { throw .signalSetupFailed(errno: errno) }
        defer { close(stopped) }
        let alreadyStopped = state.withLock { state -> Bool in
            state.stopWaiters.append(stopped)
            return state.phase == .stopping || state.phase == .stopped
        }
        defer { state.withLock { $0.stopWaiters.removeAll { $0 == stopped } } }
        if alreadyStopped { return waitUntilStopped() }
        if state.withLock({ $0.phase == .created }) { try start() }
        var descriptors = [
            pollfd(fd: signals, events: Int16(POLLIN), revents: 0),
            pollfd(fd: stopped, events: Int16(POLLIN), revents: 0),
        ]
        while poll(&descriptors, 2, -1) < 0, errno == EINTR {}
        if descriptors[0].revents != 0 {
            _ = clinux_read_signalfd(signals)
        }
        shutdown()
    }

    /// Blocks SIGTERM, SIGINT and SIGPIPE in the calling thread and every thread it starts
    /// later. Call it at the top of `main` so that `runUntilSignalled()` receives the signals.
    public static func blockShutdownSignals() {
        _ = clinux_block_shutdown_signals()
    }
}
