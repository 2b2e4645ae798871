import Foundation

/// The full-text index behind content search. Search engines are backend-specific, so the
/// content store talks to this protocol: SQLite uses FTS5 (`FTS5SearchIndex`); a PostgreSQL
/// backend would implement it with a `tsvector` column, a GIN index and `ts_rank`.
///
/// Each indexed text carries the reader languages it is served to (its own language, and
/// those whose fallback chain reaches it because they have no text of their own), so that
/// a search in one language finds every item a reader of it would see.
public protocol SearchIndex: Sendable {
    /// Replaces the entries of these texts; entries with no reader languages are removed.
    func index(_ entries: [SearchEntry], in transaction: any DatabaseTransaction) throws
    /// Removes the entries of these texts.
    func remove(textIDs: [Int64], in transaction: any DatabaseTransaction) throws
    /// Tidies the index after many entries were rewritten at once (a rebuild), so that
    /// queries stay as cheap as on an index built up gradually.
    func compact(in transaction: any DatabaseTransaction) throws
    /// Merges some of the small pieces that single saves add to the index, a bounded amount
    /// of work per call (nothing when there is nothing to merge), so that searches do not
    /// slow down as content is edited. The kernel calls it every half hour.
    func mergeSome(in transaction: any DatabaseTransaction) throws
    /// Up to `limit` of the texts served to readers of `language` in `region` that contain
    /// every term (the last as a prefix), best first. The index also holds the texts of
    /// items readers cannot see (drafts, scheduled, withdrawn): the caller keeps the visible
    /// ones, and asks for more when too few were.
    func rankedTexts(
        _ terms: [String], region: String, language: String, limit: Int, in db: any DatabaseConnection
    ) throws -> [RankedText]
}

/// One text as the index needs it: plain words, no markup.
public struct SearchEntry: Sendable {
    public var textID: Int64
    public var region: String
    /// The reader languages this text is served to.
    public var readerLanguages: [String]
    public var title: String
    public var summary: String
    public var body: String
}

/// A text that matched, with its rank (lower is better).
public struct RankedText: Sendable, Hashable {
    public var textID: Int64
    public var rank: Double

    public init(textID: Int64, rank: Double) {
        self.textID = textID
        self.rank = rank
    }
}

/// The index for backends without a full-text search implementation: indexing does
/// nothing and searching says so.
public struct UnavailableSearchIndex: SearchIndex {
    public init() {}
    public func index(_ entries: [SearchEntry], in transaction: any DatabaseTransaction) throws {}
    public func remove(textIDs: [Int64], in transaction: any DatabaseTransaction) throws {}
    public func compact(in transaction: any DatabaseTransaction) throws {}
    public func mergeSome(in transaction: any DatabaseTransaction) throws {}
    public func rankedTexts(
        _ terms: [String], region: String, language: String, limit: Int, in db: any DatabaseConnection
    ) throws -> [RankedText] {
        throw HTTPError(.notImplemented, "Search is not available with this storage backend")
    }
}
