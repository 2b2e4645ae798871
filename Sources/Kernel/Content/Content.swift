/// The kernel's content protocol: multilingual items owned by modules, with translation
/// state, versions and publication. Declared here so that modules can be written against
/// it; the content issue provides the implementation.
public protocol ContentStore: Sendable {
    /// The item in the best language for a reader of `language`, following the region's
    /// fallback chain, or nil when it does not exist or is not visible.
    func item(module: String, slug: String, language: String, in db: any DatabaseConnection) throws -> ContentItem?
}

/// One piece of multilingual content as served to a reader.
public struct ContentItem: Sendable {
    public var id: Int64
    public var module: String
    public var kind: String
    public var slug: String
    /// The language actually served (may differ from the requested one).
    public var language: String
    public var fields: [String: String]

    public init(id: Int64, module: String, kind: String, slug: String, language: String, fields: [String: String]) {
        self.id = id
        self.module = module
        self.kind = kind
        self.slug = slug
        self.language = language
        self.fields = fields
    }
}
