import Foundation
import Web

/// The kernel's `ContentStore` on the `Storage` protocol, in portable SQL (full-text search
/// aside, which goes through a `SearchIndex`).
///
/// Items live in `kernel_content_items`; each language's texts in `kernel_content_texts`, with the digest
/// of their last significant wording and, for translations, the source language and that
/// source's digest when translated. A translation is outdated when its source's digest has
/// moved on; a minor edit keeps the digest, so it outdates nothing. Every change writes a
/// full snapshot to `kernel_content_versions`.
public struct SQLContentStore: ContentStore {
    let regions: [String: Region]
    let clock: any TimeSource
    let searchIndex: any SearchIndex

    public init(regions: [String: Region], clock: any TimeSource, searchIndex: any SearchIndex) {
        self.regions = regions
        self.clock = clock
        self.searchIndex = searchIndex
    }

    /// The search index that fits `storage`: FTS5 on SQLite, none elsewhere yet.
    public static func searchIndex(for storage: any Storage) -> any SearchIndex {
        switch storage.dialect {
        case .sqlite: FTS5SearchIndex()
        case .postgresql: UnavailableSearchIndex()
        }
    }

    /// The region of the connection's scope.
    func region(of db: any DatabaseConnection) throws -> Region {
        guard let id = db.scope.region, let region = regions[id] else {
            throw ContentStoreError.needsRegionScope(db.scope.description)
        }
        return region
    }

    // MARK: Readers

    public func item(
        module: String, kind: String, slug: String, language: String, in db: any DatabaseConnection
    ) throws -> ContentItem? {
        let region = try region(of: db)
        guard let row = try db.fetchOne(ItemRow.self, """
            SELECT \(raw: ItemRow.columns) FROM kernel_content_items i
            WHERE i.region = \(region.id) AND i.module = \(module) AND i.kind = \(kind) AND i.slug = \(slug)
              AND \(ContentVisibility.condition("i", now: clock.now()))
            """) else { return nil }
        return try served([row], language: language, region: region, in: db).first
    }

    public func list(_ query: ContentQuery, in db: any DatabaseConnection) throws -> ContentPage {
        let region = try region(of: db)
        let limit = Self.limit(of: query)
        let rows = try db.fetchAll(ItemRow.self, listSQL(query, columns: ItemRow.columns, region: region))
        let page = Array(rows.prefix(limit))
        let next = rows.count > limit ? page.last.map { ContentListPosition(publishedAt: $0.publishedAt ?? 0, id: $0.id) } : nil
        return ContentPage(items: try served(page, language: query.language, region: region, withBodies: query.withBodies, in: db), next: next)
    }

    static func limit(of query: ContentQuery) -> Int { max(1, min(query.limit, 100)) }

    /// The items of a list page and one more (which tells whether there is a next page).
    func listSQL(_ query: ContentQuery, columns: String, region: Region) -> SQL {
        var sql: SQL = "SELECT \(raw: columns) FROM kernel_content_items i WHERE i.region = \(region.id) AND i.module = \(query.module)"
        if let kinds = query.kinds {
            // One kind as an equality, so the planner walks the kind index in order.
            sql = sql + (kinds.count == 1 ? " AND i.kind = \(kinds[0])" : " AND i.kind IN (\(list: kinds))")
        }
        sql = sql + " AND \(ContentVisibility.condition("i", now: clock.now()))"
        if let after = query.after {
            sql = sql + " AND (i.published_at < \(after.publishedAt) OR (i.published_at = \(after.publishedAt) AND i.id < \(after.id)))"
        }
        return sql + " ORDER BY i.published_at DESC, i.id DESC LIMIT \(Self.limit(of: query) + 1)"
    }

    public func search(_ query: SearchQuery, in db: any DatabaseConnection) throws -> SearchResults {
        let region = try region(of: db)
        let language = region.speaks(query.language) ? query.language : region.defaultLanguage
        let terms = query.terms
        guard !terms.isEmpty else { return SearchResults(hits: [], nextOffset: nil) }
        let limit = max(1, min(query.limit, 50))
        let offset = max(0, min(query.offset, 10_000))
        // One more than the page tells whether there is a next one.
        let wanted = offset + limit + 1
        let matches = try visibleMatches(terms, wanted: wanted, region: region, language: language, in: db)
        let page = Array(matches.dropFirst(offset).prefix(limit))
        guard !page.isEmpty else { return SearchResults(hits: [], nextOffset: nil) }
        var rows: [Int64: ItemRow] = [:]
        for row in try db.fetchAll(ItemRow.self, """
            SELECT \(raw: ItemRow.columns) FROM kernel_content_items i WHERE i.region = \(region.id) AND i.id IN (\(list: page.map(\.itemID)))
            """) {
            rows[row.id] = row
        }
        var texts: [Int64: TextRow] = [:]
        for text in try db.fetchAll(TextRow.self, """
            SELECT \(raw: TextRow.columnsWithPlainBody) FROM kernel_content_texts t WHERE t.region = \(region.id) AND t.id IN (\(list: page.map(\.textID)))
            """) {
            texts[text.id] = text
        }
        let matcher = SnippetBuilder.Matcher(terms: terms)
        let hits = page.compactMap { match -> SearchHit? in
            guard let row = rows[match.itemID], let text = texts[match.textID] else { return nil }
            let item = Self.item(row, text: text, region: region)
            // The short summary first: cheap to scan, and the best teaser when it has the words.
            let snippet = SnippetBuilder.snippet(from: [item.summary, text.bodyText ?? ""], matcher: matcher)
            return SearchHit(item: item, snippet: snippet)
        }
        return SearchResults(hits: hits, nextOffset: matches.count > offset + limit ? offset + limit : nil)
    }

    /// The first `wanted` matches (or fewer when there are no more) whose items readers can
    /// see, best first. The index ranks without looking at items, so a few more than wanted
    /// are asked for, and more again in the rare case that many were hidden.
    private func visibleMatches(
        _ terms: [String], wanted: Int, region: Region, language: String, in db: any DatabaseConnection
    ) throws -> [(textID: Int64, itemID: Int64)] {
        var asked = wanted + 4
        while true {
            let ranked = try searchIndex.rankedTexts(terms, region: region.id, language: language, limit: asked, in: db)
            guard !ranked.isEmpty else { return [] }
            var items: [Int64: Int64] = [:]
            try db.forEachRow("""
                SELECT t.id, t.item_id FROM kernel_content_texts t JOIN kernel_content_items i ON i.id = t.item_id
                WHERE t.id IN (\(list: ranked.map(\.textID))) AND t.region = \(region.id) AND i.region = \(region.id)
                  AND \(ContentVisibility.condition("i", now: clock.now()))
                """) { row in
                items[try row.get("id")] = try row.get("item_id")
            }
            let visible = ranked.compactMap { match in items[match.textID].map { (textID: match.textID, itemID: $0) } }
            if visible.count >= wanted || ranked.count < asked { return Array(visible.prefix(wanted)) }
            asked *= 4
        }
    }

    /// The items of `rows`, each with its text in the best language for a reader of `language`.
    func served(
        _ rows: [ItemRow], language: String, region: Region, withBodies: Bool = true, in db: any DatabaseConnection
    ) throws -> [ContentItem] {
        guard !rows.isEmpty else { return [] }
        var wanted: [Int64: String] = [:]
        let chain = region.fallbackChain(for: language), regionLanguages = region.languageCodes
        for row in rows {
            wanted[row.id] = Self.servedLanguage(
                available: row.languageList, chain: chain, regionLanguages: regionLanguages, original: row.originalLanguage)
        }
        var texts: [Int64: TextRow] = [:]
        try db.forEachRow("""
            SELECT \(raw: withBodies ? TextRow.columns : TextRow.columnsWithoutBody) FROM kernel_content_texts t
            WHERE t.region = \(region.id) AND t.item_id IN (\(list: rows.map(\.id))) AND t.language IN (\(list: Array(Set(wanted.values))))
            """) { row in
            let text = try TextRow(row: row)
            if wanted[text.itemID] == text.language { texts[text.itemID] = text }
        }
        return rows.compactMap { row in texts[row.id].map { Self.item(row, text: $0, region: region) } }
    }

    /// The first language of the reader's fallback chain the item has; failing that its
    /// original language, so that every item can be read somehow.
    static func servedLanguage(available: [String], for reader: String, region: Region, original: String) -> String? {
        servedLanguage(available: available, chain: region.fallbackChain(for: reader), regionLanguages: region.languageCodes, original: original)
    }

    /// `servedLanguage(available:for:region:original:)` with the reader's fallback chain and the
    /// region's language codes worked out once, for lists that ask for every item.
    static func servedLanguage(available: [String], chain: [String], regionLanguages: [String], original: String) -> String? {
        for code in chain where available.contains(code) { return code }
        if available.contains(original) { return original }
        return regionLanguages.first { available.contains($0) } ?? available.first
    }

    /// Languages in the region's order, then any the region no longer speaks.
    static func ordered(_ languages: some Collection<String>, region: Region) -> [String] {
        ordered(languages, regionLanguages: region.languageCodes)
    }

    static func ordered(_ languages: some Collection<String>, regionLanguages: [String]) -> [String] {
        let known = regionLanguages.filter { languages.contains($0) }
        return known.count == languages.count ? known : known + languages.filter { !known.contains($0) }.sorted()
    }

    static func item(_ row: ItemRow, text: TextRow, region: Region) -> ContentItem {
        ContentItem(
            id: row.id, module: row.module, kind: row.kind, slug: row.slug, language: text.language,
            languages: ordered(row.languageList, region: region), texts: text.texts, status: row.publicationStatus,
            publishedAt: row.publishedAt.map(ContentStoreSupport.date), unpublishAt: row.unpublishAt.map(ContentStoreSupport.date),
            createdAt: ContentStoreSupport.date(row.createdAt), updatedAt: ContentStoreSupport.date(row.updatedAt),
            author: row.authorID, version: row.version)
    }
}

/// Misuse of the content store by code (not by a person).
public enum ContentStoreError: Error, CustomStringConvertible {
    case needsRegionScope(String)
    /// The backend answered an `INSERT … RETURNING id` without a row.
    case noInsertedID

    public var description: String {
        switch self {
        case .needsRegionScope(let scope):
            "the content store works in a region's scope (context.read/write), not in \(scope)"
        case .noInsertedID:
            "the database returned no id for a new content row"
        }
    }
}
