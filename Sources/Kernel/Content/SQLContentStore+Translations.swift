import Foundation

/// What editors and translators see: records with every language's state, worklists and
/// version history.
extension SQLContentStore {
    public func record(_ id: Int64, in db: any DatabaseConnection) throws -> ContentRecord? {
        let region = try region(of: db)
        guard let item = try? loadItem(id, region: region, in: db) else { return nil }
        let texts = try loadTexts(of: id, region: region, in: db).mapValues(\.text)
        let languages = Self.ordered(Set(region.languageCodes).union(texts.keys), region: region)
        return ContentRecord(
            id: item.id, module: item.module, kind: item.kind, slug: item.slug, status: item.publicationStatus,
            publishedAt: item.publishedAt.map(ContentStoreSupport.date), unpublishAt: item.unpublishAt.map(ContentStoreSupport.date),
            originalLanguage: item.originalLanguage, texts: texts.mapValues(\.texts),
            translations: languages.map { ($0, Self.state(of: $0, in: texts)) },
            createdAt: ContentStoreSupport.date(item.createdAt), updatedAt: ContentStoreSupport.date(item.updatedAt),
            author: item.authorID, version: item.version)
    }

    public func items(_ ids: [Int64], language: String, in db: any DatabaseConnection) throws -> [Int64: ContentItem] {
        let region = try region(of: db)
        guard !ids.isEmpty else { return [:] }
        let rows = try db.fetchAll(ItemRow.self, """
            SELECT \(raw: ItemRow.columns) FROM kernel_content_items i WHERE i.region = \(region.id) AND i.id IN (\(list: Array(Set(ids))))
            """)
        return Dictionary(try served(rows, language: language, region: region, in: db).map { ($0.id, $0) }) { first, _ in first }
    }

    public func id(module: String, kind: String, slug: String, in db: any DatabaseConnection) throws -> Int64? {
        let region = try region(of: db)
        return try db.scalar(Int64.self, """
            SELECT id FROM kernel_content_items WHERE region = \(region.id) AND module = \(module) AND kind = \(kind) AND slug = \(slug)
            """)
    }

    public func ids(module: String, kind: String, slugs: [String], in db: any DatabaseConnection) throws -> [String: Int64] {
        guard !slugs.isEmpty else { return [:] }
        let region = try region(of: db)
        var ids: [String: Int64] = [:]
        try db.forEachRow("""
            SELECT id, slug FROM kernel_content_items
            WHERE region = \(region.id) AND module = \(module) AND kind = \(kind) AND slug IN (\(list: slugs))
            """) { row in
            ids[try row.get("slug")] = try row.get("id")
        }
        return ids
    }

    /// A text's state against the text it was translated from.
    static func state(of language: String, in texts: [String: ContentSnapshot.Text]) -> TranslationState {
        guard let text = texts[language] else { return .missing }
        // An original, or a translation whose source text was removed: nothing to compare with.
        guard let source = text.sourceLanguage, let sourceText = texts[source] else { return .upToDate }
        return sourceText.digest == text.sourceDigest ? .upToDate : .outdated(source: source)
    }

    public func translationTasks(language: String, module: String?, in db: any DatabaseConnection) throws -> [TranslationTask] {
        let region = try region(of: db)
        guard region.speaks(language) else {
            throw HTTPError.unprocessable("'\(language)' is not a language of this region", field: "language")
        }
        struct Row: Decodable {
            var itemID: Int64, module: String, kind: String, slug: String, status: String, originalLanguage: String
            var updatedAt: Int64, language: String, title: String, digest: String, sourceLanguage: String?, sourceDigest: String?
            enum CodingKeys: String, CodingKey {
                case module, kind, slug, status, language, title, digest
                case itemID = "item_id", originalLanguage = "original_language", updatedAt = "updated_at"
                case sourceLanguage = "source_language", sourceDigest = "source_digest"
            }
        }
        var sql: SQL = """
            SELECT i.id AS item_id, i.module, i.kind, i.slug, i.status, i.original_language, i.updated_at,
                   t.language, t.title, t.digest, t.source_language, t.source_digest
            FROM kernel_content_items i JOIN kernel_content_texts t ON t.item_id = i.id AND t.region = i.region
            WHERE i.region = \(region.id) AND i.status <> 'archived'
            """
        if let module { sql = sql + " AND i.module = \(module)" }
        sql = sql + " ORDER BY i.updated_at DESC, i.id DESC"
        var order: [Int64] = []
        var items: [Int64: (row: Row, texts: [String: ContentSnapshot.Text], titles: [String: String])] = [:]
        for row in try db.fetchAll(Row.self, sql) {
            if items[row.itemID] == nil {
                order.append(row.itemID)
                items[row.itemID] = (row, [:], [:])
            }
            items[row.itemID]?.texts[row.language] = ContentSnapshot.Text(
                texts: ContentTexts(title: row.title), digest: row.digest, sourceLanguage: row.sourceLanguage, sourceDigest: row.sourceDigest)
            items[row.itemID]?.titles[row.language] = row.title
        }
        let treeSource = region.languages.first { $0.code == language }?.source
        return order.compactMap { id -> TranslationTask? in
            guard let (row, texts, titles) = items[id] else { return nil }
            let state = Self.state(of: language, in: texts)
            guard state.needsTranslation else { return nil }
            let source: String?
            if case .outdated(let recorded) = state {
                source = recorded
            } else {
                source = Self.translationSource(
                    for: language, available: Set(texts.keys), original: row.originalLanguage, region: region)
            }
            guard let source else { return nil }
            return TranslationTask(
                itemID: id, module: row.module, kind: row.kind, slug: row.slug,
                status: PublicationStatus(rawValue: row.status) ?? .draft, title: titles[source] ?? row.title, state: state,
                sourceLanguage: source, sourceIsTreeSource: treeSource == nil || treeSource == source,
                updatedAt: ContentStoreSupport.date(row.updatedAt))
        }
    }

    public func history(of id: Int64, in db: any DatabaseConnection) throws -> [ContentVersion] {
        let region = try region(of: db)
        _ = try loadItem(id, region: region, in: db)
        struct Row: Decodable {
            var version: Int, change: String, language: String?, minor: Bool, restoredFrom: Int?, authorID: Int64?, createdAt: Int64
            enum CodingKeys: String, CodingKey {
                case version, change, language, minor
                case restoredFrom = "restored_from", authorID = "author_id", createdAt = "created_at"
            }
        }
        return try db.fetchAll(Row.self, """
            SELECT version, change, language, minor, restored_from, author_id, created_at FROM kernel_content_versions
            WHERE item_id = \(id) AND region = \(region.id) ORDER BY version DESC
            """).map { row in
            ContentVersion(
                version: row.version, change: ContentVersion.Change(rawValue: row.change) ?? .texts, language: row.language,
                minor: row.minor, restoredFrom: row.restoredFrom, author: row.authorID, createdAt: ContentStoreSupport.date(row.createdAt))
        }
    }

    public func texts(of id: Int64, version: Int, in db: any DatabaseConnection) throws -> [String: ContentTexts]? {
        let region = try region(of: db)
        return try snapshot(of: id, version: version, region: region, in: db)?.texts.mapValues(\.texts)
    }
}
