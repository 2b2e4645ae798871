/// The redirect for a path that matches no route as it is, but does with its trailing slash
/// removed (`/healthz/` → `/healthz`) or added (`/de/docs` → `/de/docs/`).
enum TrailingSlashRedirect {
    /// The location to redirect to, keeping the raw path's encoding and the query; nil when
    /// the other form matches nothing either.
    static func location(_ tree: RouteTree, segments: [String], rawPath: String?, query: String?) -> String? {
        let alternative: [String]
        let path: String
        if segments.last == "" {
            alternative = Array(segments.dropLast())
            path = rawPath.map { String($0.dropLast()) } ?? encode(alternative)
        } else {
            alternative = segments + [""]
            path = rawPath.map { $0 + "/" } ?? encode(alternative)
        }
        // A location starting with `//` would leave this site; no route can produce one, but be sure.
        guard path.first == "/", !path.hasPrefix("//"), tree.contains(alternative) else { return nil }
        return query.map { "\(path)?\($0)" } ?? path
    }

    private static func encode(_ segments: [String]) -> String {
        "/" + segments.map(PercentDecoding.encode).joined(separator: "/")
    }
}
