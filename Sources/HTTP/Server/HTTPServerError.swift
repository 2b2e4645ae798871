/// Why the server could not start.
public enum HTTPServerError: Error, Equatable, CustomStringConvertible {
    /// Another socket already listens on the address.
    case addressInUse(ServerConfiguration.BindAddress)
    /// The host is not an IPv4 or IPv6 literal.
    case invalidAddress(ServerConfiguration.BindAddress)
    /// A system call failed while setting up the address (permission, unavailable interface…).
    case listenFailed(ServerConfiguration.BindAddress, call: String, errno: Int32)
    /// Creating an event loop's epoll or eventfd descriptor failed.
    case eventLoopSetupFailed(call: String, errno: Int32)
    /// A server starts once; after `shutdown()` a new one is needed.
    case alreadyStarted
    /// The configuration lists no address, or more than 64.
    case addressCount(Int)
    case signalSetupFailed(errno: Int32)

    public var description: String {
        switch self {
        case .addressInUse(let address):
            "address in use: \(address)"
        case .invalidAddress(let address):
            "invalid listen address \(address): the host must be an IPv4 or IPv6 literal such as 0.0.0.0 or ::"
        case .listenFailed(let address, let call, let errno):
            "cannot listen on \(address): \(call) failed: \(Self.message(errno))"
        case .eventLoopSetupFailed(let call, let errno):
            "cannot create an event loop: \(call) failed: \(Self.message(errno))"
        case .alreadyStarted:
            "the server was already started or shut down; a server starts once"
        case .addressCount(let count):
            "the server needs between 1 and 64 listen addresses, not \(count)"
        case .signalSetupFailed(let errno):
            "cannot wait for SIGTERM/SIGINT: \(Self.message(errno))"
        }
    }

    private static func message(_ errno: Int32) -> String {
        guard let text = strerror(errno) else { return "errno \(errno)" }
        return String(cString: text)
    }
}

#if canImport(Glibc)
import Glibc
#endif
