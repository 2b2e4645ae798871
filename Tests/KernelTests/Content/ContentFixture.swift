import Foundation
import Kernel
import SQLiteStorage
import TeilhabeTesting

/// A migrated SQLite file in a fresh folder with the kernel's content store on it, one
/// region `demo` (de; en, uk, ru ← de; ar, fa ← en) and a clock the test moves.
final class ContentFixture {
    let folder: URL
    let storage: SQLiteStorage
    let clock = AdjustableClock()
    let region: Region
    let store: SQLContentStore

    init(languages: [Region.Language] = ContentFixture.languages) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("teilhabe-content-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        storage = try SQLiteStorage(path: folder.appendingPathComponent("teilhabe.sqlite").path)
        try Migrator(storage: storage, modules: KernelManifest.areas.map { ($0.migrationNamespace, $0.migrations) }).migrate()
        region = Region(
            id: "demo", names: ["de": "Demo"], timeZone: TimeZone(identifier: "Europe/Berlin") ?? .current,
            defaultLanguage: "de", languages: languages, modules: [:])
        let other = Region(
            id: "other", names: ["de": "Andere"], timeZone: TimeZone(identifier: "Europe/Berlin") ?? .current,
            defaultLanguage: "de", languages: languages, modules: [:])
        store = SQLContentStore(regions: ["demo": region, "other": other], clock: clock, searchIndex: FTS5SearchIndex())
    }

    deinit {
        storage.close()
        try? FileManager.default.removeItem(at: folder)
    }

    static let languages = [
        Region.Language(code: "de", source: nil), Region.Language(code: "en", source: "de"),
        Region.Language(code: "uk", source: "de"), Region.Language(code: "ru", source: "de"),
        Region.Language(code: "ar", source: "en"), Region.Language(code: "fa", source: "en"),
    ]

    func write<T>(_ region: String = "demo", _ body: (any DatabaseTransaction) throws -> T) throws -> T {
        try storage.write(.region(region), body)
    }

    func read<T>(_ region: String = "demo", _ body: (any DatabaseConnection) throws -> T) throws -> T {
        try storage.read(.region(region), body)
    }

    /// Creates a story with German texts and returns its id.
    @discardableResult
    func story(
        _ slug: String, title: String = "Titel", body: String = "Text", status: PublicationStatus = .published,
        publishAt: Date? = nil, unpublishAt: Date? = nil, region: String = "demo"
    ) throws -> Int64 {
        try write(region) { db in
            try store.create(
                NewContentItem(
                    module: "echo", kind: "story", slug: slug, language: "de",
                    texts: ContentTexts(title: title, summary: "Kurz", body: body), status: status,
                    publishAt: publishAt, unpublishAt: unpublishAt),
                in: db)
        }
    }

    func save(_ id: Int64, _ language: String, title: String, body: String = "Text", minor: Bool = false) throws {
        try write { db in
            try store.saveTexts(ContentTexts(title: title, summary: "", body: body), language: language, of: id, minor: minor, author: nil, in: db)
        }
    }

    func state(_ id: Int64, _ language: String) throws -> TranslationState? {
        try read { db in try store.record(id, in: db)?.state(of: language) }
    }
}
