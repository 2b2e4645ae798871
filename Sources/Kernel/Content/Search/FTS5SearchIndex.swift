import Foundation

/// Content search on SQLite's FTS5: one `kernel_content_search` table (created by the content
/// area's migration) with the columns `scope`, `title`, `summary` and `body`, keyed by the
/// text's row id and tokenized by `unicode61 remove_diacritics 2`. Texts and queries are
/// normalized by `SearchNormalization` first.
///
/// `scope` holds one token per reader language the text is served to (`s` + hex of
/// `region/language`); every query requires its scope token. Every word of a text is also
/// prefixed with its region's code (`x` + 8 hex digits), so that the index keeps one short
/// list of documents per word and region: a common word's list does not span every region
/// of a large deployment. Queries prefix their words the same way. Ranking is bm25 with the
/// title weighted 10, the summary 4 and the body 1, over the most recent `rankedWindow`
/// matches: bm25 costs a lookup per matching document, so a word found in most texts of a
/// big region would otherwise cost milliseconds; a word found in fewer texts is ranked in
/// full.
public struct FTS5SearchIndex: SearchIndex {
    /// How many of the newest matches are ranked (at least; deeper pages rank more).
    public static let rankedWindow = 200

    public init() {}

    static func scopeToken(region: String, language: String) -> String {
        "s" + Digest.hex(Array("\(region)/\(language)".utf8))
    }

    /// A region's word prefix: short and alphanumeric, so the tokenizer keeps it with the word.
    static func regionPrefix(_ region: String) -> String {
        "x" + Digest.hex(Array(Digest.sha256(Array(region.utf8)).prefix(4)))
    }

    /// `text` (normalized) with `prefix` before every word, as the tokenizer splits words.
    static func prefixingWords(_ text: String, with prefix: String) -> String {
        var output = String.UnicodeScalarView()
        var inWord = false
        for scalar in text.unicodeScalars {
            let isWord = SearchNormalization.isWordScalar(scalar)
            if isWord && !inWord { output.append(contentsOf: prefix.unicodeScalars) }
            inWord = isWord
            output.append(scalar)
        }
        return String(output)
    }

    static func indexed(_ text: String, region: String) -> String {
        prefixingWords(SearchNormalization.normalize(text), with: regionPrefix(region))
    }

    public func index(_ entries: [SearchEntry], in transaction: any DatabaseTransaction) throws {
        try remove(textIDs: entries.map(\.textID), in: transaction)
        for entry in entries where !entry.readerLanguages.isEmpty {
            let scope = entry.readerLanguages.map { Self.scopeToken(region: entry.region, language: $0) }.joined(separator: " ")
            try transaction.execute("""
                INSERT INTO kernel_content_search (rowid, scope, title, summary, body)
                VALUES (\(entry.textID), \(scope), \(Self.indexed(entry.title, region: entry.region)),
                        \(Self.indexed(entry.summary, region: entry.region)), \(Self.indexed(entry.body, region: entry.region)))
                """)
        }
    }

    public func remove(textIDs: [Int64], in transaction: any DatabaseTransaction) throws {
        guard !textIDs.isEmpty else { return }
        try transaction.execute("DELETE FROM kernel_content_search WHERE rowid IN (\(list: textIDs))")
    }

    public func matches(
        _ terms: [String], region: String, language: String, now: Date, limit: Int, offset: Int,
        in db: any DatabaseConnection
    ) throws -> [SearchMatch] {
        guard !terms.isEmpty else { return [] }
        let expression = Self.expression(terms, wordPrefix: Self.regionPrefix(region), scope: Self.scopeToken(region: region, language: language))
        // Rank in the index alone, then keep the visible ones: joining every match to its
        // item before ranking costs two lookups per match, and most matches are visible.
        var wanted = (offset + limit) * 2 + 10
        while true {
            var ranked: [(textID: Int64, rank: Double)] = []
            // The newest matches: FTS5 walks its lists in rowid order and stops early.
            var newest: [Int64] = []
            let window = max(Self.rankedWindow, wanted * 2)
            try db.forEachRow("""
                SELECT rowid FROM kernel_content_search WHERE kernel_content_search MATCH \(expression) ORDER BY rowid DESC LIMIT \(window)
                """) { row in
                newest.append(try row.get("rowid"))
            }
            // Ranked: all of them when there were fewer than the window.
            let bounded = newest.count < window ? SQL("") : " AND rowid >= \(newest.last ?? 0)"
            try db.forEachRow("""
                SELECT rowid, bm25(kernel_content_search, 0.0, 10.0, 4.0, 1.0) AS rank FROM kernel_content_search
                WHERE kernel_content_search MATCH \(expression)\(bounded) ORDER BY rank, rowid LIMIT \(wanted)
                """) { row in
                ranked.append((try row.get("rowid"), try row.get("rank")))
            }
            var visible: [Int64: (itemID: Int64, language: String)] = [:]
            try db.forEachRow("""
                SELECT t.id, t.item_id, t.language FROM kernel_content_texts t JOIN kernel_content_items i ON i.id = t.item_id
                WHERE t.id IN (\(list: ranked.map(\.textID))) AND t.region = \(region) AND i.region = \(region)
                  AND \(ContentVisibility.condition("i", now: now))
                """) { row in
                visible[try row.get("id")] = (try row.get("item_id"), try row.get("language"))
            }
            let matches = ranked.compactMap { entry in
                visible[entry.textID].map { SearchMatch(textID: entry.textID, itemID: $0.itemID, language: $0.language, rank: entry.rank) }
            }
            // Enough visible matches for this page, or the index has no more: done.
            if matches.count >= offset + limit || ranked.count < wanted {
                return Array(matches.dropFirst(offset).prefix(limit))
            }
            wanted *= 4
        }
    }

    /// `scope : "s…" AND {title summary body} : ("x…w1" AND "x…w2"*)`. Every word is quoted
    /// (doubling any `"`), so nothing a reader types is read as FTS5 syntax; the last word of
    /// two letters or more matches as a prefix.
    static func expression(_ terms: [String], wordPrefix: String, scope: String) -> String {
        let words = terms.enumerated().map { index, term in
            "\"" + wordPrefix + term.replacingOccurrences(of: "\"", with: "\"\"") + "\"" + (index == terms.count - 1 && term.count >= 2 ? "*" : "")
        }
        return "scope : \"\(scope)\" AND {title summary body} : (\(words.joined(separator: " AND ")))"
    }
}
