import HTTP

/// Conditional requests and cache headers for every GET, done once in the kernel so that
/// every module gets them: a strong `ETag` from the body's hash (`entityTag(for:)`), `304 Not Modified` when
/// `If-None-Match` names it, and a `Cache-Control` default when the handler set none:
/// `private` for what only the caller may see, `public, max-age=60` for public API answers.
/// Public pages get none: with an ETag and no freshness, browsers revalidate them. Answers
/// marked `no-store` (health, readiness, metrics) are left alone.
enum HTTPCaching {
    /// How long shared caches may keep public API answers and feeds.
    static let publicMaxAge = 60

    /// `response` with validators and cache headers, or a 304 when the client's copy is current.
    /// `personalised`: the answer depends on who asks (a signed-in caller or a guarded route).
    static func finish(_ response: Response, for request: Request, personalised: Bool, surface: Route.Surface?) -> Response {
        guard request.method == .get || request.method == .head, response.status == .ok, !response.body.isEmpty else {
            return response
        }
        // What no cache may keep (health, readiness, metrics) needs no validator either.
        if response.headers["Cache-Control"] == "no-store" { return response }
        var response = response
        if !response.headers.contains("Cache-Control") {
            if personalised {
                response.headers["Cache-Control"] = "private"
            } else if surface == .api {
                response.headers["Cache-Control"] = "public, max-age=\(publicMaxAge)"
            }
        }
        if surface != nil, !personalised, !response.headers.contains("Vary") {
            // What a signed-in caller sees may differ; shared caches must not mix the two.
            response.headers["Vary"] = "Authorization, Cookie"
        }
        let tag: String
        if let existing = response.headers["ETag"] {
            tag = existing
        } else {
            tag = entityTag(for: response.body)
            response.headers["ETag"] = tag
        }
        if let condition = request.headers["If-None-Match"], matches(condition, tag) {
            var notModified = Response(status: .notModified)
            for name in ["ETag", "Cache-Control", "Vary", "Last-Modified", "Content-Location"] {
                if let value = response.headers[name] { notModified.headers[name] = value }
            }
            // A rotated session or a new form token must still reach the browser.
            for cookie in response.headers.values("Set-Cookie") { notModified.headers.add("Set-Cookie", cookie) }
            return notModified
        }
        return response
    }

    /// A strong tag for `body`: its XXH64 hash and its length (`"…"`, 16 characters of
    /// base64url). Equal bodies get equal tags on every server of a deployment and after a
    /// restart; a changed body gets a new one (two different bodies of the same length share
    /// a tag with a chance of 2⁻⁶⁴). SHA-256 did the same at about a tenth of the speed.
    static func entityTag(for body: [UInt8]) -> String {
        let hash = XXHash64.hash(body).bigEndian, length = UInt32(truncatingIfNeeded: body.count).bigEndian
        var bytes = withUnsafeBytes(of: hash) { Array($0) }
        withUnsafeBytes(of: length) { bytes.append(contentsOf: $0) }
        return "\"" + Base64URL.encode(bytes) + "\""
    }

    /// `If-None-Match` uses weak comparison (RFC 9110 §13.1.2): `W/` prefixes are ignored.
    static func matches(_ condition: String, _ tag: String) -> Bool {
        if condition.trimmingASCIIWhitespace() == "*" { return true }
        let wanted = opaque(tag)
        return condition.split(separator: ",").contains { opaque($0.trimmingASCIIWhitespace()) == wanted }
    }

    private static func opaque(_ tag: some StringProtocol) -> Substring {
        let text = Substring(tag)
        return text.hasPrefix("W/") ? text.dropFirst(2) : text
    }
}
