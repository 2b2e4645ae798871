import Foundation
import Kernel
import SQLiteStorage
import Testing

@Suite("Opening and closing")
struct LifecycleTests {
    @Test("opening creates the file and its folders, in WAL mode")
    func createsFile() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("data/regions/teilhabe.sqlite")
        let storage = try SQLiteStorage(path: path)
        defer { storage.close() }
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(try storage.read { try $0.scalar(String.self, "PRAGMA journal_mode") } == "wal")
        #expect(try storage.read { try $0.scalar(Int.self, "PRAGMA foreign_keys") } == 1)
        // NORMAL is 1.
        #expect(try storage.write { try $0.scalar(Int.self, "PRAGMA synchronous") } == 1)
        try storage.checkReachable()
        #expect(storage.dialect == .sqlite)
    }

    @Test("data survives closing and opening again")
    func reopen() throws {
        let folder = try TemporaryFolder()
        let first = try folder.openStorage()
        try first.write { try $0.executeScript("CREATE TABLE t (x TEXT); INSERT INTO t VALUES ('kept');") }
        first.close()
        let second = try folder.openStorage()
        defer { second.close() }
        #expect(try second.read { try $0.scalar(String.self, "SELECT x FROM t") } == "kept")
    }

    @Test("a path that cannot be opened is named in the error")
    func unopenable() throws {
        let folder = try TemporaryFolder()
        let blocker = folder.path("plain-file")
        try Data("x".utf8).write(to: URL(fileURLWithPath: blocker))
        let underFile = blocker + "/teilhabe.sqlite"
        let folderError = #expect(throws: SQLiteStorageError.self) { try SQLiteStorage(path: underFile) }
        #expect(folderError?.description.contains(underFile) == true)

        let notADatabase = folder.path("notes.txt")
        try Data(String(repeating: "this is not a database\n", count: 200).utf8).write(to: URL(fileURLWithPath: notADatabase))
        let formatError = #expect(throws: SQLiteStorageError.self) { try SQLiteStorage(path: notADatabase) }
        #expect(formatError?.description.contains(notADatabase) == true)
        #expect(formatError?.description.contains("not a database") == true)

        #expect(throws: SQLiteStorageError.self) { try SQLiteStorage(path: ":memory:") }
    }

    @Test("after close every call throws closed")
    func close() throws {
        let folder = try TemporaryFolder()
        let storage = try folder.openStorage()
        try storage.write { try $0.execute("CREATE TABLE t (x)") }
        _ = try storage.read { try $0.query("SELECT * FROM t") }
        storage.close()
        #expect(throws: StorageError.closed) { try storage.read { try $0.query("SELECT 1") } }
        #expect(throws: StorageError.closed) { try storage.write { try $0.execute("INSERT INTO t VALUES (1)") } }
        #expect(throws: StorageError.closed) { try storage.checkReachable() }
        #expect(throws: StorageError.closed) { try storage.backup(to: folder.path("copy.sqlite")) }
        storage.close()
    }

    @Test("closing while a write runs lets it finish, then refuses")
    func closeDuringWrite() throws {
        let folder = try TemporaryFolder()
        let storage = try folder.openStorage()
        try storage.write { try $0.execute("CREATE TABLE t (x)") }
        try storage.write { transaction in
            try transaction.execute("INSERT INTO t VALUES (1)")
            storage.close()
            try transaction.execute("INSERT INTO t VALUES (2)")
        }
        #expect(throws: StorageError.closed) { try storage.write { _ in } }
        let reopened = try folder.openStorage()
        defer { reopened.close() }
        #expect(try reopened.read { try $0.scalar(Int.self, "SELECT count(*) FROM t") } == 2)
    }
}
