import Foundation
import Kernel
import SQLiteStorage
import Testing

@Suite("Online backup")
struct BackupTests {
    @Test("a backup taken while a thread keeps writing is complete and consistent")
    func backupDuringWrites() throws {
        let folder = try TemporaryFolder()
        let storage = try folder.openStorage()
        defer { storage.close() }
        try storage.write { transaction in
            try transaction.executeScript("""
                CREATE TABLE bookings (id INTEGER PRIMARY KEY, payload BLOB NOT NULL);
                CREATE TABLE ledger (booking INTEGER PRIMARY KEY REFERENCES bookings(id));
                """)
        }
        // Enough data for many backup steps.
        try storage.write { transaction in
            for _ in 0..<4000 {
                try transaction.execute("INSERT INTO bookings (payload) VALUES (\([UInt8](repeating: 7, count: 1000)))")
                try transaction.execute("INSERT INTO ledger (booking) VALUES (last_insert_rowid())")
            }
        }
        let stop = Shared(false)
        let started = DispatchSemaphore(value: 0)
        let writes = Shared(0)
        let writerErrors = Shared<[String]>([])
        let writer = Thread {
            var signalled = false
            while !stop.value {
                do {
                    // Every transaction adds a booking and its ledger row: a torn copy would differ.
                    try storage.write { transaction in
                        try transaction.execute("INSERT INTO bookings (payload) VALUES (\([UInt8](repeating: 9, count: 1000)))")
                        try transaction.execute("INSERT INTO ledger (booking) VALUES (last_insert_rowid())")
                    }
                    writes.update { $0 += 1 }
                } catch {
                    writerErrors.update { $0.append("\(error)") }
                }
                if !signalled {
                    signalled = true
                    started.signal()
                }
            }
            started.signal()
        }
        writer.start()
        started.wait()
        let backupPath = folder.path("backups/nightly.sqlite")
        defer { stop.value = true }
        try storage.backup(to: backupPath)
        stop.value = true
        started.wait()

        #expect(writerErrors.value == [])
        #expect(writes.value > 0)
        let copy = try SQLiteStorage(path: backupPath, readers: 1)
        defer { copy.close() }
        try copy.read { connection in
            #expect(try connection.scalar(String.self, "PRAGMA integrity_check") == "ok")
            let bookings = try connection.scalar(Int.self, "SELECT count(*) FROM bookings") ?? 0
            let ledger = try connection.scalar(Int.self, "SELECT count(*) FROM ledger") ?? 0
            #expect(bookings >= 4000)
            #expect(bookings == ledger)
        }
        // No temporary file is left next to the backup.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path("backups"))
            .filter { $0.contains(".backup-") }
        #expect(leftovers == [])
    }

    @Test("a backup replaces an older one at the same path")
    func replacesOldBackup() throws {
        let folder = try TemporaryFolder()
        let storage = try folder.openStorage()
        defer { storage.close() }
        try storage.write { try $0.execute("CREATE TABLE notes (text TEXT)") }
        let backupPath = folder.path("copy.sqlite")
        try storage.backup(to: backupPath)
        try storage.write { try $0.execute("INSERT INTO notes VALUES ('later')") }
        try storage.backup(to: backupPath)
        let copy = try SQLiteStorage(path: backupPath, readers: 1)
        defer { copy.close() }
        #expect(try copy.read { try $0.scalar(String.self, "SELECT text FROM notes") } == "later")
    }

    @Test("a backup that cannot be written names the path")
    func unwritablePath() throws {
        let folder = try TemporaryFolder()
        let storage = try folder.openStorage()
        defer { storage.close() }
        let blocker = folder.path("not-a-folder")
        try Data("x".utf8).write(to: URL(fileURLWithPath: blocker))
        let target = blocker + "/backup.sqlite"
        let error = #expect(throws: SQLiteStorageError.self) { try storage.backup(to: target) }
        #expect(error?.description.contains(target) == true)
    }
}
