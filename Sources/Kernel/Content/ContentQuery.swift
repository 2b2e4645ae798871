import Foundation

/// Which visible items of a module to list, newest publication first.
public struct ContentQuery: Sendable {
    public var module: String
    /// Only these kinds; nil for every kind of the module.
    public var kinds: [String]?
    /// The reader's language: each item comes in the best language it has for them.
    public var language: String
    /// At most this many items (1…100).
    public var limit: Int
    /// Continue after this position (from the previous page's `next`).
    public var after: ContentListPosition?
    /// Whether the items come with their bodies. Lists that show titles and summaries leave
    /// them out (the items' `body` is then empty), which spares reading every body; a feed
    /// with full entries asks for them.
    public var withBodies: Bool

    public init(
        module: String, kinds: [String]? = nil, language: String, limit: Int = 20, after: ContentListPosition? = nil,
        withBodies: Bool = false
    ) {
        self.module = module
        self.kinds = kinds
        self.language = language
        self.limit = limit
        self.after = after
        self.withBodies = withBodies
    }
}

/// A place in a list ordered by publication time and id (keyset pagination: stable while
/// items are added, unlike offsets).
public struct ContentListPosition: Sendable, Hashable, Codable {
    /// Milliseconds since 1970.
    public var publishedAt: Int64
    public var id: Int64

    public init(publishedAt: Int64, id: Int64) {
        self.publishedAt = publishedAt
        self.id = id
    }
}

/// One page of a list.
public struct ContentPage: Sendable {
    public var items: [ContentItem]
    /// Where the next page starts, or nil on the last page.
    public var next: ContentListPosition?
}
