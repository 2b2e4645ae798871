extension SQLContentStore {
    /// The language tree as recorded with a region's search entries.
    static func languageSignature(_ region: Region) -> String {
        region.languages.map { "\($0.code)<\($0.source ?? "")" }.joined(separator: ",")
    }

    public func prepare(in storage: any Storage) throws {
        var rebuilt = false
        for region in regions.values.sorted(by: { $0.id < $1.id }) {
            let signature = Self.languageSignature(region)
            try storage.write(.region(region.id)) { db in
                let recorded = try db.scalar(String.self, "SELECT languages FROM kernel_content_search_state WHERE region = \(region.id)")
                guard recorded != signature else { return }
                rebuilt = true
                var originals: [Int64: String] = [:]
                try db.forEachRow("SELECT id, original_language FROM kernel_content_items WHERE region = \(region.id)") { row in
                    originals[try row.get("id")] = try row.get("original_language")
                }
                var texts: [Int64: [String: (id: Int64, texts: ContentTexts, plainBody: String)]] = [:]
                try db.forEachRow("SELECT \(raw: TextRow.columnsWithPlainBody) FROM kernel_content_texts t WHERE t.region = \(region.id)") { row in
                    let text = try TextRow(row: row)
                    texts[text.itemID, default: [:]][text.language] = (text.id, text.texts, text.bodyText ?? "")
                }
                for (item, itemTexts) in texts {
                    guard let original = originals[item] else { continue }
                    try searchIndex.index(Self.searchEntries(itemTexts, original: original, region: region), in: db)
                }
                try db.execute("""
                    INSERT INTO kernel_content_search_state (region, languages) VALUES (\(region.id), \(signature))
                    ON CONFLICT (region) DO UPDATE SET languages = excluded.languages
                    """)
            }
        }
        if rebuilt { try storage.write { db in try searchIndex.compact(in: db) } }
    }

    public func maintainSearchIndex(in storage: any Storage) throws {
        try storage.write { db in try searchIndex.mergeSome(in: db) }
    }
}
