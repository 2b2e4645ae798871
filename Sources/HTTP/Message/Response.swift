/// An HTTP response. The server adds `Date`, `Content-Length` and `Connection`;
/// handlers set everything else.
public struct Response: Sendable {
    public var status: Status
    public var headers: Headers
    public var body: [UInt8]

    public init(status: Status = .ok, headers: Headers = Headers(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A `text/plain; charset=utf-8` response.
    public static func text(_ text: String, status: Status = .ok) -> Response {
        Response(status: status, headers: Headers(contentType: "text/plain; charset=utf-8"), body: Array(text.utf8))
    }

    /// A `text/html; charset=utf-8` response.
    public static func html(_ html: String, status: Status = .ok) -> Response {
        Response(status: status, headers: Headers(contentType: "text/html; charset=utf-8"), body: Array(html.utf8))
    }

    /// A response with already-encoded JSON bytes.
    public static func json(_ bytes: [UInt8], status: Status = .ok) -> Response {
        Response(status: status, headers: Headers(contentType: "application/json"), body: bytes)
    }

    /// A `303 See Other` (after a form POST) or another redirect status.
    public static func redirect(to location: String, status: Status = .seeOther) -> Response {
        Response(status: status, headers: ["Location": location])
    }
}
