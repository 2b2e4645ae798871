import Foundation
import Kernel
import SQLiteStorage
import Testing

@Suite("teilhabe_region() follows the data scope")
struct RegionFunctionTests {
    @Test("reads and writes see their scope's region, NULL when global")
    func perScope() throws {
        let folder = try TemporaryFolder()
        let storage = try folder.openStorage(readers: 1)
        defer { storage.close() }
        let sql: SQL = "SELECT teilhabe_region()"
        #expect(try storage.read(.region("berlin-mitte")) { try $0.scalar(String.self, sql) } == "berlin-mitte")
        // The same cached statement on the same reader answers for the new scope.
        #expect(try storage.read(.region("köln")) { try $0.scalar(String.self, sql) } == "köln")
        #expect(try storage.read(.global) { try $0.scalar(String.self, sql) } == nil)
        #expect(try storage.write(.region("leipzig")) { try $0.scalar(String.self, sql) } == "leipzig")
        #expect(try storage.write(.global) { try $0.scalar(String.self, sql) } == nil)
        let scopes = try storage.read(.region("dresden")) { connection in connection.scope }
        #expect(scopes == .region("dresden"))
    }

    @Test("views and triggers can use it to keep regions apart")
    func viewsAndTriggers() throws {
        let folder = try TemporaryFolder()
        let storage = try folder.openStorage()
        defer { storage.close() }
        try storage.write { transaction in
            try transaction.executeScript("""
                CREATE TABLE stories (id INTEGER PRIMARY KEY, region TEXT, title TEXT NOT NULL);
                CREATE TRIGGER stories_region AFTER INSERT ON stories WHEN NEW.region IS NULL BEGIN
                    UPDATE stories SET region = teilhabe_region() WHERE id = NEW.id;
                END;
                CREATE VIEW region_stories AS SELECT * FROM stories WHERE region = teilhabe_region();
                """)
        }
        try storage.write(.region("berlin")) { try $0.execute("INSERT INTO stories (title) VALUES ('Nachbarschaft')") }
        try storage.write(.region("hamburg")) { try $0.execute("INSERT INTO stories (title) VALUES ('Hafen')") }
        let regions = try storage.read { try $0.query("SELECT region FROM stories ORDER BY id").map { try $0.get("region", as: String.self) } }
        #expect(regions == ["berlin", "hamburg"])
        let berlin = try storage.read(.region("berlin")) { try $0.query("SELECT title FROM region_stories").map { try $0.get("title", as: String.self) } }
        #expect(berlin == ["Nachbarschaft"])
        let global = try storage.read(.global) { try $0.query("SELECT title FROM region_stories") }
        #expect(global.isEmpty)
    }

    @Test("concurrent reads in different regions each see their own")
    func concurrentScopes() throws {
        let folder = try TemporaryFolder()
        let storage = try folder.openStorage(readers: 3)
        defer { storage.close() }
        let errors = onThreads(6) { index in
            let region = "region-\(index)"
            for _ in 0..<100 {
                let seen = try storage.read(.region(region)) { try $0.scalar(String.self, "SELECT teilhabe_region()") }
                if seen != region { throw StorageError.scopeViolation("expected \(region), saw \(seen ?? "NULL")") }
            }
        }
        #expect(errors == [])
    }
}
