import CLinux
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// What other threads hand to an event loop.
enum LoopMessage: Sendable {
    /// A connection accepted by the acceptor loop, to be owned by this one.
    case adopt(fd: Int32, info: ConnectionInfo)
    /// A worker finished the request with this sequence number on the connection.
    case response(connection: UInt64, sequence: UInt32, Response)
    /// Stop accepting, finish what is in flight, close connections as they go quiet.
    case drain
    /// Close everything now.
    case stop
}

/// The only way into an event loop from another thread: a lock-protected queue plus an
/// eventfd that wakes the loop. The eventfd is written only when the queue goes from empty
/// to non-empty, so a burst of worker results costs one wake-up and is handled as a batch.
///
/// The eventfd is written outside the lock (a wake-up inside it would let the woken loop
/// spin on a lock held by a preempted worker). That is safe because the descriptor is
/// closed only in `deinit`, when no poster can hold the mailbox any more.
final class LoopMailbox: Sendable {
    private struct State {
        var messages: [LoopMessage] = []
        var closed = false
    }

    let eventFD: Int32
    private let state = Mutex(State())

    init() throws(HTTPServerError) {
        eventFD = clinux_eventfd()
        guard eventFD >= 0 else { throw .eventLoopSetupFailed(call: "eventfd", errno: errno) }
    }

    deinit {
        Glibc.close(eventFD)
    }

    /// Queues `message`; false once the loop has ended (the caller cleans up what it carried).
    @discardableResult
    func post(_ message: LoopMessage) -> Bool {
        let wake = state.withLock { state -> Bool? in
            guard !state.closed else { return nil }
            state.messages.append(message)
            return state.messages.count == 1
        }
        guard let wake else { return false }
        if wake {
            var one: UInt64 = 1
            _ = write(eventFD, &one, 8)
        }
        return true
    }

    /// Takes every queued message; `into` is swapped with the queue so both keep their storage.
    /// The eventfd is reset first, so a message posted after the swap always wakes the loop again.
    func takeAll(into batch: inout [LoopMessage]) {
        var counter: UInt64 = 0
        _ = read(eventFD, &counter, 8)
        state.withLock { swap(&$0.messages, &batch) }
    }

    /// Refuses further messages; returns what was still queued.
    func close() -> [LoopMessage] {
        state.withLock { state in
            state.closed = true
            defer { state.messages = [] }
            return state.messages
        }
    }
}
