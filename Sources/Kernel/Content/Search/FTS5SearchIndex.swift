import Foundation

/// Content search on SQLite's FTS5: one `kernel_content_search` table (created by the content
/// area's migrations) with the columns `title`, `summary` and `body`, one row per text, keyed
/// by the text's id negated, tokenized by `unicode61 remove_diacritics 2`. Texts and queries
/// are normalized by `SearchNormalization` first.
///
/// Every word of a text is indexed once per reader language it is served to, prefixed with
/// that language's scope in its region (`x` + 12 hex digits of a digest of
/// `region/language`): a query for `word` in one region and language asks for the one term
/// `x…word`, whose list holds exactly the texts that readers would be served, and no other
/// region's or language's. (An item is served once per reader language however many
/// translations it has, so the index grows with items × languages, as if all were
/// translated.)
///
/// Row ids are the negated text ids, so that FTS5's cheap ascending walk meets the newest
/// texts first. Only the newest `rankedWindow` matches are ranked (by the SQLite backend's
/// `teilhabe_search_rank`: title weighted 10, summary 4, body 1): ranking costs work per
/// matching text, and a word found in most texts of a big region would otherwise cost
/// milliseconds; a word found in fewer texts is ranked in full.
public struct FTS5SearchIndex: SearchIndex {
    /// How many of the newest matches are ranked (at least; deeper pages rank more).
    public static let rankedWindow = 200

    public init() {}

    /// The prefix of the words of `region`'s texts served to readers of `language`: short
    /// and alphanumeric, so the tokenizer keeps it with the word.
    static func wordPrefix(region: String, language: String) -> String {
        "x" + Digest.hex(Array(Digest.sha256(Array("\(region)/\(language)".utf8)).prefix(6)))
    }

    /// `text` (normalized) with its words once for each of `prefixes`, each word prefixed.
    static func prefixingWords(_ text: String, with prefixes: [String]) -> String {
        var output = String.UnicodeScalarView()
        for (index, prefix) in prefixes.enumerated() {
            if index > 0 { output.append(" ") }
            var inWord = false
            for scalar in text.unicodeScalars {
                let isWord = SearchNormalization.isWordScalar(scalar)
                if isWord && !inWord { output.append(contentsOf: prefix.unicodeScalars) }
                inWord = isWord
                output.append(scalar)
            }
        }
        return String(output)
    }

    static func indexed(_ text: String, prefixes: [String]) -> String {
        prefixingWords(SearchNormalization.normalize(text), with: prefixes)
    }

    public func index(_ entries: [SearchEntry], in transaction: any DatabaseTransaction) throws {
        try remove(textIDs: entries.map(\.textID), in: transaction)
        for entry in entries where !entry.readerLanguages.isEmpty {
            let prefixes = entry.readerLanguages.map { Self.wordPrefix(region: entry.region, language: $0) }
            try transaction.execute("""
                INSERT INTO kernel_content_search (rowid, title, summary, body)
                VALUES (\(-entry.textID), \(Self.indexed(entry.title, prefixes: prefixes)),
                        \(Self.indexed(entry.summary, prefixes: prefixes)), \(Self.indexed(entry.body, prefixes: prefixes)))
                """)
        }
    }

    public func remove(textIDs: [Int64], in transaction: any DatabaseTransaction) throws {
        guard !textIDs.isEmpty else { return }
        try transaction.execute("DELETE FROM kernel_content_search WHERE rowid IN (\(list: textIDs.map { -$0 }))")
    }

    /// Merges the index's segments into one: a rebuild leaves many, and every query looks
    /// each of its words up in every segment (ten times the cost of a merged index).
    public func compact(in transaction: any DatabaseTransaction) throws {
        try transaction.execute("INSERT INTO kernel_content_search (kernel_content_search) VALUES ('optimize')")
    }

    /// Pages of merge work per call: a few megabytes, well under a second of the writer,
    /// and far more than a half hour of editing adds.
    static let mergePages = 2_000

    /// FTS5's incremental merge, with segments merged as soon as two of a size exist
    /// (`usermerge` 2; the default waits for four, leaving more for each query to look into).
    /// Unlike `optimize` it never rewrites the whole index at once, so writers wait briefly.
    public func mergeSome(in transaction: any DatabaseTransaction) throws {
        try transaction.execute("INSERT INTO kernel_content_search (kernel_content_search, rank) VALUES ('usermerge', 2)")
        try transaction.execute("INSERT INTO kernel_content_search (kernel_content_search, rank) VALUES ('merge', \(Self.mergePages))")
    }

    public func rankedTexts(
        _ terms: [String], region: String, language: String, limit: Int, in db: any DatabaseConnection
    ) throws -> [RankedText] {
        guard !terms.isEmpty, limit > 0 else { return [] }
        let expression = Self.expression(terms, wordPrefix: Self.wordPrefix(region: region, language: language))
        let window = max(Self.rankedWindow, limit * 2)
        var ranked: [RankedText] = []
        // The inner query walks the newest matches (ascending row ids) and stops after the
        // window; the outer one keeps the best. Ties go to the newer text.
        try db.forEachRow("""
            SELECT rowid, rank FROM (
                SELECT rowid, teilhabe_search_rank(kernel_content_search, 10.0, 4.0, 1.0) AS rank FROM kernel_content_search
                WHERE kernel_content_search MATCH \(expression) ORDER BY rowid LIMIT \(window))
            ORDER BY rank, rowid LIMIT \(limit)
            """) { row in
            ranked.append(RankedText(textID: -(try row.get("rowid", as: Int64.self)), rank: try row.get("rank")))
        }
        return ranked
    }

    /// `"x…w1" AND "x…w2"*`. Every word is quoted (doubling any `"`), so nothing a reader
    /// types is read as FTS5 syntax; the last word of two letters or more matches as a prefix.
    static func expression(_ terms: [String], wordPrefix: String) -> String {
        var expression = ""
        for (index, term) in terms.enumerated() {
            if index > 0 { expression += " AND " }
            expression += "\"" + wordPrefix
            expression += term.contains("\"") ? term.replacingOccurrences(of: "\"", with: "\"\"") : term
            expression += index == terms.count - 1 && term.count >= 2 ? "\"*" : "\""
        }
        return expression
    }
}
