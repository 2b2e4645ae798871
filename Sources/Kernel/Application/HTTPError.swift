import HTTP

/// An error a handler throws to answer with a status and a message a person can act on.
/// API routes render it as JSON (`{"error": {"status", "message", "field"}}`), pages as an
/// error page or as a message next to the named form field.
public struct HTTPError: Error, Sendable, CustomStringConvertible {
    public var status: Status
    public var message: String
    /// The request field (form field, JSON key path or query parameter) that is wrong.
    public var field: String?
    public var headers: Headers

    public init(_ status: Status, _ message: String, field: String? = nil, headers: Headers = Headers()) {
        self.status = status
        self.message = message
        self.field = field
        self.headers = headers
    }

    public static func badRequest(_ message: String, field: String? = nil) -> HTTPError {
        HTTPError(.badRequest, message, field: field)
    }

    public static func unprocessable(_ message: String, field: String) -> HTTPError {
        HTTPError(.unprocessableContent, message, field: field)
    }

    public static func notFound(_ message: String = "Not found") -> HTTPError {
        HTTPError(.notFound, message)
    }

    public static func forbidden(_ message: String = "You may not do this here") -> HTTPError {
        HTTPError(.forbidden, message)
    }

    public static func conflict(_ message: String, field: String? = nil) -> HTTPError {
        HTTPError(.conflict, message, field: field)
    }

    public var description: String {
        "\(status.code) \(message)" + (field.map { " (field: \($0))" } ?? "")
    }
}
