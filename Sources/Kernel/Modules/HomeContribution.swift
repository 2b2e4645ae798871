/// A section of the region's home page as a module computes it for one request: a heading
/// and a few links (next dates, latest stories, open consultation hours). Plain values: the
/// kernel's home page renders each as a `HomeSection` of cards in the region's layout.
public struct HomeListing: Sendable, Hashable {
    public struct Item: Sendable, Hashable {
        public var title: String
        /// A path under the site (`/demo/de/echo/stories/garden`) or an absolute URL.
        public var url: String
        /// A short line under the title: a date, a place, a count.
        public var meta: String?

        public init(title: String, url: String, meta: String? = nil) {
            self.title = title
            self.url = url
            self.meta = meta
        }
    }

    /// `<module>.<name>`, stable (used as an anchor on the page).
    public var id: String
    /// The heading, in the reader's language.
    public var title: String
    public var items: [Item]
    /// A link to everything (`All stories`), if any.
    public var more: Item?

    public init(id: String, title: String, items: [Item], more: Item? = nil) {
        self.id = id
        self.title = title
        self.items = items
        self.more = more
    }
}

/// How a module contributes a home-page section, declared in its manifest. The handler runs
/// for each home-page request with the module's own context (its settings in the region,
/// the reader's language); it returns nil to show nothing. A failing contribution is
/// logged and left out, so one module cannot break the home page.
public struct HomeContribution: Sendable {
    public typealias Handler = @Sendable (RequestContext) throws -> HomeListing?

    /// Unique within the module.
    public var id: String
    /// Lower comes first on the page.
    public var order: Int
    public var handler: Handler

    public init(_ id: String, order: Int = 100, handler: @escaping Handler) {
        self.id = id
        self.order = order
        self.handler = handler
    }
}

extension KernelServices {
    /// The home-page sections the modules enabled in the reader's region contribute, in
    /// order, each computed with that module's context.
    public func homeListings(for context: RequestContext) -> [HomeListing] {
        let contributions = registry.manifests
            .filter { context.region.enables($0.id) }
            .flatMap { manifest in manifest.homeSections.map { (manifest.id, $0) } }
            .sorted { ($0.1.order, $0.0, $0.1.id) < ($1.1.order, $1.0, $1.1.id) }
        return contributions.compactMap { module, contribution in
            let moduleContext = RequestContext(
                requestID: context.requestID, region: context.region, language: context.language, module: module,
                settings: context.region.modules[module] ?? ModuleSettings(values: [:]), principal: context.principal,
                clientAddress: context.clientAddress, services: self)
            do {
                return try contribution.handler(moduleContext)
            } catch {
                logger.error("home section failed", [
                    "request_id": .string(context.requestID), "module": .string(module),
                    "section": .string(contribution.id), "error": .string(String(describing: error)),
                ])
                return nil
            }
        }
    }
}
