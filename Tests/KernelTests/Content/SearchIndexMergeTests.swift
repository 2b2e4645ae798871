import Foundation
@testable import Kernel
import SQLiteStorage
import Testing

/// Every save adds a small segment to the FTS5 index that each search looks into; the
/// half-hourly `kernel.merge-search-index` merges them without losing an entry.
@Suite struct SearchIndexMergeTests {
    @Test func mergingLeavesFewerSegmentsAndEverySavedTextFindable() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("teilhabe-search-merge-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let storage = try SQLiteStorage(path: folder.appendingPathComponent("teilhabe.sqlite").path)
        defer { storage.close() }
        try Migrator(storage: storage, modules: KernelManifest.areas.map { ($0.migrationNamespace, $0.migrations) }).migrate()
        let region = Region(
            id: "demo", names: ["de": "Demo"], timeZone: TimeZone(identifier: "Europe/Berlin") ?? .current,
            defaultLanguage: "de", languages: ContentFixture.languages, modules: [:])
        let store = SQLContentStore(regions: ["demo": region], clock: SystemTime(), searchIndex: FTS5SearchIndex())
        try store.prepare(in: storage)

        // Forty saves, each in its own transaction, as editors make them.
        for number in 1...40 {
            try storage.write(.region("demo")) { db in
                _ = try store.create(
                    NewContentItem(
                        module: "echo", kind: "story", slug: "fest-\(number)", language: "de",
                        texts: ContentTexts(title: "Sommerfest \(number) im Garten", summary: "Nachbarschaft \(number)", body: "Wir feiern."),
                        status: .published),
                    in: db)
            }
        }
        func segments() throws -> Int64 {
            try storage.read { db in try db.scalar(Int64.self, "SELECT count(DISTINCT segid) FROM kernel_content_search_idx") ?? 0 }
        }
        func found() throws -> Int {
            try storage.read(.region("demo")) { db in try store.search(SearchQuery("garten", language: "de", limit: 50), in: db).hits.count }
        }
        let before = try segments()
        #expect(try found() == 40)

        try store.maintainSearchIndex(in: storage)
        let after = try segments()
        #expect(after < before, "segments: \(before) before, \(after) after merging")
        #expect(try found() == 40)
        // Nothing left to merge: a second run changes nothing and breaks nothing.
        try store.maintainSearchIndex(in: storage)
        #expect(try segments() <= after)
        #expect(try found() == 40)
    }

    @Test func theKernelRunsTheMergeEveryHalfHour() throws {
        let job = try #require(KernelManifest.areas.flatMap(\.jobs).first { $0.name == "kernel.merge-search-index" })
        #expect(job.schedule == .every(.seconds(1800)))
    }
}
