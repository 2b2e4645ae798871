import HTTP

/// An HTTP endpoint a module offers. Paths are relative to the region and language:
/// pages mount under `/{region}/{lang}`, API routes under `/api/v1/{region}/{lang}`.
/// `{name}` segments bind parameters (`/workshops/{id}`).
public struct Route: Sendable {
    public enum Surface: String, Sendable {
        /// JSON under `/api/v1/{region}/{lang}…`, documented in the OpenAPI document.
        case api
        /// Server-rendered HTML under `/{region}/{lang}…`.
        case page
    }

    /// Who may call the route.
    public enum Access: Sendable, Hashable {
        /// Anyone, including people without an account.
        case `public`
        /// Holders of the named action (declared in some linked manifest) in the region.
        case action(String)
    }

    /// Where the handler runs.
    public enum Execution: Sendable {
        /// On the bounded worker pool: the handler may block (storage, files).
        case worker
        /// On the event loop: only for handlers that never wait (no storage, no files).
        case eventLoop
    }

    public typealias Handler = @Sendable (Request, RequestContext) throws -> Response

    public var method: Method
    public var path: String
    public var surface: Surface
    public var access: Access
    public var summary: String
    public var execution: Execution
    /// Parameters, bodies and responses for the OpenAPI document (API routes).
    public var documentation: RouteDocumentation
    public var handler: Handler

    public init(
        _ method: Method,
        _ path: String,
        surface: Surface,
        access: Access,
        summary: String,
        documentation: RouteDocumentation = RouteDocumentation(),
        execution: Execution = .worker,
        handler: @escaping Handler
    ) {
        self.method = method
        self.path = path
        self.surface = surface
        self.access = access
        self.summary = summary
        self.documentation = documentation
        self.execution = execution
        self.handler = handler
    }

    /// A JSON API route.
    public static func api(
        _ method: Method, _ path: String, access: Access, summary: String,
        documentation: RouteDocumentation = RouteDocumentation(), execution: Execution = .worker,
        handler: @escaping Handler
    ) -> Route {
        Route(
            method, path, surface: .api, access: access, summary: summary, documentation: documentation,
            execution: execution, handler: handler)
    }

    /// An HTML page route.
    public static func page(
        _ method: Method, _ path: String, access: Access, summary: String,
        documentation: RouteDocumentation = RouteDocumentation(), execution: Execution = .worker,
        handler: @escaping Handler
    ) -> Route {
        Route(
            method, path, surface: .page, access: access, summary: summary, documentation: documentation,
            execution: execution, handler: handler)
    }

    /// The same route with `documentation`.
    public func documented(_ documentation: RouteDocumentation) -> Route {
        var route = self
        route.documentation = documentation
        return route
    }
}
