import CLinux
import Foundation
import HTTP
import Kernel
#if canImport(Glibc)
import Glibc
#endif

/// A blocking HTTP/1.1 client over a real socket, for tests that talk to a real server.
/// One client is one connection, reused for keep-alive; it reconnects when the server closed.
public final class TestClient {
    public let host: String
    public let port: Int
    private var fd: Int32 = -1
    private var buffer: [UInt8] = []
    /// Seconds a read may wait before the request fails.
    public var timeout: Int

    public init(host: String = "127.0.0.1", port: Int, timeout: Int = 30) {
        self.host = host
        self.port = port
        self.timeout = timeout
    }

    deinit { close() }

    /// Sends one request and reads its response.
    @discardableResult
    public func send(
        _ method: HTTP.Method, _ target: String, headers: [(String, String)] = [], body: [UInt8] = []
    ) throws -> TestResponse {
        var head = "\(method.rawValue) \(target) HTTP/1.1\r\nHost: \(host):\(port)\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if !body.isEmpty || method == .post || method == .put || method == .patch {
            head += "Content-Length: \(body.count)\r\n"
        }
        head += "\r\n"
        try write(Array(head.utf8) + body)
        return try readResponse(forHead: method == .head)
    }

    /// A JSON request body.
    @discardableResult
    public func sendJSON(_ method: HTTP.Method, _ target: String, _ json: String, headers: [(String, String)] = []) throws -> TestResponse {
        try send(method, target, headers: [("Content-Type", "application/json")] + headers, body: Array(json.utf8))
    }

    /// An HTML form submission.
    @discardableResult
    public func sendForm(_ target: String, _ fields: [(String, String)], headers: [(String, String)] = []) throws -> TestResponse {
        let body = fields.map { "\(PercentDecoding.encode($0.0))=\(PercentDecoding.encode($0.1))" }.joined(separator: "&")
        return try send(.post, target, headers: [("Content-Type", "application/x-www-form-urlencoded")] + headers, body: Array(body.utf8))
    }

    /// Writes raw bytes (for malformed or pipelined requests), connecting first if needed.
    public func write(_ bytes: [UInt8]) throws {
        if fd < 0 { try connect() }
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if written < 0 {
                if errno == EINTR { continue }
                throw TestClientError.io("send failed: errno \(errno)")
            }
            offset += written
        }
    }

    /// Reads one response (status line, headers, body by Content-Length or chunked).
    public func readResponse(forHead: Bool = false) throws -> TestResponse {
        var headEnd: Int?
        while headEnd == nil {
            headEnd = find([13, 10, 13, 10], in: buffer)
            if headEnd == nil { try fill() }
        }
        guard let end = headEnd else { throw TestClientError.io("no response head") }
        let headText = String(decoding: buffer[..<end], as: UTF8.self)
        buffer.removeFirst(end + 4)
        var lines = headText.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ", maxSplits: 2)
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else {
            throw TestClientError.malformed("status line: \(headText.prefix(80))")
        }
        var headers = Headers()
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.add(String(line[..<colon]), String(line[line.index(after: colon)...].trimmingASCIIWhitespace()))
        }
        var body: [UInt8] = []
        if status == 100 {
            return TestResponse(status: status, headers: headers, body: [])
        }
        if !forHead, status != 204, status != 304 {
            if headers.tokens("Transfer-Encoding").contains("chunked") {
                body = try readChunked()
            } else if let length = headers["Content-Length"].flatMap(Int.init) {
                while buffer.count < length { try fill() }
                body = Array(buffer[..<length])
                buffer.removeFirst(length)
            } else {
                // Body until close.
                while (try? fill()) != nil {}
                body = buffer
                buffer = []
            }
        }
        if headers.tokens("Connection").contains("close") { close() }
        return TestResponse(status: status, headers: headers, body: body)
    }

    /// True when the server has closed the connection (reads end of stream) within `seconds`.
    public func waitForClose(seconds: Int = 10) -> Bool {
        guard fd >= 0 else { return true }
        var deadline = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &deadline, socklen_t(MemoryLayout<timeval>.size))
        var scratch = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(fd, &scratch, scratch.count, 0)
            if count == 0 { close(); return true }
            if count < 0 { return errno == ECONNRESET ? { close(); return true }() : false }
            buffer += scratch[..<count]
        }
    }

    public var isConnected: Bool { fd >= 0 }

    public func close() {
        if fd >= 0 { Glibc.close(fd) }
        fd = -1
        buffer = []
    }

    private func connect() throws {
        let isIPv6 = host.contains(":")
        fd = socket(isIPv6 ? AF_INET6 : AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestClientError.io("socket failed") }
        var deadline = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &deadline, socklen_t(MemoryLayout<timeval>.size))
        var result: Int32
        if isIPv6 {
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_port = in_port_t(UInt16(port).bigEndian)
            inet_pton(AF_INET6, host, &address.sin6_addr)
            result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
            }
        } else {
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            inet_pton(AF_INET, host, &address.sin_addr)
            result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
        }
        guard result == 0 else {
            let code = errno
            close()
            throw TestClientError.io("connect to \(host):\(port) failed: errno \(code)")
        }
    }

    private func fill() throws {
        guard fd >= 0 else { throw TestClientError.closed }
        var scratch = [UInt8](repeating: 0, count: 65536)
        let count = recv(fd, &scratch, scratch.count, 0)
        if count == 0 {
            close()
            throw TestClientError.closed
        }
        if count < 0 {
            if errno == EINTR { return }
            throw TestClientError.io(errno == EAGAIN ? "read timed out" : "recv failed: errno \(errno)")
        }
        buffer += scratch[..<count]
    }

    private func readChunked() throws -> [UInt8] {
        var body: [UInt8] = []
        while true {
            var lineEnd = find([13, 10], in: buffer)
            while lineEnd == nil { try fill(); lineEnd = find([13, 10], in: buffer) }
            guard let end = lineEnd else { break }
            let sizeText = String(decoding: buffer[..<end], as: UTF8.self).split(separator: ";").first.map(String.init) ?? ""
            buffer.removeFirst(end + 2)
            guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16) else {
                throw TestClientError.malformed("chunk size '\(sizeText)'")
            }
            if size == 0 {
                var trailerEnd = find([13, 10], in: buffer)
                while trailerEnd == nil { try fill(); trailerEnd = find([13, 10], in: buffer) }
                buffer.removeFirst((trailerEnd ?? 0) + 2)
                return body
            }
            while buffer.count < size + 2 { try fill() }
            body += buffer[..<size]
            buffer.removeFirst(size + 2)
        }
        return body
    }

    private func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for index in 0...(haystack.count - needle.count) where haystack[index] == needle[0] {
            if Array(haystack[index..<index + needle.count]) == needle { return index }
        }
        return nil
    }
}

public enum TestClientError: Error, CustomStringConvertible {
    case io(String)
    case malformed(String)
    case closed

    public var description: String {
        switch self {
        case .io(let message): "I/O: \(message)"
        case .malformed(let message): "malformed response: \(message)"
        case .closed: "connection closed by the server"
        }
    }
}

/// A response as the test client read it.
public struct TestResponse: Sendable {
    public var status: Int
    public var headers: Headers
    public var body: [UInt8]

    public var text: String { String(decoding: body, as: UTF8.self) }

    /// The body parsed as JSON.
    public func json() throws -> JSONValue {
        try JSONValue.parse(body)
    }
}
