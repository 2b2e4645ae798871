import HTTP

/// A route as the router holds it, for tests and tools that walk every route (the
/// generated isolation and CSRF tests, documentation).
public struct MountedRoute: Sendable {
    public var method: Method
    /// The full pattern, e.g. `/api/v1/{region}/{lang}/members/{id}`.
    public var pattern: String
    /// `kernel` or the module id; nil for root endpoints outside any region.
    public var module: String?
    public var surface: Route.Surface?
    public var access: Route.Access?
    public var summary: String?

    static func describing(_ route: Router<Endpoint>.Route) -> MountedRoute {
        switch route.value.target {
        case .root:
            return MountedRoute(method: route.method, pattern: route.pattern, module: nil, surface: nil, access: nil, summary: nil)
        case .regional(let module, let declared):
            return MountedRoute(
                method: route.method, pattern: route.pattern, module: module, surface: declared.surface,
                access: declared.access, summary: declared.summary)
        }
    }
}
