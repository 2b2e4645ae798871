import HTTP

/// What the router finds for a request: a kernel endpoint outside any region (`/healthz`),
/// or a route of a module (or of the kernel itself) inside a region.
final class Endpoint: Sendable {
    enum Target: Sendable {
        /// Mounted at the root; only the kernel has these.
        case root(@Sendable (Request, RootContext) throws -> Response)
        /// Mounted under `/{region}/{lang}` or `/api/v1/{region}/{lang}`.
        case regional(module: String, route: Route)
    }

    /// `GET /api/v1/{region}/{lang}/workshops`, for logs and metrics.
    let label: String
    let execution: Route.Execution
    let target: Target
    let counters: Metrics.RouteCounters

    init(label: String, execution: Route.Execution, target: Target, counters: Metrics.RouteCounters) {
        self.label = label
        self.execution = execution
        self.target = target
        self.counters = counters
    }

    var surface: Route.Surface? {
        if case .regional(_, let route) = target { route.surface } else { nil }
    }
}

/// What a root endpoint (health, metrics, region redirects) may use.
struct RootContext: Sendable {
    let requestID: String
    let services: KernelServices
    let application: ApplicationState
}
