import Foundation
import Kernel
import SQLiteStorage
import Testing

@Suite("One writer, many readers")
struct ConcurrencyTests {
    @Test("a read keeps its snapshot while a writer commits")
    func readerSnapshot() throws {
        let folder = try TemporaryFolder()
        let storage = try folder.openStorage()
        defer { storage.close() }
        try storage.write { transaction in
            try transaction.executeScript("CREATE TABLE slots (id INTEGER PRIMARY KEY); INSERT INTO slots DEFAULT VALUES;")
        }
        let (before, during): (Int?, Int?) = try storage.read { connection in
            let before = try connection.scalar(Int.self, "SELECT count(*) FROM slots")
            // Another thread commits while this read is open; it must not wait for the reader.
            let errors = onThreads(1) { _ in
                _ = try storage.write { try $0.execute("INSERT INTO slots DEFAULT VALUES") }
            }
            #expect(errors == [])
            let during = try connection.scalar(Int.self, "SELECT count(*) FROM slots")
            return (before, during)
        }
        #expect(before == 1)
        #expect(during == 1)
        #expect(try storage.read { try $0.scalar(Int.self, "SELECT count(*) FROM slots") } == 2)
    }

    @Test("readers do not see a write before it commits")
    func uncommittedIsInvisible() throws {
        let folder = try TemporaryFolder()
        let storage = try folder.openStorage()
        defer { storage.close() }
        try storage.write { try $0.execute("CREATE TABLE slots (id INTEGER PRIMARY KEY)") }
        try storage.write { transaction in
            try transaction.execute("INSERT INTO slots DEFAULT VALUES")
            let seen = Shared<Int?>(nil)
            let errors = onThreads(1) { _ in
                seen.value = try storage.read { try $0.scalar(Int.self, "SELECT count(*) FROM slots") }
            }
            #expect(errors == [])
            #expect(seen.value == 0)
        }
        #expect(try storage.read { try $0.scalar(Int.self, "SELECT count(*) FROM slots") } == 1)
    }

    @Test("8 threads × 200 read-modify-write increments lose nothing and never see busy")
    func concurrentWriters() throws {
        let folder = try TemporaryFolder()
        let storage = try folder.openStorage()
        defer { storage.close() }
        try storage.write { transaction in
            try transaction.executeScript("CREATE TABLE counter (value INTEGER NOT NULL); INSERT INTO counter VALUES (0);")
        }
        let errors = onThreads(8) { _ in
            for _ in 0..<200 {
                try storage.write { transaction in
                    // Read, then write what was read plus one: lost updates would show here.
                    let value = try transaction.scalar(Int.self, "SELECT value FROM counter") ?? 0
                    try transaction.execute("UPDATE counter SET value = \(value + 1)")
                }
                _ = try storage.read { try $0.scalar(Int.self, "SELECT value FROM counter") }
            }
        }
        #expect(errors == [])
        #expect(try storage.read { try $0.scalar(Int.self, "SELECT value FROM counter") } == 1600)
    }

    @Test("more concurrent reads than readers wait for a free reader")
    func readersArePooled() throws {
        let folder = try TemporaryFolder()
        let storage = try folder.openStorage(readers: 2)
        defer { storage.close() }
        try storage.write { try $0.execute("CREATE TABLE t (x)") }
        let errors = onThreads(6) { _ in
            for _ in 0..<100 {
                _ = try storage.read { try $0.query("SELECT count(*) FROM t") }
            }
        }
        #expect(errors == [])
    }
}
