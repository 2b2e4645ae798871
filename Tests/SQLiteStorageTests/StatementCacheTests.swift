import Foundation
import Kernel
import Testing
@testable import SQLiteStorage

@Suite("Prepared statements are cached per connection")
struct StatementCacheTests {
    @Test("the same SQL many times is prepared once")
    func reuse() throws {
        let folder = try TemporaryFolder()
        let storage = try folder.openStorage(readers: 1)
        defer { storage.close() }
        try storage.write { try $0.execute("CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT)") }
        try storage.write { transaction in
            for index in 0..<50 { try transaction.execute("INSERT INTO people (name) VALUES (\("person \(index)"))") }
        }
        let lookup = { (id: Int) in
            try storage.read { try $0.scalar(String.self, "SELECT name FROM people WHERE id = \(id)") }
        }
        #expect(try lookup(1) == "person 0")
        let reader = try #require(storage.idleReaders.first)
        let preparedAfterFirst = reader.preparedCount
        for id in 1...50 {
            #expect(try lookup(id) == "person \(id - 1)")
        }
        #expect(reader.preparedCount == preparedAfterFirst)
    }

    @Test("the cache stays bounded and evicted statements still run")
    func bounded() throws {
        let folder = try TemporaryFolder()
        let storage = try folder.openStorage(readers: 1)
        defer { storage.close() }
        for round in 0..<2 {
            for number in 0..<200 {
                let value = try storage.read { try $0.scalar(Int.self, SQL("SELECT \(number) + ?", bindings: [.integer(Int64(round))])) }
                #expect(value == number + round)
            }
        }
        let reader = try #require(storage.idleReaders.first)
        #expect(reader.cachedStatementCount <= SQLiteStorage.statementCacheCapacity)
        #expect(reader.cachedStatementCount > 0)
    }

    @Test("the same SQL inside its own forEachRow body gets its own statement")
    func nestedSameStatement() throws {
        let folder = try TemporaryFolder()
        let storage = try folder.openStorage()
        defer { storage.close() }
        try storage.write { transaction in
            try transaction.executeScript("CREATE TABLE tree (id INTEGER PRIMARY KEY, parent INTEGER); INSERT INTO tree VALUES (1, NULL), (2, 1), (3, 1), (4, 2);")
        }
        var pairs: [String] = []
        try storage.read { connection in
            func children(of parent: Int) throws -> [Int] {
                var ids: [Int] = []
                try connection.forEachRow("SELECT id FROM tree WHERE parent = \(parent) ORDER BY id") { row in
                    let id = try row.get("id", as: Int.self)
                    ids.append(id)
                    pairs.append("\(parent)>\(id)")
                    _ = try children(of: id)
                }
                return ids
            }
            _ = try children(of: 1)
        }
        #expect(pairs == ["1>2", "2>4", "1>3"])
    }

    @Test("cached statements see schema changes")
    func schemaChange() throws {
        let folder = try TemporaryFolder()
        let storage = try folder.openStorage(readers: 1)
        defer { storage.close() }
        try storage.write { try $0.execute("CREATE TABLE venues (name TEXT)") }
        try storage.write { try $0.execute("INSERT INTO venues VALUES ('Stadtteilzentrum')") }
        let before = try storage.read { try $0.query("SELECT * FROM venues") }
        #expect(before.first?.columns.names == ["name"])
        try storage.write { try $0.execute("ALTER TABLE venues ADD COLUMN step_free INTEGER NOT NULL DEFAULT 1") }
        let after = try storage.read { try $0.query("SELECT * FROM venues") }
        #expect(after.first?.columns.names == ["name", "step_free"])
        #expect(after.first?["step_free"] == .integer(1))
    }
}
