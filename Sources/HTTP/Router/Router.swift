/// Maps a method and a decoded path to a registered value.
///
/// Patterns form a tree by segment. At each position a static segment is tried before a
/// parameter, and a dead end backtracks, so `/healthz` and `/{region}` coexist, as do
/// `/api/openapi.json` and `/api/v1/{region}/…`. Matching looks at every path the segments
/// can take: the first (most static) one registered for the method wins; if none is, the
/// methods of all of them make up the `405` answer. HEAD is served by GET's route unless
/// HEAD is registered itself.
public struct Router<Value: Sendable>: Sendable {
    public struct Route: Sendable {
        public let method: Method
        public let pattern: String
        public let value: Value
        /// The `{names}` of the pattern in path order.
        public let parameterNames: [String]
    }

    public enum Match: Sendable {
        case matched(Value, parameters: [String: String])
        /// The path exists, but not for this method: answer 405 with `Allow`.
        case methodNotAllowed(allowed: [Method])
        case notFound
        /// The path exists only with (or without) a trailing slash: redirect there
        /// (301 for GET and HEAD, 308 otherwise, so that the method and body are kept).
        /// The location keeps the request's query.
        case redirect(to: String)
    }

    private var tree = RouteTree()
    /// Patterns without parameters by method and path: the common case answered by one hash
    /// lookup. Such a pattern is always the most static match for its exact path, so the
    /// shortcut gives the same answer as the tree.
    private var staticRoutes: [Method: [String: Int]] = [:]
    /// Every registered route, in registration order.
    public private(set) var routes: [Route] = []

    public init() {}

    /// Registers `value` for `method` on `pattern`; throws for a malformed pattern or for a
    /// method and pattern shape (parameter names aside) that is already taken.
    public mutating func register(_ method: Method, _ pattern: String, _ value: Value) throws(RouterError) {
        let parsed = try RoutePattern(pattern)
        if let existing = tree.insert(parsed, method: method, route: routes.count) {
            throw .duplicateRoute(method: method, pattern: pattern, existingPattern: routes[existing].pattern)
        }
        if parsed.parameterNames.isEmpty {
            staticRoutes[method, default: [:]][pattern] = routes.count
        }
        routes.append(Route(method: method, pattern: pattern, value: value, parameterNames: parsed.parameterNames))
    }

    /// Matches a request on its decoded segments; a redirect keeps the raw path's encoding and the query.
    public func match(_ request: Request) -> Match {
        // A raw path without escapes is its decoded form; HEAD takes the tree's GET fallback.
        if request.method != .head, let index = staticRoutes[request.method]?[request.path],
           !request.path.containsPercentEscape {
            return .matched(routes[index].value, parameters: [:])
        }
        return resolve(tree.match(request.method, segments: request.pathSegments)) {
            TrailingSlashRedirect.location(tree, segments: request.pathSegments, rawPath: request.path, query: request.query)
        }
    }

    /// Matches decoded path segments; a redirect target is built by encoding the segments.
    public func match(_ method: Method, segments: [String]) -> Match {
        resolve(tree.match(method, segments: segments)) {
            TrailingSlashRedirect.location(tree, segments: segments, rawPath: nil, query: nil)
        }
    }

    private func resolve(_ match: RouteTree.Match, redirect: () -> String?) -> Match {
        switch match {
        case .route(let index, let captured):
            let route = routes[index]
            var parameters: [String: String] = [:]
            for (name, value) in zip(route.parameterNames, captured) { parameters[name] = value }
            return .matched(route.value, parameters: parameters)
        case .methodNotAllowed(let allowed):
            return .methodNotAllowed(allowed: allowed)
        case .notFound:
            return redirect().map { .redirect(to: $0) } ?? .notFound
        }
    }
}

extension String {
    /// Whether the text holds a `%` (fast on native, contiguous UTF-8).
    var containsPercentEscape: Bool {
        utf8.withContiguousStorageIfAvailable { $0.contains(UInt8(ascii: "%")) } ?? utf8.contains(UInt8(ascii: "%"))
    }
}
