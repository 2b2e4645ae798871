import Foundation
@testable import Kernel
import SQLiteStorage
import Testing

/// Migration 003 replaces the first search index (a `scope` column, words prefixed per
/// region, row id = text id) on a database with content; the next start rebuilds it.
@Suite struct SearchIndexMigrationTests {
    /// The first index's scope token and word prefix, as its entries were written.
    static func firstIndexScope(region: String, language: String) -> String {
        "s" + Digest.hex(Array("\(region)/\(language)".utf8))
    }

    static func firstIndexWords(_ text: String, region: String) -> String {
        let prefix = "x" + Digest.hex(Array(Digest.sha256(Array(region.utf8)).prefix(4)))
        return FTS5SearchIndex.prefixingWords(SearchNormalization.normalize(text), with: [prefix])
    }

    @Test func aDatabaseWithTheFirstIndexIsSearchableAfterMigratingAndStarting() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("teilhabe-search-migration-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let storage = try SQLiteStorage(path: folder.appendingPathComponent("teilhabe.sqlite").path)
        defer { storage.close() }

        // The schema as it was with the first index.
        let content = KernelManifest.areas.map(\.id).firstIndex(of: "content")
        let firstIndex = KernelManifest.areas.enumerated().map { index, area in
            (area.migrationNamespace, index == content ? Array(area.migrations.prefix(2)) : area.migrations)
        }
        try Migrator(storage: storage, modules: firstIndex).migrate()
        let region = Region(
            id: "demo", names: ["de": "Demo"], timeZone: TimeZone(identifier: "Europe/Berlin") ?? .current,
            defaultLanguage: "de", languages: ContentFixture.languages, modules: [:])
        let store = SQLContentStore(regions: ["demo": region], clock: SystemTime(), searchIndex: FTS5SearchIndex())
        let id = try storage.write(.region("demo")) { db in
            try store.create(
                NewContentItem(
                    module: "echo", kind: "story", slug: "hof", language: "de",
                    texts: ContentTexts(title: "Hoffest im Garten", summary: "Kurz", body: "Wir feiern gemeinsam."), status: .published),
                in: db)
        }
        // Entries in the first index's shape: the German text serves every reader language here.
        try storage.write(.region("demo")) { db in
            let text = try #require(try db.scalar(Int64.self, "SELECT id FROM kernel_content_texts WHERE item_id = \(id) AND region = \("demo")"))
            let scope = region.languageCodes.map { Self.firstIndexScope(region: "demo", language: $0) }.joined(separator: " ")
            try db.execute("DELETE FROM kernel_content_search")
            try db.execute("""
                INSERT INTO kernel_content_search (rowid, scope, title, summary, body)
                VALUES (\(text), \(scope), \(Self.firstIndexWords("Hoffest im Garten", region: "demo")),
                        \(Self.firstIndexWords("Kurz", region: "demo")), \(Self.firstIndexWords("Wir feiern gemeinsam.", region: "demo")))
                """)
            try db.execute("""
                INSERT INTO kernel_content_search_state (region, languages) VALUES (\("demo"), \(SQLContentStore.languageSignature(region)))
                ON CONFLICT (region) DO UPDATE SET languages = excluded.languages
                """)
        }
        let firstShape = "scope : \"\(Self.firstIndexScope(region: "demo", language: "de"))\" AND {title summary body} : (\"\(Self.firstIndexWords("garten", region: "demo"))\")"
        let foundBefore = try storage.read(.region("demo")) { db in
            try db.scalar(Int64.self, "SELECT count(*) FROM kernel_content_search WHERE kernel_content_search MATCH \(firstShape)")
        }
        #expect(foundBefore == 1, "the fixture holds an entry in the first index's shape")

        try Migrator(storage: storage, modules: KernelManifest.areas.map { ($0.migrationNamespace, $0.migrations) }).migrate()
        let searchBeforeStart = try storage.read(.region("demo")) { db in try store.search(SearchQuery("garten", language: "de"), in: db) }
        #expect(searchBeforeStart.hits.isEmpty, "the migration leaves an empty index for the start to fill")

        try store.prepare(in: storage)
        for (words, language) in [("garten", "de"), ("hoffest gemein", "ar"), ("feiern", "uk")] {
            let hits = try storage.read(.region("demo")) { db in try store.search(SearchQuery(words, language: language), in: db) }.hits
            #expect(hits.map(\.item.slug) == ["hof"], "\(words) in \(language)")
            #expect(hits.first?.item.language == "de")
        }
        let entries = try storage.read(.region("demo")) { db in try db.scalar(Int64.self, "SELECT count(*) FROM kernel_content_search") }
        #expect(entries == 1)
        let recorded = try storage.read(.region("demo")) { db in try db.scalar(String.self, "SELECT languages FROM kernel_content_search_state WHERE region = \("demo")") }
        #expect(recorded == SQLContentStore.languageSignature(region))
    }
}
