import CLinux
#if canImport(Glibc)
import Glibc
#endif

/// One event-loop thread: an epoll instance, the connections it owns, their deadlines, and
/// a mailbox through which other threads reach it. Everything here runs on the loop's own
/// thread; the class is created on that thread and never shared.
///
/// Loop 0 also owns the listening sockets and hands accepted connections to the loops in
/// turn (itself included), so every listening address is one socket and a second server
/// on the same port fails with "address in use".
final class EventLoop {
    let index: Int
    let context: ServerContext
    let mailbox: LoopMailbox
    let epoll: Int32
    var listeners: [ListeningSocket]
    let peers: [LoopMailbox]
    private let onFinish: @Sendable () -> Void
    var nextPeer = 0
    var nextConnectionID: UInt64 = 0

    var connections: [Connection?] = []
    var generations: [UInt32] = []
    var freeSlots: [Int] = []
    var liveConnections = 0

    let headerDeadlines: DeadlineList
    let bodyDeadlines: DeadlineList
    let idleDeadlines: DeadlineList
    let writeDeadlines: DeadlineList
    let lingerDeadlines: DeadlineList
    let allDeadlines: [DeadlineList]
    var acceptPausedUntil: UInt64?

    private(set) var draining = false
    private var stopped = false
    private(set) var now: UInt64 = 0
    private(set) var date = HTTPDate()
    /// One read buffer per loop: bytes are parsed straight from it and only an incomplete
    /// remainder is copied into the connection, so idle connections hold no buffer.
    let readBuffer: UnsafeMutableRawBufferPointer
    private let eventFlags: UnsafeMutablePointer<UInt32>
    private let eventData: UnsafeMutablePointer<UInt64>
    private var messages: [LoopMessage] = []

    static let mailboxTag = UInt64.max
    static func listenerTag(_ index: Int) -> UInt64 { UInt64.max - 1 - UInt64(index) }
    private static let eventCapacity = 256
    static let readBufferSize = 64 * 1024
    /// How long a closing connection waits for the client's FIN after ours.
    static let lingerDuration = Duration.seconds(2)
    static let connectionEvents = CLINUX_EPOLLIN | CLINUX_EPOLLOUT | CLINUX_EPOLLRDHUP | CLINUX_EPOLLET

    init(
        index: Int, context: ServerContext, epoll: Int32, mailbox: LoopMailbox, peers: [LoopMailbox],
        listeners: [ListeningSocket], onFinish: @escaping @Sendable () -> Void
    ) {
        self.index = index
        self.context = context
        self.epoll = epoll
        self.mailbox = mailbox
        self.peers = peers
        self.listeners = listeners
        self.onFinish = onFinish
        let configuration = context.configuration
        headerDeadlines = DeadlineList(kind: .header, duration: configuration.headerReadTimeout)
        bodyDeadlines = DeadlineList(kind: .body, duration: configuration.bodyReadTimeout)
        idleDeadlines = DeadlineList(kind: .idle, duration: configuration.idleTimeout)
        writeDeadlines = DeadlineList(kind: .write, duration: configuration.idleTimeout)
        lingerDeadlines = DeadlineList(kind: .linger, duration: Self.lingerDuration)
        allDeadlines = [headerDeadlines, bodyDeadlines, idleDeadlines, writeDeadlines, lingerDeadlines]
        readBuffer = .allocate(byteCount: Self.readBufferSize, alignment: 16)
        eventFlags = .allocate(capacity: Self.eventCapacity)
        eventData = .allocate(capacity: Self.eventCapacity)
    }

    deinit {
        readBuffer.deallocate()
        eventFlags.deallocate()
        eventData.deallocate()
    }

    func run() {
        now = clinux_monotonic_nanoseconds()
        date.refresh()
        while !stopped {
            let count = clinux_epoll_wait(epoll, eventFlags, eventData, Int32(Self.eventCapacity), nextTimeout())
            now = clinux_monotonic_nanoseconds()
            date.refresh()
            for event in 0..<Int(max(0, count)) {
                handle(flags: eventFlags[event], data: eventData[event])
            }
            expireDeadlines()
            if let paused = acceptPausedUntil, paused <= now {
                acceptPausedUntil = nil
                for listener in listeners.indices { acceptConnections(from: listener) }
            }
            if draining, liveConnections == 0 { stopped = true }
        }
        for message in mailbox.close() {
            if case .adopt(let fd, _) = message { refuse(fd) }
        }
        close(epoll)
        onFinish()
    }

    private func handle(flags: UInt32, data: UInt64) {
        if data == Self.mailboxTag {
            handleMessages()
        } else if data > Self.listenerTag(64) {
            acceptConnections(from: Int(Self.listenerTag(0) - data))
        } else if let connection = connection(for: data) {
            if flags & (CLINUX_EPOLLIN | CLINUX_EPOLLRDHUP | CLINUX_EPOLLHUP | CLINUX_EPOLLERR) != 0 {
                connection.readable = true
            }
            if flags & (CLINUX_EPOLLRDHUP | CLINUX_EPOLLHUP | CLINUX_EPOLLERR) != 0 {
                connection.peerHangUp = true
            }
            if flags & (CLINUX_EPOLLOUT | CLINUX_EPOLLHUP | CLINUX_EPOLLERR) != 0 {
                connection.writable = true
            }
            service(connection)
        }
    }

    // MARK: - Mailbox

    private func handleMessages() {
        mailbox.takeAll(into: &messages)
        for message in messages {
            switch message {
            case .adopt(let fd, let info):
                adopt(fd: fd, info: info)
            case .response(let key, let sequence, let response):
                guard let connection = connection(for: key),
                      let index = connection.pending.firstIndex(where: { $0.sequence == sequence })
                else { continue }
                connection.pending[index].response = response
                service(connection)
            case .drain:
                beginDraining()
            case .stop:
                beginDraining()
                for case let connection? in connections { closeConnection(connection) }
                stopped = true
            }
        }
        messages.removeAll(keepingCapacity: true)
    }

    /// Stops accepting; idle connections close now, busy ones after their last response.
    /// A request still arriving is not in flight yet and is dropped with its connection.
    private func beginDraining() {
        guard !draining else { return }
        draining = true
        for listener in listeners { close(listener.fd) }
        listeners = []
        acceptPausedUntil = nil
        for case let connection? in connections where !connection.lingering {
            connection.continueRequested = false
            if connection.pending.isEmpty, connection.output.isEmpty {
                closeConnection(connection)
            } else {
                connection.closing = true
                connection.unparsed = []
                connection.inputStalled = false
                updateDeadline(connection)
            }
        }
    }

    // MARK: - Connections

    private func connection(for key: UInt64) -> Connection? {
        let slot = Int(key & 0xFFFF_FFFF)
        guard slot < connections.count, let connection = connections[slot], connection.key == key else { return nil }
        return connection
    }

    func closeConnection(_ connection: Connection) {
        guard connection.isOpen else { return }
        connection.isOpen = false
        if let kind = connection.timeoutKind { deadlines(kind).remove(connection) }
        close(connection.fd)
        connections[connection.slot] = nil
        freeSlots.append(connection.slot)
        connection.pending = []
        connection.output.removeAll()
        connection.unparsed = []
        liveConnections -= 1
        context.statistics.open.subtract(1, ordering: .relaxed)
    }
}
