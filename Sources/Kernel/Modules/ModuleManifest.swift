import Web

/// A module's declaration of itself: what it is, what it needs, what it offers. The kernel
/// validates all of it at boot (see `ModuleRegistry`) and refuses to start on any problem.
public struct ModuleManifest: Sendable {
    /// Stable identifier used in configuration, URLs and tables: lowercase letters, digits and
    /// hyphens (`learning-sites`). Never changes once released.
    public var id: String
    /// Display names per language, for navigation and admin pages.
    public var names: [String: String]
    public var version: SemanticVersion
    /// Kernel versions this module works with (lower bound inclusive, upper exclusive).
    public var kernel: Range<SemanticVersion>
    /// Ids of modules that must be linked and enabled in a region with this one.
    public var dependencies: [String]
    /// Settings a region may set for this module, with types and defaults.
    public var settings: [SettingDefinition]
    /// Permission names this module guards, with the roles that hold them by default.
    public var actions: [ActionDeclaration]
    /// Schema changes in order; applied ones must never change.
    public var migrations: [Migration]
    /// JSON API and HTML page routes.
    public var routes: [Route]
    /// Background jobs and periodic tasks.
    public var jobs: [JobDeclaration]
    /// Kernel or module events this module reacts to (delivered after commit; cannot veto).
    public var subscriptions: [EventSubscription]
    /// Export and erasure of one person's data.
    public var privacy: PrivacyHooks?
    /// Entries in a region's navigation.
    public var navigation: [NavigationEntry]
    /// UI strings: the module's `Catalogs/<language>.json`, embedded as `<Target>Strings.catalog`.
    public var catalog: Catalog
    /// What the module contributes to the region's calendar feed (`/{region}/{lang}/calendar.ics`).
    public var calendar: CalendarSource?
    /// Kinds of content the module keeps in the kernel's content store, with their pages.
    public var contentKinds: [ContentKind]
    /// Sections the module adds to the region's home page (next dates, latest stories…).
    public var homeSections: [HomeContribution]
    /// Pages the module adds to the region's sitemap beyond its navigation entries and its
    /// content items' pages (which are listed anyway).
    public var sitemap: SitemapContribution?
    /// What the module can count for funders' reports (events held, people reached).
    public var facts: [FactDeclaration]
    /// Sample content for demo regions (see `DemoContent`).
    public var demo: DemoContent?

    public init(
        id: String,
        names: [String: String] = [:],
        version: SemanticVersion,
        kernel: Range<SemanticVersion>,
        dependencies: [String] = [],
        settings: [SettingDefinition] = [],
        actions: [ActionDeclaration] = [],
        migrations: [Migration] = [],
        routes: [Route] = [],
        jobs: [JobDeclaration] = [],
        subscriptions: [EventSubscription] = [],
        privacy: PrivacyHooks? = nil,
        navigation: [NavigationEntry] = [],
        catalog: Catalog = .empty,
        calendar: CalendarSource? = nil,
        contentKinds: [ContentKind] = [],
        homeSections: [HomeContribution] = [],
        sitemap: SitemapContribution? = nil,
        facts: [FactDeclaration] = [],
        demo: DemoContent? = nil
    ) {
        self.id = id
        self.names = names
        self.version = version
        self.kernel = kernel
        self.dependencies = dependencies
        self.settings = settings
        self.actions = actions
        self.migrations = migrations
        self.routes = routes
        self.jobs = jobs
        self.subscriptions = subscriptions
        self.privacy = privacy
        self.navigation = navigation
        self.catalog = catalog
        self.calendar = calendar
        self.contentKinds = contentKinds
        self.homeSections = homeSections
        self.sitemap = sitemap
        self.facts = facts
        self.demo = demo
    }
}
