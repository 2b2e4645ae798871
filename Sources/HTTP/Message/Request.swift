/// A parsed HTTP/1.1 request with its whole body.
///
/// The path is split and percent-decoded exactly once, by the parser: `pathSegments`
/// holds decoded segments (so `%2F` inside a segment stays inside it), while `path`
/// keeps the raw form for logs and redirects.
public struct Request: Sendable {
    public var method: Method
    /// The request-target as sent (`/de/workshops?topic=a%20b`).
    public var target: String
    /// The raw (still percent-encoded) path part of the target.
    public var path: String
    /// Decoded path segments; `/a//b/` gives `["a", "", "b", ""]`.
    public var pathSegments: [String]
    /// The raw query string after `?`, without the `?`, or nil when there is none.
    public var query: String?
    public var version: Version
    public var headers: Headers
    public var body: [UInt8]
    /// The peer's address as seen by the socket (proxies are resolved by the kernel).
    public var remoteAddress: String
    /// Parameters bound by the router (`{id}` → value), already decoded.
    public var parameters: [String: String]

    public init(
        method: Method,
        target: String,
        version: Version = .http1_1,
        headers: Headers = Headers(),
        body: [UInt8] = [],
        remoteAddress: String = ""
    ) {
        self.method = method
        self.target = target
        let split = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        self.path = split.first.map(String.init) ?? target
        self.query = split.count > 1 ? String(split[1]) : nil
        self.pathSegments = PercentDecoding.pathSegments(of: self.path) ?? []
        self.version = version
        self.headers = headers
        self.body = body
        self.remoteAddress = remoteAddress
        self.parameters = [:]
    }

    /// Builds a request from the parts the parser already split and decoded, so that the
    /// path is decoded exactly once.
    init(
        method: Method, target: String, path: String, query: String?, pathSegments: [String],
        version: Version, headers: Headers, body: [UInt8]
    ) {
        self.method = method
        self.target = target
        self.path = path
        self.query = query
        self.pathSegments = pathSegments
        self.version = version
        self.headers = headers
        self.body = body
        self.remoteAddress = ""
        self.parameters = [:]
    }

    /// Decoded query parameters in order; repeated names are kept.
    public var queryItems: [(name: String, value: String)] {
        guard let query else { return [] }
        return PercentDecoding.formItems(query)
    }

    /// The first value of a query parameter.
    public func queryValue(_ name: String) -> String? {
        queryItems.first { $0.name == name }?.value
    }

    /// Whether the client asked to keep the connection open after this request.
    public var wantsKeepAlive: Bool {
        let connection = headers.tokens("Connection")
        if version == .http1_0 { return connection.contains("keep-alive") }
        return !connection.contains("close")
    }
}

/// The HTTP version of a message. Only 1.0 and 1.1 are spoken.
public struct Version: Hashable, Sendable, CustomStringConvertible {
    public let major: Int
    public let minor: Int
    public init(major: Int, minor: Int) {
        self.major = major
        self.minor = minor
    }
    public static let http1_0 = Version(major: 1, minor: 0)
    public static let http1_1 = Version(major: 1, minor: 1)
    public var description: String { "HTTP/\(major).\(minor)" }
}
