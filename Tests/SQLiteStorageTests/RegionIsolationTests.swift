import Foundation
import Kernel
import Testing
@testable import SQLiteStorage

/// In a region's scope the storage refuses to read or write another region's rows of
/// region-owned tables (those with a `region` column); global scope is unrestricted.
@Suite("Tenant isolation in the storage")
struct RegionIsolationTests {
    let folder: TemporaryFolder
    let storage: SQLiteStorage

    init() throws {
        folder = try TemporaryFolder()
        storage = try folder.openStorage()
        try storage.write { db in
            try db.executeScript("""
                CREATE TABLE stories (id INTEGER PRIMARY KEY, region TEXT NOT NULL, title TEXT NOT NULL);
                CREATE TABLE comments (
                    id INTEGER PRIMARY KEY, region TEXT NOT NULL,
                    story_id INTEGER NOT NULL REFERENCES stories (id) ON DELETE CASCADE, text TEXT NOT NULL);
                CREATE TABLE languages (code TEXT PRIMARY KEY, name TEXT NOT NULL);
                INSERT INTO stories (id, region, title) VALUES (1, 'berlin', 'Kiez'), (2, 'hamburg', 'Hafen');
                INSERT INTO comments (id, region, story_id, text) VALUES (10, 'berlin', 1, 'schön'), (20, 'hamburg', 2, 'moin');
                INSERT INTO languages (code, name) VALUES ('de', 'Deutsch');
                """)
        }
    }

    func titles(_ scope: DataScope, _ sql: SQL) throws -> [String] {
        try storage.read(scope) { db in try db.query(sql).map { try $0.get("title", as: String.self) } }
    }

    func expectViolation(naming table: String, _ body: () throws -> Void) {
        do {
            try body()
            Issue.record("expected a scope violation naming \(table)")
        } catch StorageError.scopeViolation(let message) {
            #expect(message.contains(table), "message: \(message)")
        } catch {
            Issue.record("expected a scope violation, got \(error)")
        }
    }

    @Test func readsFilteredByTheScopesRegionPass() throws {
        #expect(try titles(.region("berlin"), "SELECT title FROM stories WHERE region = \("berlin")") == ["Kiez"])
        #expect(try titles(.region("hamburg"), "SELECT title FROM stories WHERE region = teilhabe_region()") == ["Hafen"])
        #expect(try titles(.region("berlin"), "SELECT title FROM stories WHERE region = \("berlin") AND id = \(1)") == ["Kiez"])
    }

    @Test func aForgottenRegionFilterIsRefused() {
        expectViolation(naming: "stories") { _ = try titles(.region("berlin"), "SELECT title FROM stories") }
        expectViolation(naming: "stories") { _ = try titles(.region("berlin"), "SELECT title FROM stories WHERE id = \(2)") }
        expectViolation(naming: "stories") {
            _ = try storage.read(.region("berlin")) { try $0.scalar(Int.self, "SELECT count(*) FROM stories") }
        }
    }

    @Test func aFilterBoundToAnotherRegionIsRefused() {
        expectViolation(naming: "stories") { _ = try titles(.region("berlin"), "SELECT title FROM stories WHERE region = \("hamburg")") }
    }

    @Test func everyRegionOwnedTableOfAJoinNeedsItsFilter() throws {
        expectViolation(naming: "comments") {
            _ = try storage.read(.region("berlin")) { db in
                try db.query("SELECT c.text FROM comments c JOIN stories s ON s.id = c.story_id WHERE s.region = \("berlin")")
            }
        }
        let texts = try storage.read(.region("berlin")) { db in
            try db.query("""
                SELECT c.text FROM comments c JOIN stories s ON s.id = c.story_id
                WHERE s.region = \("berlin") AND c.region = \("berlin")
                """).map { try $0.get("text", as: String.self) }
        }
        #expect(texts == ["schön"])
    }

    @Test func tablesWithoutRegionAndTheGlobalScopeAreUnrestricted() throws {
        let names = try storage.read(.region("berlin")) { db in try db.query("SELECT name FROM languages").count }
        #expect(names == 1)
        #expect(try titles(.global, "SELECT title FROM stories ORDER BY id") == ["Kiez", "Hafen"])
    }

    @Test func aStatementCachedInGlobalScopeIsStillCheckedInARegion() throws {
        let sql: SQL = "SELECT title FROM stories ORDER BY id"
        #expect(try titles(.global, sql).count == 2)
        expectViolation(naming: "stories") { _ = try titles(.region("berlin"), sql) }
        #expect(try titles(.global, sql).count == 2)
    }

    @Test func writesOfAnotherRegionsRowsAreRefusedAndChangeNothing() throws {
        expectViolation(naming: "stories") {
            _ = try storage.write(.region("berlin")) { db in
                try db.execute("INSERT INTO stories (region, title) VALUES (\("hamburg"), 'Fremd')")
            }
        }
        expectViolation(naming: "stories") {
            _ = try storage.write(.region("berlin")) { db in try db.execute("UPDATE stories SET title = 'Gekapert' WHERE id = \(2)") }
        }
        expectViolation(naming: "stories") {
            _ = try storage.write(.region("berlin")) { db in try db.execute("UPDATE stories SET region = \("hamburg") WHERE id = \(1)") }
        }
        expectViolation(naming: "stories") {
            _ = try storage.write(.region("berlin")) { db in try db.execute("DELETE FROM stories") }
        }
        #expect(try titles(.global, "SELECT title FROM stories ORDER BY id") == ["Kiez", "Hafen"])
    }

    @Test func writesOfTheOwnRegionPassIncludingForeignKeyWork() throws {
        try storage.write(.region("berlin")) { db in
            try db.execute("INSERT INTO stories (id, region, title) VALUES (3, \("berlin"), 'Spree')")
            try db.execute("INSERT INTO comments (region, story_id, text) VALUES (\("berlin"), 3, 'toll')")
            try db.execute("UPDATE stories SET title = 'Spreeufer' WHERE id = \(3)")
            #expect(try db.execute("DELETE FROM stories WHERE id = \(3)") == 1)
        }
        let comments = try storage.read { db in try db.scalar(Int.self, "SELECT count(*) FROM comments WHERE story_id = 3") }
        #expect(comments == 0)
    }

    @Test func aCascadeIntoAnotherRegionIsRefused() throws {
        try storage.write { db in try db.execute("INSERT INTO comments (region, story_id, text) VALUES ('hamburg', 1, 'quer')") }
        expectViolation(naming: "comments") {
            _ = try storage.write(.region("berlin")) { db in try db.execute("DELETE FROM stories WHERE region = \("berlin") AND id = \(1)") }
        }
        #expect(try titles(.global, "SELECT title FROM stories WHERE id = 1") == ["Kiez"])
    }

    @Test func viewsAreCheckedAgainstTheTablesTheyRead() throws {
        try storage.write { db in
            try db.executeScript("""
                CREATE VIEW all_stories AS SELECT id, region, title FROM stories;
                CREATE VIEW my_stories AS SELECT id, title FROM stories WHERE region = teilhabe_region();
                """)
        }
        expectViolation(naming: "stories") { _ = try titles(.region("berlin"), "SELECT title FROM all_stories") }
        #expect(try titles(.region("berlin"), "SELECT title FROM all_stories WHERE region = \("berlin")") == ["Kiez"])
        #expect(try titles(.region("hamburg"), "SELECT title FROM my_stories") == ["Hafen"])
    }

    @Test func tablesCreatedWhileServingAreGuardedFromTheNextUnitOfWork() throws {
        // Warm the connections' knowledge of the schema first.
        _ = try titles(.region("berlin"), "SELECT title FROM stories WHERE region = \("berlin")")
        try storage.write(.region("berlin")) { db in try db.execute("UPDATE stories SET title = 'Kiez' WHERE id = \(1)") }
        try storage.write { db in
            try db.executeScript("""
                CREATE TABLE events (id INTEGER PRIMARY KEY, region TEXT NOT NULL, title TEXT NOT NULL);
                INSERT INTO events (region, title) VALUES ('hamburg', 'Hafengeburtstag');
                """)
        }
        expectViolation(naming: "events") { _ = try titles(.region("berlin"), "SELECT title FROM events") }
        expectViolation(naming: "events") {
            _ = try storage.write(.region("berlin")) { db in try db.execute("DELETE FROM events") }
        }
        #expect(try titles(.global, "SELECT title FROM events") == ["Hafengeburtstag"])
    }

    @Test func migrationsWithTriggersThatFillTheRegionStillWork() throws {
        // A module trigger reading its table without a region filter does not trip the check.
        try storage.write { db in
            try db.executeScript("""
                CREATE TABLE counters (id INTEGER PRIMARY KEY, region TEXT NOT NULL, stories INTEGER NOT NULL);
                INSERT INTO counters (id, region, stories) VALUES (1, 'berlin', 0);
                CREATE TRIGGER stories_count AFTER INSERT ON stories BEGIN
                    UPDATE counters SET stories = stories + 1 WHERE region = NEW.region;
                END;
                """)
        }
        try storage.write(.region("berlin")) { db in
            try db.execute("INSERT INTO stories (region, title) VALUES (\("berlin"), 'Neu')")
        }
        #expect(try storage.read { try $0.scalar(Int.self, "SELECT stories FROM counters WHERE id = 1") } == 1)
    }
}
