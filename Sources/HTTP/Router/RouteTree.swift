/// The route patterns as a tree of segments, without the routes' values: kept non-generic
/// so that matching runs as specialised code whatever `Router`'s value type is.
struct RouteTree: Sendable {
    enum Match {
        case route(Int, captured: [String])
        /// The methods of every path that matches, in `Allow` order, HEAD wherever GET is.
        case methodNotAllowed([Method])
        case notFound
    }

    private struct Node: Sendable {
        var literals: [String: Int] = [:]
        var parameter: Int?
        /// Method → route index.
        var endpoints: [Method: Int] = [:]
    }

    private var nodes = [Node()]

    /// Adds a route; returns the index of the route already holding this method and shape, if any.
    mutating func insert(_ pattern: RoutePattern, method: Method, route: Int) -> Int? {
        var node = 0
        for segment in pattern.segments {
            switch segment {
            case .literal(let text):
                if let next = nodes[node].literals[text] {
                    node = next
                } else {
                    nodes.append(Node())
                    nodes[node].literals[text] = nodes.count - 1
                    node = nodes.count - 1
                }
            case .parameter:
                if let next = nodes[node].parameter {
                    node = next
                } else {
                    nodes.append(Node())
                    nodes[node].parameter = nodes.count - 1
                    node = nodes.count - 1
                }
            }
        }
        if let existing = nodes[node].endpoints[method] { return existing }
        nodes[node].endpoints[method] = route
        return nil
    }

    /// The first path (literal before parameter, depth first) registered for `method` (HEAD
    /// falls back to GET); otherwise the methods of every path that matches.
    func match(_ method: Method, segments: [String]) -> Match {
        var found: (route: Int, captured: [String])?
        var allowed = Set<Method>()
        var captured: [String] = []
        _ = search(node: 0, segments: segments, depth: 0, captured: &captured) { node, captured in
            if let route = node.endpoints[method] ?? (method == .head ? node.endpoints[.get] : nil) {
                found = (route, captured)
                return true
            }
            allowed.formUnion(node.endpoints.keys)
            return false
        }
        if let found { return .route(found.route, captured: found.captured) }
        return allowed.isEmpty ? .notFound : .methodNotAllowed(Self.allowOrder(allowed))
    }

    /// The usual methods in their usual order, then others alphabetically.
    private static func allowOrder(_ methods: Set<Method>) -> [Method] {
        var methods = methods
        if methods.contains(.get) { methods.insert(.head) }
        let known: [Method] = [.get, .head, .post, .put, .patch, .delete, .options]
        return methods.sorted { a, b in
            switch (known.firstIndex(of: a), known.firstIndex(of: b)) {
            case let (x?, y?): x < y
            case (.some, nil): true
            case (nil, .some): false
            case (nil, nil): a.rawValue < b.rawValue
            }
        }
    }

    /// Whether any route, for any method, matches.
    func contains(_ segments: [String]) -> Bool {
        var captured: [String] = []
        return search(node: 0, segments: segments, depth: 0, captured: &captured) { _, _ in true }
    }

    /// Depth-first over the tree, literal before parameter; `visit` sees each node that ends
    /// the path and has endpoints, and returns true to stop. Parameters never match an empty segment.
    private func search(
        node: Int, segments: [String], depth: Int, captured: inout [String],
        visit: (borrowing Node, [String]) -> Bool
    ) -> Bool {
        guard depth < segments.count else {
            return !nodes[node].endpoints.isEmpty && visit(nodes[node], captured)
        }
        let segment = segments[depth]
        if let next = nodes[node].literals[segment],
           search(node: next, segments: segments, depth: depth + 1, captured: &captured, visit: visit) {
            return true
        }
        if !segment.isEmpty, let next = nodes[node].parameter {
            captured.append(segment)
            if search(node: next, segments: segments, depth: depth + 1, captured: &captured, visit: visit) { return true }
            captured.removeLast()
        }
        return false
    }
}
