import HTTP

/// Mounts every route: the kernel's root endpoints, then the kernel's and each module's
/// regional routes under `/{region}/{lang}` (pages) and `/api/v1/{region}/{lang}` (API).
enum RouteTable {
    static func build(registry: ModuleRegistry, metrics: Metrics) throws -> Router<Endpoint> {
        var router = Router<Endpoint>()
        for (method, path, execution, handler) in RootEndpoints.all {
            let label = "\(method) \(path)"
            try router.register(method, path, Endpoint(
                label: label, execution: execution, target: .root(handler), counters: metrics.counters(for: label)))
        }
        let regional = [(KernelManifest.id, KernelManifest.routes)] + registry.manifests.map { ($0.id, $0.routes) }
        for (module, routes) in regional {
            for route in routes {
                let path = mountedPath(of: route)
                let label = "\(route.method) \(path)"
                try router.register(route.method, path, Endpoint(
                    label: label, execution: route.execution, target: .regional(module: module, route: route),
                    counters: metrics.counters(for: label)))
            }
        }
        return router
    }

    /// `/workshops/{id}` as a page → `/{region}/{lang}/workshops/{id}`; as API →
    /// `/api/v1/{region}/{lang}/workshops/{id}`. The path `/` is the mount point itself.
    static func mountedPath(of route: Route) -> String {
        let prefix = route.surface == .api ? "/api/v1/{region}/{lang}" : "/{region}/{lang}"
        return route.path == "/" ? prefix : prefix + route.path
    }
}
