/// The request-target of a request line, split into the raw path, the raw query and the
/// decoded path segments (RFC 9112 §3.2). Origin-form (`/path?query`) is what clients send
/// to an origin server; absolute-form (`http://host/path`) must be accepted too; asterisk-form
/// (`*`) only with OPTIONS. Authority-form (CONNECT) is refused: this is not a proxy.
struct RequestTarget {
    var path: String
    var query: String?
    var segments: [String]

    static func parse(_ target: String, method: Method) -> Result<RequestTarget, RequestError> {
        let utf8 = target.utf8
        if target == "*" {
            guard method == .options else {
                return .failure(RequestError(.badRequest, "request target '*' is only allowed with OPTIONS"))
            }
            return .success(RequestTarget(path: "*", query: nil, segments: []))
        }
        let pathStart: String.Index
        if utf8.first == UInt8(ascii: "/") {
            pathStart = utf8.startIndex
        } else if let authorityStart = Self.afterScheme(target) {
            pathStart = utf8[authorityStart...].firstIndex { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") }
                ?? utf8.endIndex
        } else {
            return .failure(RequestError(.badRequest, "request target must be a path starting with '/'"))
        }
        let queryMark = utf8[pathStart...].firstIndex(of: UInt8(ascii: "?"))
        let pathEnd = queryMark ?? utf8.endIndex
        let path: String
        if pathStart == utf8.startIndex, queryMark == nil {
            path = target
        } else if pathStart == pathEnd {
            path = "/"
        } else {
            path = String(target[pathStart..<pathEnd])
        }
        let query = queryMark.map { String(target[utf8.index(after: $0)...]) }
        guard let segments = PercentDecoding.pathSegments(of: path) else {
            return .failure(RequestError(.badRequest, "path holds a malformed percent-escape or invalid UTF-8"))
        }
        return .success(RequestTarget(path: path, query: query, segments: segments))
    }

    /// The index after `http://` or `https://` (any case), or nil for another form.
    private static func afterScheme(_ target: String) -> String.Index? {
        for scheme in ["http://", "https://"] {
            let utf8 = target.utf8
            guard utf8.count > scheme.utf8.count else { continue }
            let end = utf8.index(utf8.startIndex, offsetBy: scheme.utf8.count)
            if target[..<end].equalsIgnoringASCIICase(scheme) { return end }
        }
        return nil
    }
}
