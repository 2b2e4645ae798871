import HTTP
import Web

/// One area of the kernel's own features (the region home page, identity, content, jobs…),
/// declared in the same shape as a module: the permissions it guards, the tables it owns,
/// its region routes and its background jobs. Each area's migrations are recorded under
/// `kernel.<id>`, so areas evolve independently, like modules.
public struct KernelArea: Sendable {
    public var id: String
    public var actions: [ActionDeclaration]
    public var migrations: [Migration]
    public var routes: [Route]
    public var jobs: [JobDeclaration]
    /// Runs when the application starts with every migration applied: brings the area's
    /// derived data in line with the configuration (e.g. search entries after a region's
    /// languages changed). A failure is logged; the server still starts.
    public var start: (@Sendable (KernelServices) throws -> Void)?

    public init(
        id: String, actions: [ActionDeclaration] = [], migrations: [Migration] = [], routes: [Route] = [],
        jobs: [JobDeclaration] = [], start: (@Sendable (KernelServices) throws -> Void)? = nil
    ) {
        self.id = id
        self.actions = actions
        self.migrations = migrations
        self.routes = routes
        self.jobs = jobs
        self.start = start
    }

    /// The name its migrations are recorded under.
    public var migrationNamespace: String { "\(KernelManifest.id).\(id)" }
}

/// The kernel's own declarations. Always present, never listed as a module; the module id
/// `kernel` is reserved.
public enum KernelManifest {
    public static let id = "kernel"

    /// Every kernel area, in the order their migrations run.
    public static let areas: [KernelArea] = [
        RegionHome.area,
        ContentArea.area,
    ]

    public static var actions: [ActionDeclaration] { areas.flatMap(\.actions) }
    public static var routes: [Route] { areas.flatMap(\.routes) }
    public static var jobs: [JobDeclaration] { areas.flatMap(\.jobs) }
}

/// The region home page: the region's name and what its enabled modules offer.
enum RegionHome {
    static let area = KernelArea(
        id: "home",
        routes: [.page(.get, "/", access: .public, summary: "The region's home page", handler: page)])

    @Sendable static func page(_ request: Request, _ context: RequestContext) throws -> Response {
        let region = context.region
        let entries = context.services.navigation(for: region, language: context.language, principal: context.principal)
        var html = "<!doctype html><html lang=\"\(escapeHTML(context.language))\"><head><meta charset=\"utf-8\">"
        html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        html += "<title>\(escapeHTML(region.name(in: context.language)))</title></head><body>"
        html += "<header><h1>\(escapeHTML(region.name(in: context.language)))</h1></header><main><nav><ul>"
        for entry in entries {
            html += "<li><a href=\"/\(escapeHTML(region.id))/\(escapeHTML(context.language))\(escapeHTML(entry.path))\">\(escapeHTML(entry.title))</a></li>"
        }
        html += "</ul></nav></main></body></html>"
        return .html(html)
    }
}
