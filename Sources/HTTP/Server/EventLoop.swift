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
    private let epoll: Int32
    private var listeners: [ListeningSocket]
    private let peers: [LoopMailbox]
    private let onFinish: @Sendable () -> Void
    private var nextPeer = 0
    private var nextConnectionID: UInt64 = 0

    private var connections: [Connection?] = []
    private var generations: [UInt32] = []
    private var freeSlots: [Int] = []
    private var liveConnections = 0

    let headerDeadlines: DeadlineList
    let bodyDeadlines: DeadlineList
    let idleDeadlines: DeadlineList
    let writeDeadlines: DeadlineList
    let lingerDeadlines: DeadlineList
    private var acceptPausedUntil: UInt64?

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

    // MARK: - Accepting

    private func acceptConnections(from listenerIndex: Int) {
        guard acceptPausedUntil == nil, listenerIndex < listeners.count else { return }
        let listener = listeners[listenerIndex]
        let statistics = context.statistics
        while true {
            var storage = sockaddr_storage()
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let fd = withUnsafeMutablePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    clinux_accept_nonblocking(listener.fd, $0, &length)
                }
            }
            guard fd >= 0 else {
                switch errno {
                case EINTR, ECONNABORTED:
                    continue
                case EMFILE, ENFILE, ENOBUFS, ENOMEM:
                    // Out of descriptors or memory: retry shortly instead of spinning.
                    acceptPausedUntil = now + 100_000_000
                default:
                    break
                }
                return
            }
            statistics.accepted.add(1, ordering: .relaxed)
            if statistics.open.add(1, ordering: .relaxed).newValue > context.configuration.maxConnections {
                statistics.open.subtract(1, ordering: .relaxed)
                statistics.refused.add(1, ordering: .relaxed)
                close(fd)
                continue
            }
            _ = clinux_set_int_option(fd, Int32(IPPROTO_TCP), TCP_NODELAY, 1)
            let peer = SocketAddress.describe(storage)
            nextConnectionID += 1
            let info = ConnectionInfo(
                remoteAddress: peer.host, remotePort: peer.port, localPort: listener.port, id: nextConnectionID
            )
            let target = nextPeer
            nextPeer = (nextPeer + 1) % peers.count
            if target == index {
                adopt(fd: fd, info: info)
            } else if !peers[target].post(.adopt(fd: fd, info: info)) {
                refuse(fd)
            }
        }
    }

    private func refuse(_ fd: Int32) {
        close(fd)
        context.statistics.open.subtract(1, ordering: .relaxed)
    }

    private func adopt(fd: Int32, info: ConnectionInfo) {
        guard !draining else { return refuse(fd) }
        let slot: Int
        if let free = freeSlots.popLast() {
            slot = free
        } else {
            connections.append(nil)
            generations.append(0)
            slot = connections.count - 1
        }
        var generation = (generations[slot] &+ 1) & 0x7FFF_FFFF
        if generation == 0 { generation = 1 }
        generations[slot] = generation
        let key = UInt64(generation) << 32 | UInt64(slot)
        let connection = Connection(fd: fd, slot: slot, key: key, info: info, limits: context.limits)
        connections[slot] = connection
        liveConnections += 1
        guard clinux_epoll_add(epoll, fd, Self.connectionEvents, key) == 0 else {
            closeConnection(connection)
            return
        }
        // A client that connects and sends nothing gets the header timeout, not the idle one.
        headerDeadlines.append(connection, now: now)
    }

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

    // MARK: - Deadlines

    func deadlines(_ kind: Connection.TimeoutKind) -> DeadlineList {
        switch kind {
        case .header: headerDeadlines
        case .body: bodyDeadlines
        case .idle: idleDeadlines
        case .write: writeDeadlines
        case .linger: lingerDeadlines
        }
    }

    /// Moves the connection to the deadline list for its current state; staying in the same
    /// state keeps the deadline (a trickle of bytes does not extend a header timeout).
    func updateDeadline(_ connection: Connection) {
        guard connection.isOpen else { return }
        let kind: Connection.TimeoutKind?
        if connection.lingering {
            kind = .linger
        } else if !connection.output.isEmpty, !connection.writable {
            kind = .write
        } else if connection.closing || connection.inputStalled {
            kind = nil
        } else if !connection.isBetweenRequests {
            kind = connection.parser.isReadingBody ? .body : .header
        } else if !connection.pending.isEmpty {
            kind = nil
        } else {
            kind = connection.nextSequence == 0 ? .header : .idle
        }
        let rearm = kind == .write && connection.madeWriteProgress
        connection.madeWriteProgress = false
        guard kind != connection.timeoutKind || rearm else { return }
        if let current = connection.timeoutKind { deadlines(current).remove(connection) }
        if let kind { deadlines(kind).append(connection, now: now) }
    }

    private func expireDeadlines() {
        for list in [headerDeadlines, bodyDeadlines, idleDeadlines, writeDeadlines, lingerDeadlines] {
            while let connection = list.first, connection.deadline <= now {
                list.remove(connection)
                timedOut(connection, kind: list.kind)
            }
        }
    }

    private func timedOut(_ connection: Connection, kind: Connection.TimeoutKind) {
        let configuration = context.configuration
        switch kind {
        case .header where !connection.isBetweenRequests:
            reject(connection, RequestError(.requestTimeout, "request head not received within \(configuration.headerReadTimeout)"))
            service(connection)
        case .body:
            reject(connection, RequestError(.requestTimeout, "request body not received within \(configuration.bodyReadTimeout)"))
            service(connection)
        case .header, .idle, .write, .linger:
            closeConnection(connection)
        }
    }

    private func nextTimeout() -> Int32 {
        var earliest = UInt64.max
        for list in [headerDeadlines, bodyDeadlines, idleDeadlines, writeDeadlines, lingerDeadlines] {
            if let first = list.first { earliest = min(earliest, first.deadline) }
        }
        if let paused = acceptPausedUntil { earliest = min(earliest, paused) }
        guard earliest != .max else { return -1 }
        let current = clinux_monotonic_nanoseconds()
        guard earliest > current else { return 0 }
        return Int32(min((earliest - current + 999_999) / 1_000_000, 60_000))
    }
}
