import CLinux
import HTTP
#if canImport(Glibc)
import Glibc
#endif

enum TestClientError: Error, CustomStringConvertible {
    case connectFailed(errno: Int32)
    case timedOut
    case closedByServer(received: String)
    case malformed(String)

    var description: String {
        switch self {
        case .connectFailed(let errno): "connect failed: errno \(errno)"
        case .timedOut: "timed out waiting for the server"
        case .closedByServer(let received): "server closed the connection; received \(received.debugDescription)"
        case .malformed(let text): "malformed response: \(text)"
        }
    }
}

/// A response as read off the wire by `TestClient`.
struct TestResponse {
    var status: Int
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    var text: String { String(decoding: body, as: UTF8.self) }

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// A blocking TCP client that speaks raw bytes, so tests see exactly what the server sends.
/// Every read waits at most `timeout` (generous: tests must pass on a loaded machine).
final class TestClient {
    let fd: Int32
    private var buffer: [UInt8] = []

    init(host: String, port: Int, timeout: Duration = .seconds(10), receiveBufferSize: Int32? = nil) throws {
        let isIPv6 = host.contains(":")
        fd = socket(isIPv6 ? AF_INET6 : AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        if var size = receiveBufferSize {
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        var interval = timeval(tv_sec: Int(timeout.components.seconds), tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &interval, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &interval, socklen_t(MemoryLayout<timeval>.size))
        let result: Int32
        if isIPv6 {
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_port = in_port_t(UInt16(port).bigEndian)
            inet_pton(AF_INET6, host, &address.sin6_addr)
            result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
            }
        } else {
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            inet_pton(AF_INET, host, &address.sin_addr)
            result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
        }
        guard result == 0 else {
            let code = errno
            close(fd)
            throw TestClientError.connectFailed(errno: code)
        }
    }

    deinit { close(fd) }

    func send(_ text: String) throws { try send(Array(text.utf8)) }

    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { clinux_send(fd, $0.baseAddress, $0.count) }
            guard written > 0 else { throw TestClientError.closedByServer(received: "(send failed, errno \(errno))") }
            offset += written
        }
    }

    /// Half-closes: the server sees end of input but can still answer.
    func finishSending() { _ = clinux_shutdown_write(fd) }

    /// Reads one response. `head` marks a response to HEAD (framed without a body).
    func readResponse(head: Bool = false) throws -> TestResponse {
        let headEnd = try readUntil("\r\n\r\n")
        let headText = String(decoding: buffer[..<headEnd], as: UTF8.self)
        buffer.removeFirst(headEnd + 4)
        var lines = headText.split(separator: "\r\n", omittingEmptySubsequences: false).map(String.init)
        let statusLine = lines.removeFirst()
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0] == "HTTP/1.1", let status = Int(parts[1]) else {
            throw TestClientError.malformed(statusLine)
        }
        var headers: [(String, String)] = []
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { throw TestClientError.malformed(line) }
            headers.append((String(line[..<colon]), String(line[line.index(after: colon)...]).trimmingASCIIWhitespace().description))
        }
        var response = TestResponse(status: status, headers: headers, body: [])
        let bodyless = head || status < 200 || status == 204 || status == 304
        if !bodyless, let length = response.header("Content-Length").flatMap(Int.init) {
            try fill(length)
            response.body = Array(buffer[..<length])
            buffer.removeFirst(length)
        }
        return response
    }

    /// Reads until the server closes; returns what arrived. Throws on timeout.
    func readUntilClosed() throws -> [UInt8] {
        while try receive() {}
        defer { buffer = [] }
        return buffer
    }

    /// True when the server closes (EOF or reset) without sending anything more.
    func isClosedWithoutData() throws -> Bool {
        let rest = try readUntilClosed()
        return rest.isEmpty
    }

    private func readUntil(_ marker: String) throws -> Int {
        let pattern = Array(marker.utf8)
        var searched = 0
        while true {
            if buffer.count >= pattern.count {
                for start in searched...(buffer.count - pattern.count) where buffer[start..<start + pattern.count].elementsEqual(pattern) {
                    return start
                }
                searched = buffer.count - pattern.count + 1
            }
            guard try receive() else {
                throw TestClientError.closedByServer(received: String(decoding: buffer, as: UTF8.self))
            }
        }
    }

    private func fill(_ count: Int) throws {
        while buffer.count < count {
            guard try receive() else {
                throw TestClientError.closedByServer(received: String(decoding: buffer, as: UTF8.self))
            }
        }
    }

    /// One recv into the buffer; false at EOF or reset.
    private func receive() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if count > 0 {
            buffer.append(contentsOf: chunk[..<count])
            return true
        }
        if count == 0 { return false }
        switch errno {
        case EAGAIN, EWOULDBLOCK: throw TestClientError.timedOut
        case ECONNRESET: return false
        case EINTR: return try receive()
        default: return false
        }
    }
}
