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
    /// Export and erasure of what the area holds on one person, like a module's.
    public var privacy: PrivacyHooks?
    /// Runs when the application starts with every migration applied: brings the area's
    /// derived data in line with the configuration (e.g. search entries after a region's
    /// languages changed). A failure is logged; the server still starts.
    public var start: (@Sendable (KernelServices) throws -> Void)?

    public init(
        id: String, actions: [ActionDeclaration] = [], migrations: [Migration] = [], routes: [Route] = [],
        jobs: [JobDeclaration] = [], privacy: PrivacyHooks? = nil, start: (@Sendable (KernelServices) throws -> Void)? = nil
    ) {
        self.id = id
        self.actions = actions
        self.migrations = migrations
        self.routes = routes
        self.jobs = jobs
        self.privacy = privacy
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
        IdentityArea.area,
        JobsArea.area,
        EventDelivery.area,
        MailArea.area,
        BookingsArea.area,
        PlacesArea.area,
        CalendarFeed.area,
        ContentArea.area,
        ReportingArea.area,
        // Last: demo content writes through every other area's services.
        DemoContentArea.area,
    ]

    /// The kernel's UI strings (error pages, home page), from `Sources/Kernel/Catalogs`.
    public static let catalog = KernelStrings.catalog

    public static var actions: [ActionDeclaration] { areas.flatMap(\.actions) }
    public static var routes: [Route] { areas.flatMap(\.routes) }
    public static var jobs: [JobDeclaration] { areas.flatMap(\.jobs) }
}

/// The region home page: the region's name, what its enabled modules offer (its navigation as
/// cards), and the sections modules contribute.
enum RegionHome {
    static let area = KernelArea(
        id: "home",
        routes: [.page(.get, "/", access: .public, summary: "The region's home page", handler: page)])

    @Sendable static func page(_ request: Request, _ context: RequestContext) throws -> Response {
        let sections = context.services.homeListings(for: context).map { listing in
            HomeSection(id: listing.id, title: listing.title, content: .fragment([
                CardList(listing.items.map { Card(title: $0.title, url: $0.url, meta: $0.meta.map { [$0] } ?? []) }).html,
                listing.more.map { more in element("p", ["class": "more"]) { element("a", ["href": more.url]) { more.title } } } ?? .empty,
            ]))
        }
        return render(context, sections: sections)
    }

    static func render(_ context: RequestContext, sections: [HomeSection]) -> Response {
        let strings = KernelStrings(languages: context.languages)
        let links = context.services.navigation(for: context.region, language: context.language, principal: context.principal)
        return context.page(title: context.region.name(in: context.language)) { _ in
            if links.isEmpty && sections.isEmpty {
                element("p") { strings.homeEmpty }
            }
            if !links.isEmpty {
                HomeSection(
                    id: "offers", title: strings.homeOffers,
                    content: CardList(links.map { Card(title: $0.title, url: context.pageURL($0.path)) }).html)
            }
            for section in sections { section }
        }
    }
}
