import CCrypto
import CLinux
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A blocking TCP connection to an SMTP relay with a timeout on every step, upgraded to TLS
/// by STARTTLS. It lives on one job worker thread for one delivery.
final class SMTPConnection {
    private var fd: Int32
    private var tls: TLSSession?
    private var buffer: [UInt8] = []
    private let timeout: Duration

    var isEncrypted: Bool { tls != nil }

    private init(fd: Int32, timeout: Duration) {
        self.fd = fd
        self.timeout = timeout
    }

    deinit { close() }

    /// Connects to the first address of `host` that answers within `timeout`.
    static func open(host: String, port: Int, timeout: Duration) throws(MailDeliveryError) -> SMTPConnection {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            throw .temporary("cannot resolve \(host): \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(list) }
        var failures: [String] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let entry = cursor {
            cursor = entry.pointee.ai_next
            let fd = socket(entry.pointee.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard fd >= 0 else { continue }
            if let problem = connect(fd, to: entry.pointee, timeout: timeout) {
                failures.append(problem)
                Glibc.close(fd)
                continue
            }
            var deadline = timeval(tv_sec: Int(timeout.nanoseconds / 1_000_000_000), tv_usec: Int(timeout.nanoseconds % 1_000_000_000 / 1000))
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &deadline, socklen_t(MemoryLayout<timeval>.size))
            setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &deadline, socklen_t(MemoryLayout<timeval>.size))
            return SMTPConnection(fd: fd, timeout: timeout)
        }
        throw .temporary("cannot connect to \(host):\(port): \(failures.joined(separator: "; "))")
    }

    /// A non-blocking connect that waits at most `timeout`; nil on success, else why not.
    private static func connect(_ fd: Int32, to entry: addrinfo, timeout: Duration) -> String? {
        let flags = fcntl(fd, F_GETFL, 0)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
        defer { _ = fcntl(fd, F_SETFL, flags) }
        if Glibc.connect(fd, entry.ai_addr, entry.ai_addrlen) == 0 { return nil }
        guard errno == EINPROGRESS else { return String(cString: strerror(errno)) }
        var poller = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
        let ready = poll(&poller, 1, Int32(clamping: timeout.nanoseconds / 1_000_000))
        guard ready > 0 else { return ready == 0 ? "timed out after \(timeout)" : String(cString: strerror(errno)) }
        var error: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length)
        return error == 0 ? nil : String(cString: strerror(error))
    }

    /// Runs the TLS handshake over the open connection (after the relay's 220 to STARTTLS).
    func startTLS(host: String, settings: SMTPSettings) throws(MailDeliveryError) {
        tls = try TLSSession.handshake(fd: fd, host: host, allowSelfSigned: settings.allowSelfSigned, caFile: settings.caFile)
        buffer = []
    }

    func write(_ bytes: [UInt8]) throws(MailDeliveryError) {
        var offset = 0
        while offset < bytes.count {
            let written: Int
            if let tls {
                written = try tls.write(Array(bytes[offset...]))
            } else {
                written = bytes[offset...].withUnsafeBytes { clinux_send(fd, $0.baseAddress, $0.count) }
                if written < 0 {
                    if errno == EINTR { continue }
                    throw .temporary(errno == EAGAIN ? "the relay stopped reading (timed out after \(timeout))" : "sending failed: \(String(cString: strerror(errno)))")
                }
            }
            offset += written
        }
    }

    /// One line without its CRLF.
    func readLine() throws(MailDeliveryError) -> String {
        while true {
            if let end = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                var line = Array(buffer[..<end])
                buffer.removeFirst(end + 1)
                if line.last == UInt8(ascii: "\r") { line.removeLast() }
                return String(decoding: line, as: UTF8.self)
            }
            guard buffer.count < 8192 else { throw .temporary("the relay sent a line longer than 8 KiB") }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let count: Int
            if let tls {
                count = try tls.read(into: &chunk)
            } else {
                count = recv(fd, &chunk, chunk.count, 0)
                if count < 0 {
                    if errno == EINTR { continue }
                    throw .temporary(errno == EAGAIN ? "the relay did not answer within \(timeout)" : "reading failed: \(String(cString: strerror(errno)))")
                }
            }
            if count == 0 { throw .temporary("the relay closed the connection") }
            buffer += chunk[..<count]
        }
    }

    func close() {
        tls?.close()
        tls = nil
        if fd >= 0 { Glibc.close(fd) }
        fd = -1
    }
}
