import CLinux
#if canImport(Glibc)
import Glibc
#endif

/// Bytes waiting to be written to one connection, in order.
///
/// Response heads and small bodies are serialized into one buffer that is reused once sent;
/// large bodies are queued by reference and written with the heads in one `sendmsg`.
struct OutputQueue {
    enum SendOutcome {
        case flushed
        /// The socket buffer is full; wait for EPOLLOUT.
        case blocked
        case failed
    }

    private var buffers: [[UInt8]] = []
    /// Bytes of `buffers[0]` already written.
    private var sentOfFirst = 0
    /// Whether the last buffer is ours to extend (not a handler's body).
    private var lastIsOwned = false
    private var spare: [UInt8] = []
    private(set) var byteCount = 0

    var isEmpty: Bool { byteCount == 0 }

    /// Lets `body` append to the owned tail buffer.
    mutating func write(_ body: (inout [UInt8]) -> Void) {
        if !lastIsOwned {
            var buffer = spare
            spare = []
            if buffer.capacity == 0 { buffer.reserveCapacity(1024) }
            buffers.append(buffer)
            lastIsOwned = true
        }
        let index = buffers.count - 1
        let before = buffers[index].count
        body(&buffers[index])
        byteCount += buffers[index].count - before
    }

    /// Queues `bytes` without copying them.
    mutating func append(shared bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        buffers.append(bytes)
        lastIsOwned = false
        byteCount += bytes.count
    }

    mutating func removeAll() {
        buffers.removeAll()
        sentOfFirst = 0
        lastIsOwned = false
        byteCount = 0
    }

    /// Writes as much as the socket takes.
    mutating func send(to fd: Int32) -> SendOutcome {
        while byteCount > 0 {
            let written = buffers.count == 1
                ? buffers[0].withUnsafeBytes { bytes in
                    clinux_send(fd, bytes.baseAddress.map { $0 + sentOfFirst }, bytes.count - sentOfFirst)
                }
                : sendVectors(to: fd)
            if written > 0 {
                consume(written)
            } else if written < 0, errno == EINTR {
                continue
            } else if written < 0, errno == EAGAIN || errno == EWOULDBLOCK {
                return .blocked
            } else {
                return .failed
            }
        }
        return .flushed
    }

    private func sendVectors(to fd: Int32) -> Int {
        var vectors: [iovec] = []
        vectors.reserveCapacity(min(buffers.count, Self.maxVectors))
        return collectVectors(from: 0, into: &vectors, fd: fd)
    }

    private static let maxVectors = 32

    /// Nests `withUnsafeBytes` so that every buffer's address stays valid during `sendmsg`.
    private func collectVectors(from index: Int, into vectors: inout [iovec], fd: Int32) -> Int {
        guard index < min(buffers.count, Self.maxVectors) else {
            return vectors.withUnsafeBufferPointer { clinux_send_vectors(fd, $0.baseAddress, Int32($0.count)) }
        }
        return buffers[index].withUnsafeBytes { bytes in
            let skip = index == 0 ? sentOfFirst : 0
            let base = bytes.baseAddress.map { UnsafeMutableRawPointer(mutating: $0 + skip) }
            vectors.append(iovec(iov_base: base, iov_len: bytes.count - skip))
            return collectVectors(from: index + 1, into: &vectors, fd: fd)
        }
    }

    private mutating func consume(_ written: Int) {
        var remaining = written
        byteCount -= written
        while remaining > 0 {
            let available = buffers[0].count - sentOfFirst
            if remaining < available {
                sentOfFirst += remaining
                return
            }
            remaining -= available
            let finished = buffers.removeFirst()
            sentOfFirst = 0
            if buffers.isEmpty {
                if lastIsOwned {
                    spare = finished
                    spare.removeAll(keepingCapacity: spare.capacity <= 64 * 1024)
                }
                lastIsOwned = false
            }
        }
    }
}
