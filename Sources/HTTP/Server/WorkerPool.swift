import CLinux
import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A fixed number of threads running submitted work in submission order. Blocking work
/// (SQLite, files, SMTP) runs here so that it never stalls an event loop or Swift's
/// cooperative pool. The queue is bounded: `submit` refuses work when it is full, so an
/// overloaded server answers 503 instead of growing without limit.
public final class WorkerPool: Sendable {
    private struct State {
        var queue: [(@Sendable () -> Void)?] = []
        var head = 0
        var stopping = false
        var busy = 0
        var pending: Int { queue.count - head }
    }

    public let threadCount: Int
    public let queueLimit: Int
    private let state = Mutex(State())
    private let available = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)

    public init(threads: Int, queueLimit: Int, name: String) {
        threadCount = max(1, threads)
        self.queueLimit = max(1, queueLimit)
        for index in 0..<threadCount {
            ThreadLauncher.start(name: "\(name)-\(index)") { [self] in run() }
        }
    }

    /// Queues `work`; false when the queue is full or the pool is stopping.
    @discardableResult
    public func submit(_ work: @escaping @Sendable () -> Void) -> Bool {
        let accepted = state.withLock { state -> Bool in
            guard !state.stopping, state.pending < queueLimit else { return false }
            state.queue.append(work)
            return true
        }
        if accepted { available.signal() }
        return accepted
    }

    /// Work waiting for a thread plus work running now.
    public var load: (queued: Int, running: Int) {
        state.withLock { ($0.pending, $0.busy) }
    }

    /// Stops taking work, lets queued and running work finish, and waits for the threads to
    /// end. Returns false if they did not end within `timeout`.
    @discardableResult
    public func shutdown(timeout: Duration) -> Bool {
        let alreadyStopping = state.withLock { state -> Bool in
            defer { state.stopping = true }
            return state.stopping
        }
        guard !alreadyStopping else { return true }
        for _ in 0..<threadCount { available.signal() }
        let deadline = DispatchTime.now() + .nanoseconds(Int(timeout.nanoseconds))
        for _ in 0..<threadCount where finished.wait(timeout: deadline) == .timedOut {
            return false
        }
        return true
    }

    private func run() {
        while true {
            available.wait()
            let work = state.withLock { state -> (@Sendable () -> Void)? in
                guard state.pending > 0 else { return nil }
                let work = state.queue[state.head]
                state.queue[state.head] = nil
                state.head += 1
                if state.head > 1024, state.head * 2 > state.queue.count {
                    state.queue.removeFirst(state.head)
                    state.head = 0
                }
                state.busy += 1
                return work
            }
            guard let work else {
                // Woken without work: only happens when stopping and the queue is drained.
                if state.withLock({ $0.stopping && $0.pending == 0 }) {
                    finished.signal()
                    return
                }
                continue
            }
            work()
            state.withLock { $0.busy -= 1 }
        }
    }
}

extension Duration {
    /// The duration in whole nanoseconds (saturating).
    public var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (product, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? Int64.max : product + attoseconds / 1_000_000_000
    }
}

/// Starts named detached threads with a Swift closure (pthreads, without Foundation). The
/// threads block SIGTERM, SIGINT and SIGPIPE.
public enum ThreadLauncher {
    private final class Box {
        let body: @Sendable () -> Void
        let name: String
        init(name: String, body: @escaping @Sendable () -> Void) {
            self.name = name
            self.body = body
        }
    }

    public static func start(name: String, _ body: @escaping @Sendable () -> Void) {
        let box = Unmanaged.passRetained(Box(name: name, body: body)).toOpaque()
        var thread = pthread_t()
        let result = pthread_create(&thread, nil, { raw in
            guard let raw else { return nil }
            let box = Unmanaged<Box>.fromOpaque(raw).takeRetainedValue()
            _ = clinux_set_thread_name(String(box.name.prefix(15)))
            // Shutdown signals belong to the thread waiting on the signalfd; SIGPIPE to no one.
            _ = clinux_block_shutdown_signals()
            box.body()
            return nil
        }, box)
        precondition(result == 0, "pthread_create failed with \(result)")
        pthread_detach(thread)
    }
}
