import Foundation
import Web

/// Creating and changing items: every change is one new version with a full snapshot, and
/// the search entries of the item are rewritten in the same transaction.
extension SQLContentStore {
    /// One stored text with its row id.
    struct StoredText {
        var id: Int64
        var text: ContentSnapshot.Text
        /// `Markup.plainText` of the body, stored beside it.
        var plainBody: String
    }

    public func create(_ new: NewContentItem, in transaction: any DatabaseTransaction) throws -> Int64 {
        let region = try region(of: transaction)
        guard ContentSlug.isValid(new.kind) else {
            throw HTTPError.unprocessable("kind must be lowercase letters, digits and hyphens", field: "kind")
        }
        guard ContentSlug.isValid(new.slug) else {
            throw HTTPError.unprocessable(
                "slug must be lowercase letters and digits in words joined by single hyphens, at most \(ContentSlug.maximumLength) characters",
                field: "slug")
        }
        guard let originalTexts = new.texts[new.originalLanguage] else {
            throw HTTPError.unprocessable("texts in the original language '\(new.originalLanguage)' are required", field: "language")
        }
        for language in new.texts.keys where !region.speaks(language) {
            throw HTTPError.unprocessable("'\(language)' is not a language of this region", field: "language")
        }
        var validated: [String: ContentTexts] = [new.originalLanguage: try originalTexts.validated()]
        for (language, texts) in new.texts where language != new.originalLanguage {
            validated[language] = try texts.validated()
        }
        let now = clock.now()
        let publishedAt = new.publishAt ?? (new.status == .published ? now : nil)
        try Self.checkTimes(publishedAt: publishedAt, unpublishAt: new.unpublishAt)

        var stored: [String: ContentSnapshot.Text] = [:]
        for (language, texts) in validated {
            stored[language] = ContentSnapshot.Text(texts: texts, digest: texts.digest, sourceLanguage: nil, sourceDigest: nil)
        }
        for language in validated.keys where language != new.originalLanguage {
            let source = Self.translationSource(
                for: language, available: Set(validated.keys).subtracting([language]), original: new.originalLanguage, region: region)
            let sourceDigest = source.flatMap { stored[$0]?.digest }
            stored[language]?.sourceLanguage = source
            stored[language]?.sourceDigest = sourceDigest
        }

        let languages = Self.ordered(validated.keys, region: region).joined(separator: ",")
        let id: Int64
        do {
            let inserted = try transaction.scalar(Int64.self, """
                INSERT INTO kernel_content_items (region, module, kind, slug, status, published_at, unpublish_at,
                    original_language, languages, author_id, version, created_at, updated_at)
                VALUES (\(region.id), \(new.module), \(new.kind), \(new.slug), \(new.status.rawValue), \(publishedAt),
                    \(new.unpublishAt), \(new.originalLanguage), \(languages), \(new.author), 1, \(now), \(now))
                RETURNING id
                """)
            guard let inserted else { throw ContentStoreError.noInsertedID }
            id = inserted
        } catch StorageError.uniqueViolation {
            throw HTTPError.conflict("The slug '\(new.slug)' is already used here", field: "slug")
        }
        var texts: [String: StoredText] = [:]
        for (language, text) in stored {
            texts[language] = try insertText(text, language: language, item: id, region: region, now: now, in: transaction)
        }
        try reindex(texts, original: new.originalLanguage, region: region, in: transaction)
        let snapshot = ContentSnapshot(
            slug: new.slug, status: new.status, publishedAt: publishedAt.map(ContentStoreSupport.milliseconds),
            unpublishAt: new.unpublishAt.map(ContentStoreSupport.milliseconds), texts: stored)
        try writeVersion(
            1, of: id, change: .created, language: new.originalLanguage, minor: false, restoredFrom: nil,
            author: new.author, now: now, snapshot: snapshot, region: region, in: transaction)
        return id
    }

    public func saveTexts(
        _ texts: ContentTexts, language: String, of id: Int64, minor: Bool, author: Int64?,
        in transaction: any DatabaseTransaction
    ) throws -> Int {
        try save(texts, language: language, of: id, minor: minor, source: nil, author: author, in: transaction)
    }

    /// Saves one language's texts. `source` names the language a translation was made from
    /// (an import knows it); nil picks it from the region's tree.
    func save(
        _ texts: ContentTexts, language: String, of id: Int64, minor: Bool, source explicitSource: String?, author: Int64?,
        in transaction: any DatabaseTransaction
    ) throws -> Int {
        let region = try region(of: transaction)
        guard region.speaks(language) else {
            throw HTTPError.unprocessable("'\(language)' is not a language of this region", field: "language")
        }
        let valid = try texts.validated()
        let item = try loadItem(id, region: region, in: transaction)
        var current = try loadTexts(of: id, region: region, in: transaction)
        let existing = current[language]

        var text: ContentSnapshot.Text
        if let existing, minor {
            text = existing.text
            text.texts = valid
        } else {
            let source = language == item.originalLanguage ? nil : explicitSource ?? Self.translationSource(
                for: language, available: Set(current.keys).subtracting([language]), original: item.originalLanguage, region: region)
            text = ContentSnapshot.Text(
                texts: valid, digest: valid.digest, sourceLanguage: source, sourceDigest: source.flatMap { current[$0]?.text.digest })
        }
        // Saving unchanged words still counts when it confirms a translation against a newer source.
        if let existing, existing.text == text { return item.version }
        let now = clock.now()
        if let existing {
            current[language] = try updateText(existing.id, to: text, now: now, in: transaction)
        } else {
            current[language] = try insertText(text, language: language, item: id, region: region, now: now, in: transaction)
        }
        return try finishChange(
            item, texts: current, change: .texts, language: language, minor: minor && existing != nil, restoredFrom: nil,
            author: author, now: now, region: region, in: transaction)
    }

    public func removeTexts(language: String, of id: Int64, author: Int64?, in transaction: any DatabaseTransaction) throws -> Int {
        let region = try region(of: transaction)
        let item = try loadItem(id, region: region, in: transaction)
        guard language != item.originalLanguage else {
            throw HTTPError.unprocessable("The texts in the original language cannot be removed", field: "language")
        }
        var current = try loadTexts(of: id, region: region, in: transaction)
        guard let existing = current.removeValue(forKey: language) else {
            throw HTTPError.notFound("This item has no texts in '\(language)'")
        }
        try searchIndex.remove(textIDs: [existing.id], in: transaction)
        try transaction.execute("DELETE FROM kernel_content_texts WHERE id = \(existing.id)")
        return try finishChange(
            item, texts: current, change: .translationRemoved, language: language, minor: false, restoredFrom: nil,
            author: author, now: clock.now(), region: region, in: transaction)
    }

    public func setPublication(
        _ status: PublicationStatus, publishAt: Date?, unpublishAt: Date?, of id: Int64, author: Int64?,
        in transaction: any DatabaseTransaction
    ) throws -> Int {
        let region = try region(of: transaction)
        let item = try loadItem(id, region: region, in: transaction)
        let now = clock.now()
        let previous = item.publishedAt.map(ContentStoreSupport.date)
        let publishedAt: Date?
        if status == .published {
            publishedAt = publishAt ?? previous.flatMap { $0 <= now ? $0 : nil } ?? now
        } else {
            publishedAt = publishAt ?? previous
        }
        try Self.checkTimes(publishedAt: publishedAt, unpublishAt: unpublishAt)
        let publishedMilliseconds = publishedAt.map(ContentStoreSupport.milliseconds)
        let unpublishMilliseconds = unpublishAt.map(ContentStoreSupport.milliseconds)
        if status == item.publicationStatus, publishedMilliseconds == item.publishedAt, unpublishMilliseconds == item.unpublishAt {
            return item.version
        }
        try transaction.execute("""
            UPDATE kernel_content_items SET status = \(status.rawValue), published_at = \(publishedMilliseconds),
                unpublish_at = \(unpublishMilliseconds) WHERE id = \(id)
            """)
        var changed = item
        changed.status = status.rawValue
        changed.publishedAt = publishedMilliseconds
        changed.unpublishAt = unpublishMilliseconds
        return try finishChange(
            changed, texts: try loadTexts(of: id, region: region, in: transaction), change: .publication, language: nil, minor: false,
            restoredFrom: nil, author: author, now: now, region: region, in: transaction, reindex: false)
    }

    public func delete(_ id: Int64, in transaction: any DatabaseTransaction) throws {
        let region = try region(of: transaction)
        _ = try loadItem(id, region: region, in: transaction)
        try searchIndex.remove(textIDs: try loadTexts(of: id, region: region, in: transaction).values.map(\.id), in: transaction)
        try transaction.execute("DELETE FROM kernel_content_items WHERE id = \(id) AND region = \(region.id)")
    }

    public func restore(_ id: Int64, version: Int, author: Int64?, in transaction: any DatabaseTransaction) throws -> Int {
        let region = try region(of: transaction)
        let item = try loadItem(id, region: region, in: transaction)
        guard let snapshot = try snapshot(of: id, version: version, region: region, in: transaction) else {
            throw HTTPError.notFound("This item has no version \(version)")
        }
        var current = try loadTexts(of: id, region: region, in: transaction)
        let now = clock.now()
        for (language, stored) in current where snapshot.texts[language] == nil {
            try searchIndex.remove(textIDs: [stored.id], in: transaction)
            try transaction.execute("DELETE FROM kernel_content_texts WHERE id = \(stored.id)")
            current[language] = nil
        }
        for (language, text) in snapshot.texts {
            if let existing = current[language] {
                current[language] = try updateText(existing.id, to: text, now: now, in: transaction)
            } else {
                current[language] = try insertText(text, language: language, item: id, region: region, now: now, in: transaction)
            }
        }
        return try finishChange(
            item, texts: current, change: .restored, language: nil, minor: false, restoredFrom: version, author: author,
            now: now, region: region, in: transaction)
    }

    // MARK: Steps shared by the changes

    /// Bumps the version, records the item's languages, rewrites its search entries and
    /// writes the version's snapshot.
    private func finishChange(
        _ item: ItemRow, texts: [String: StoredText], change: ContentVersion.Change, language: String?, minor: Bool,
        restoredFrom: Int?, author: Int64?, now: Date, region: Region, in transaction: any DatabaseTransaction,
        reindex: Bool = true
    ) throws -> Int {
        let version = item.version + 1
        let languages = Self.ordered(texts.keys, region: region).joined(separator: ",")
        try transaction.execute("""
            UPDATE kernel_content_items SET version = \(version), languages = \(languages), updated_at = \(now) WHERE id = \(item.id)
            """)
        if reindex { try self.reindex(texts, original: item.originalLanguage, region: region, in: transaction) }
        let snapshot = ContentSnapshot(
            slug: item.slug, status: item.publicationStatus, publishedAt: item.publishedAt, unpublishAt: item.unpublishAt,
            texts: texts.mapValues(\.text))
        try writeVersion(
            version, of: item.id, change: change, language: language, minor: minor, restoredFrom: restoredFrom,
            author: author, now: now, snapshot: snapshot, region: region, in: transaction)
        return version
    }

    func loadItem(_ id: Int64, region: Region, in db: any DatabaseConnection) throws -> ItemRow {
        guard let row = try db.fetchOne(ItemRow.self, """
            SELECT \(raw: ItemRow.columns) FROM kernel_content_items i WHERE i.id = \(id) AND i.region = \(region.id)
            """) else {
            throw HTTPError.notFound("There is no content item \(id) here")
        }
        return row
    }

    func loadTexts(of id: Int64, region: Region, in db: any DatabaseConnection) throws -> [String: StoredText] {
        var texts: [String: StoredText] = [:]
        for row in try db.fetchAll(TextRow.self, """
            SELECT \(raw: TextRow.columnsWithPlainBody) FROM kernel_content_texts t WHERE t.region = \(region.id) AND t.item_id = \(id)
            """) {
            texts[row.language] = StoredText(id: row.id, text: row.snapshot, plainBody: row.bodyText ?? "")
        }
        return texts
    }

    private func insertText(
        _ text: ContentSnapshot.Text, language: String, item: Int64, region: Region, now: Date,
        in transaction: any DatabaseTransaction
    ) throws -> StoredText {
        let plainBody = Markup.plainText(text.texts.body)
        let id = try transaction.scalar(Int64.self, """
            INSERT INTO kernel_content_texts (item_id, region, language, title, summary, body, body_text, fields, digest,
                source_language, source_digest, updated_at)
            VALUES (\(item), \(region.id), \(language), \(text.texts.title), \(text.texts.summary), \(text.texts.body),
                \(plainBody), \(Self.fieldsJSON(text.texts)), \(text.digest), \(text.sourceLanguage), \(text.sourceDigest), \(now))
            RETURNING id
            """)
        guard let id else { throw ContentStoreError.noInsertedID }
        return StoredText(id: id, text: text, plainBody: plainBody)
    }

    private func updateText(_ id: Int64, to text: ContentSnapshot.Text, now: Date, in transaction: any DatabaseTransaction) throws -> StoredText {
        let plainBody = Markup.plainText(text.texts.body)
        try transaction.execute("""
            UPDATE kernel_content_texts SET title = \(text.texts.title), summary = \(text.texts.summary), body = \(text.texts.body),
                body_text = \(plainBody), fields = \(Self.fieldsJSON(text.texts)), digest = \(text.digest),
                source_language = \(text.sourceLanguage), source_digest = \(text.sourceDigest), updated_at = \(now)
            WHERE id = \(id)
            """)
        return StoredText(id: id, text: text, plainBody: plainBody)
    }

    static func fieldsJSON(_ texts: ContentTexts) -> String {
        String(decoding: JSONValue.object(texts.fields).encoded(), as: UTF8.self)
    }

    /// Rewrites the search entries of one item's texts, each with the reader languages it
    /// is served to.
    func reindex(_ texts: [String: StoredText], original: String, region: Region, in transaction: any DatabaseTransaction) throws {
        try searchIndex.index(
            Self.searchEntries(texts.mapValues { ($0.id, $0.text.texts, $0.plainBody) }, original: original, region: region), in: transaction)
    }

    static func searchEntries(
        _ texts: [String: (id: Int64, texts: ContentTexts, plainBody: String)], original: String, region: Region
    ) -> [SearchEntry] {
        let available = Array(texts.keys)
        var readers: [String: [String]] = [:]
        for reader in region.languageCodes {
            if let served = servedLanguage(available: available, for: reader, region: region, original: original) {
                readers[served, default: []].append(reader)
            }
        }
        return texts.map { language, text in
            SearchEntry(
                textID: text.id, region: region.id, readerLanguages: readers[language] ?? [], title: text.texts.title,
                summary: text.texts.summary, body: text.plainBody)
        }
    }

    private func writeVersion(
        _ version: Int, of id: Int64, change: ContentVersion.Change, language: String?, minor: Bool, restoredFrom: Int?,
        author: Int64?, now: Date, snapshot: ContentSnapshot, region: Region, in transaction: any DatabaseTransaction
    ) throws {
        let json = String(decoding: try JSONCoding.encode(snapshot), as: UTF8.self)
        try transaction.execute("""
            INSERT INTO kernel_content_versions (item_id, region, version, change, language, minor, restored_from, author_id, created_at, snapshot)
            VALUES (\(id), \(region.id), \(version), \(change.rawValue), \(language), \(minor), \(restoredFrom), \(author), \(now), \(json))
            """)
    }

    func snapshot(of id: Int64, version: Int, region: Region, in db: any DatabaseConnection) throws -> ContentSnapshot? {
        guard let json = try db.scalar(String.self, """
            SELECT snapshot FROM kernel_content_versions WHERE item_id = \(id) AND region = \(region.id) AND version = \(version)
            """) else { return nil }
        return try JSONDecoder().decode(ContentSnapshot.self, from: Data(json.utf8))
    }

    static func checkTimes(publishedAt: Date?, unpublishAt: Date?) throws {
        if let publishedAt, let unpublishAt, unpublishAt <= publishedAt {
            throw HTTPError.unprocessable("unpublishAt must be after the publication time", field: "unpublishAt")
        }
    }

    /// The language a translation into `language` is made from: its source in the region's
    /// tree, or the nearest language along that source's fallback chain with a text, or the
    /// original. Nil for the original itself.
    static func translationSource(for language: String, available: Set<String>, original: String, region: Region) -> String? {
        guard language != original else { return nil }
        if let source = region.languages.first(where: { $0.code == language })?.source {
            for code in region.fallbackChain(for: source) where code != language && available.contains(code) { return code }
        }
        return available.contains(original) ? original : nil
    }
}
