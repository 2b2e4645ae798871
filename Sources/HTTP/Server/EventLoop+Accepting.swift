import CLinux
#if canImport(Glibc)
import Glibc
#endif

/// Accepting connections (loop 0) and taking ownership of them (every loop).
extension EventLoop {
    func acceptConnections(from listenerIndex: Int) {
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

    func refuse(_ fd: Int32) {
        close(fd)
        context.statistics.open.subtract(1, ordering: .relaxed)
    }

    func adopt(fd: Int32, info: ConnectionInfo) {
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
}
