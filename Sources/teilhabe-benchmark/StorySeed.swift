import Foundation
import Kernel
import SQLiteStorage

/// Echo stories written as the module writes them (through the content store, so versions
/// and search entries exist), with texts in all seven languages of the shipped demo region.
struct StorySeed {
    let configuration: String
    let databasePath: String

    func seed(count: Int) throws {
        let region = try DemoRegion.read(configuration: configuration)
        let storage = try SQLiteStorage(path: databasePath)
        defer { storage.close() }
        let store = SQLContentStore(regions: ["demo": region], clock: SystemTime(), searchIndex: FTS5SearchIndex())
        try store.prepare(in: storage)
        var corpus = ContentCorpus(seed: 7)
        let firstPublication = Date().addingTimeInterval(-Double(count) * 3600)
        try storage.write(.region("demo")) { db in
            for number in 1...count {
                try store.create(
                    corpus.story(number: number, slug: "benchmark-story-\(number)", publishAt: firstPublication.addingTimeInterval(Double(number) * 3600)),
                    in: db)
            }
        }
        try storage.write { db in try db.executeScript("PRAGMA optimize") }
    }
}
