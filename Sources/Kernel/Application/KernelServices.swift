import Web

/// The kernel services every handler, job and subscriber can reach. Issues that add a
/// service (identity, content, scheduling, mail) add it here.
public struct KernelServices: Sendable {
    public var storage: any Storage
    public var events: EventBus
    public var identity: any IdentityService
    /// Accounts, sessions, tokens, memberships: what the identity pages and the CLI work with.
    public var accounts: AccountIdentity
    public var clock: any TimeSource
    public var logger: Logger
    /// Every configured region by id.
    public var regions: [String: Region]
    /// The linked modules' manifests, in dependency order.
    public var registry: ModuleRegistry
    /// Signing and checking of the links people without an account use.
    public var tokens: SignedTokens
    /// The server file's settings (public URL for links, data directory).
    public var server: ServerSettings
    /// Durable background jobs, enqueued in the caller's transaction.
    public var jobs: any JobQueue
    /// Outgoing mail, queued in the caller's transaction and sent by a job.
    public var mail: any MailService
    /// How queued mail is sent (set by the application; nil where no transport is wired).
    var mailDelivery: MailDelivery?
    /// Multilingual content items of every module: translation state, versions,
    /// publication, search and translator exchange.
    public var content: any ContentStore

    /// `content` defaults to the kernel's store on `storage` (with the search index that
    /// fits its backend).
    public init(
        storage: any Storage, events: EventBus, identity: any IdentityService, accounts: AccountIdentity,
        clock: any TimeSource, logger: Logger, regions: [String: Region], registry: ModuleRegistry, tokens: SignedTokens,
        server: ServerSettings, jobs: any JobQueue, mail: any MailService, content: (any ContentStore)? = nil
    ) {
        self.storage = storage
        self.events = events
        self.identity = identity
        self.accounts = accounts
        self.clock = clock
        self.logger = logger
        self.regions = regions
        self.registry = registry
        self.tokens = tokens
        self.server = server
        self.jobs = jobs
        self.mail = mail
        self.content = content ?? SQLContentStore(
            regions: regions, clock: clock, searchIndex: SQLContentStore.searchIndex(for: storage))
    }

    /// A link of a region's navigation, ready to render.
    public struct NavigationLink: Sendable, Equatable {
        public var title: String
        /// Path relative to `/{region}/{lang}`.
        public var path: String
    }

    /// The navigation of `region` for `principal`: entries of the modules enabled there that
    /// the principal may use, in order.
    /// Link texts come from each module's catalog (`NavigationEntry.titleKey`).
    public func navigation(for region: Region, language: String, principal: Principal) -> [NavigationLink] {
        let languages = Localizer.fallbackLanguages(requested: language, regionDefault: region.defaultLanguage)
        return registry.manifests
            .filter { region.enables($0.id) }
            .flatMap { manifest in manifest.navigation.map { (manifest, $0) } }
            .filter { _, entry in
                if case .action(let action) = entry.access { return principal.holds(action) }
                return true
            }
            .sorted { ($0.1.order, $0.0.id) < ($1.1.order, $1.0.id) }
            .map { manifest, entry in
                let strings = Localizer(catalog: manifest.catalog, languages: languages)
                return NavigationLink(title: strings.text(entry.titleKey), path: entry.path)
            }
    }
}
