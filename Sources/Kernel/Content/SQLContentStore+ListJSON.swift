import Foundation

/// JSON lists straight from the rows. Building a `ContentItem` per row and then its JSON
/// cost an API list most of its time (strings made and released for every column of 40
/// rows); here the columns' bytes go into the answer as they are read, through `RowCursor`.
/// `ContentListJSONTests` holds the result to `list` + `ContentItem.writeJSON` byte for byte.
extension SQLContentStore {
    /// An item of the page, as much as the answer needs of its row.
    private struct Listed {
        var id: Int64
        var slug: String
        var kind: String
        /// In the region's order.
        var languages: [String]
        var served: String?
        var publishedAt: Int64?
        var updatedAt: Int64
        /// Where its text's pieces were written into the scratch bytes.
        var text: WrittenText?
    }

    /// The served text's members, already JSON, as ranges of the scratch bytes: texts come in
    /// any order, members of items and texts interleave in the answer's key order.
    private struct WrittenText {
        var language: String
        var fields: Range<Int>
        var summary: Range<Int>
        var title: Range<Int>
    }

    /// Positions of `listColumns`.
    private enum ListColumn {
        static let id = 0, slug = 1, kind = 2, languages = 3, originalLanguage = 4, publishedAt = 5, updatedAt = 6
    }

    private static let listColumns = "i.id, i.slug, i.kind, i.languages, i.original_language, i.published_at, i.updated_at"

    /// Positions of the text query's columns.
    private enum TextColumn {
        static let itemID = 0, language = 1, title = 2, summary = 3, fields = 4
    }

    public func writeList(
        _ query: ContentQuery, urlPrefix: String?, into output: inout [UInt8], in db: any DatabaseConnection
    ) throws -> ContentListPosition? {
        let region = try region(of: db)
        let limit = Self.limit(of: query)
        var listed: [Listed] = []
        listed.reserveCapacity(limit)
        var hasMore = false
        let chain = region.fallbackChain(for: query.language), regionLanguages = region.languageCodes
        var previousLanguages: (text: [UInt8], split: [String], ordered: [String])?
        try db.forEachRow(listSQL(query, columns: Self.listColumns, region: region), cursor: { row in
            guard listed.count < limit else {
                hasMore = true
                return
            }
            // Items of a list mostly have the same languages: split and order them once.
            let languages = row.withUTF8(ListColumn.languages) { bytes in
                if let previous = previousLanguages, bytes.elementsEqual(previous.text) { return previous.split }
                let split = bytes.split(separator: UInt8(ascii: ",")).map { String(decoding: $0, as: UTF8.self) }
                previousLanguages = (Array(bytes), split, Self.ordered(split, regionLanguages: regionLanguages))
                return split
            }
            listed.append(Listed(
                id: row.int64(ListColumn.id), slug: row.string(ListColumn.slug), kind: row.string(ListColumn.kind),
                languages: previousLanguages?.ordered ?? [],
                served: Self.servedLanguage(
                    available: languages, chain: chain, regionLanguages: regionLanguages, original: row.string(ListColumn.originalLanguage)),
                publishedAt: row.isNull(ListColumn.publishedAt) ? nil : row.int64(ListColumn.publishedAt),
                updatedAt: row.int64(ListColumn.updatedAt)))
        })
        let next = hasMore ? listed.last.map { ContentListPosition(publishedAt: $0.publishedAt ?? 0, id: $0.id) } : nil
        guard !listed.isEmpty else { return next }

        var scratch: [UInt8] = []
        scratch.reserveCapacity(listed.count * 256)
        let served = Array(Set(listed.compactMap(\.served)))
        try db.forEachRow("""
            SELECT t.item_id, t.language, t.title, t.summary, t.fields FROM kernel_content_texts t
            WHERE t.region = \(region.id) AND t.item_id IN (\(list: listed.map(\.id))) AND t.language IN (\(list: served))
            """, cursor: { row in
            let itemID = row.int64(TextColumn.itemID)
            let language = row.string(TextColumn.language)
            guard let index = listed.firstIndex(where: { $0.id == itemID }), listed[index].served == language else { return }
            let fieldsStart = scratch.count
            try row.withUTF8(TextColumn.fields) { bytes in
                if bytes.elementsEqual("{}".utf8) {
                    JSONOutput.append("{}", to: &scratch)
                } else {
                    // As `TextRow.texts` reads them: an object, or none when the column holds anything else.
                    let fields = (try? JSONValue.parse(bytes))?.objectValue ?? [:]
                    JSONValue.object(fields).write(into: &scratch)
                }
            }
            let summaryStart = scratch.count
            row.withUTF8(TextColumn.summary) { JSONLine.appendString(utf8: $0, to: &scratch) }
            let titleStart = scratch.count
            row.withUTF8(TextColumn.title) { JSONLine.appendString(utf8: $0, to: &scratch) }
            listed[index].text = WrittenText(
                language: language, fields: fieldsStart..<summaryStart, summary: summaryStart..<titleStart,
                title: titleStart..<scratch.count)
        })

        var first = true
        for item in listed {
            guard let text = item.text else { continue }
            if !first { output.append(UInt8(ascii: ",")) }
            first = false
            JSONOutput.append("{\"fields\":", to: &output)
            output.append(contentsOf: scratch[text.fields])
            JSONOutput.append(",\"id\":", to: &output)
            JSONLine.appendInteger(Int(item.id), to: &output)
            JSONOutput.append(",\"kind\":", to: &output)
            JSONLine.appendString(item.kind, to: &output)
            JSONOutput.append(",\"language\":", to: &output)
            JSONLine.appendString(text.language, to: &output)
            JSONOutput.append(",\"languages\":[", to: &output)
            for (index, code) in item.languages.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                JSONLine.appendString(code, to: &output)
            }
            JSONOutput.append("],\"publishedAt\":", to: &output)
            if let publishedAt = item.publishedAt {
                // Through `Date`, exactly as `ContentItem.publishedAt` is written.
                output.append(UInt8(ascii: "\""))
                Timestamp.appendISO8601(ContentStoreSupport.date(publishedAt), to: &output)
                output.append(UInt8(ascii: "\""))
            } else {
                JSONOutput.append("null", to: &output)
            }
            JSONOutput.append(",\"slug\":", to: &output)
            JSONLine.appendString(item.slug, to: &output)
            JSONOutput.append(",\"summary\":", to: &output)
            output.append(contentsOf: scratch[text.summary])
            JSONOutput.append(",\"title\":", to: &output)
            output.append(contentsOf: scratch[text.title])
            JSONOutput.append(",\"updatedAt\":\"", to: &output)
            Timestamp.appendISO8601(ContentStoreSupport.date(item.updatedAt), to: &output)
            output.append(UInt8(ascii: "\""))
            if let urlPrefix {
                JSONOutput.append(",\"url\":\"", to: &output)
                var prefix = urlPrefix, slug = item.slug
                prefix.withUTF8 { JSONLine.appendEscaped(utf8: $0, to: &output) }
                slug.withUTF8 { JSONLine.appendEscaped(utf8: $0, to: &output) }
                output.append(UInt8(ascii: "\""))
            }
            output.append(UInt8(ascii: "}"))
        }
        return next
    }
}
