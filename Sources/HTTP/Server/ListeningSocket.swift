import CLinux
#if canImport(Glibc)
import Glibc
#endif

/// A bound, listening, non-blocking TCP socket.
struct ListeningSocket: Sendable {
    let fd: Int32
    let address: ServerConfiguration.BindAddress
    /// The port actually bound (differs from the configured one when that was 0).
    let port: Int

    /// Binds `address`. An IPv6 wildcard (`::`) is dual-stack, accepting IPv4 clients too,
    /// unless `ipv6Only` is set because the configuration also lists an IPv4 address, which
    /// could then not be bound beside it. Any other IPv6 address is IPv6-only.
    static func bind(_ address: ServerConfiguration.BindAddress, ipv6Only: Bool) throws(HTTPServerError) -> ListeningSocket {
        guard let socketAddress = SocketAddress(host: address.host, port: address.port) else {
            throw .invalidAddress(address)
        }
        let fd = clinux_socket_nonblocking(socketAddress.family)
        guard fd >= 0 else { throw .listenFailed(address, call: "socket", errno: errno) }
        func fail(_ call: String) -> HTTPServerError {
            let code = errno
            close(fd)
            return code == EADDRINUSE ? .addressInUse(address) : .listenFailed(address, call: call, errno: code)
        }
        guard clinux_set_int_option(fd, SOL_SOCKET, SO_REUSEADDR, 1) == 0 else { throw fail("setsockopt(SO_REUSEADDR)") }
        if socketAddress.family == AF_INET6 {
            let v6Only: Int32 = ipv6Only || !socketAddress.isWildcard ? 1 : 0
            guard clinux_set_int_option(fd, Int32(IPPROTO_IPV6), IPV6_V6ONLY, v6Only) == 0 else {
                throw fail("setsockopt(IPV6_V6ONLY)")
            }
        }
        guard socketAddress.withSockaddr({ Glibc.bind(fd, $0, $1) }) == 0 else { throw fail("bind") }
        guard listen(fd, SOMAXCONN) == 0 else { throw fail("listen") }
        var bound = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let named = withUnsafeMutablePointer(to: &bound) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else { throw fail("getsockname") }
        return ListeningSocket(fd: fd, address: address, port: SocketAddress.describe(bound).port)
    }
}

/// An IPv4 or IPv6 socket address built from a literal.
struct SocketAddress {
    let family: Int32
    private var storage = sockaddr_storage()
    private let length: socklen_t
    let isWildcard: Bool

    init?(host rawHost: String, port: Int) {
        guard (0...65535).contains(port) else { return nil }
        var host = Substring(rawHost)
        if host.first == "[", host.last == "]" { host = host.dropFirst().dropLast() }
        var ipv4 = sockaddr_in()
        var ipv6 = sockaddr_in6()
        if inet_pton(AF_INET, String(host), &ipv4.sin_addr) == 1 {
            family = AF_INET
            ipv4.sin_family = sa_family_t(AF_INET)
            ipv4.sin_port = in_port_t(UInt16(port).bigEndian)
            isWildcard = ipv4.sin_addr.s_addr == 0
            withUnsafeMutableBytes(of: &storage) { target in
                withUnsafeBytes(of: ipv4) { target.copyMemory(from: $0) }
            }
            length = socklen_t(MemoryLayout<sockaddr_in>.size)
        } else if inet_pton(AF_INET6, String(host), &ipv6.sin6_addr) == 1 {
            family = AF_INET6
            ipv6.sin6_family = sa_family_t(AF_INET6)
            ipv6.sin6_port = in_port_t(UInt16(port).bigEndian)
            isWildcard = withUnsafeBytes(of: ipv6.sin6_addr) { $0.allSatisfy { $0 == 0 } }
            withUnsafeMutableBytes(of: &storage) { target in
                withUnsafeBytes(of: ipv6) { target.copyMemory(from: $0) }
            }
            length = socklen_t(MemoryLayout<sockaddr_in6>.size)
        } else {
            return nil
        }
    }

    func withSockaddr<R>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> R) -> R {
        withUnsafePointer(to: storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, length) }
        }
    }

    /// The text form and port of a peer or local address. IPv4 clients of a dual-stack
    /// socket arrive as `::ffff:a.b.c.d` and are reported as plain `a.b.c.d`.
    static func describe(_ storage: sockaddr_storage) -> (host: String, port: Int) {
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        var storage = storage
        switch Int32(storage.ss_family) {
        case AF_INET:
            return withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { address in
                    var raw = address.pointee.sin_addr
                    inet_ntop(AF_INET, &raw, &text, socklen_t(text.count))
                    return (Self.string(text), Int(UInt16(bigEndian: address.pointee.sin_port)))
                }
            }
        case AF_INET6:
            return withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { address in
                    var raw = address.pointee.sin6_addr
                    let port = Int(UInt16(bigEndian: address.pointee.sin6_port))
                    let mapped = withUnsafeBytes(of: raw) { bytes in
                        bytes.prefix(10).allSatisfy { $0 == 0 } && bytes[10] == 0xFF && bytes[11] == 0xFF
                            ? Array(bytes.suffix(4)) : nil
                    }
                    if let mapped {
                        return (mapped.map(String.init).joined(separator: "."), port)
                    }
                    inet_ntop(AF_INET6, &raw, &text, socklen_t(text.count))
                    return (Self.string(text), port)
                }
            }
        default:
            return ("", 0)
        }
    }

    private static func string(_ text: [CChar]) -> String {
        String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
