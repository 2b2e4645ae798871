import Foundation
import Kernel
import SQLiteStorage
import Testing

@Suite("Writes are transactions")
struct TransactionTests {
    struct Refusal: Error, Equatable {}

    private func openWithNotes(_ folder: TemporaryFolder) throws -> SQLiteStorage {
        let storage = try folder.openStorage()
        try storage.write { try $0.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)") }
        return storage
    }

    private func noteTexts(_ storage: SQLiteStorage) throws -> [String] {
        try storage.read { connection in
            try connection.query("SELECT text FROM notes ORDER BY id").map { try $0.get("text") }
        }
    }

    @Test("a throwing body persists nothing and runs no after-commit action")
    func rollbackOnThrow() throws {
        let folder = try TemporaryFolder()
        let storage = try openWithNotes(folder)
        defer { storage.close() }
        let ran = Shared(false)
        #expect(throws: Refusal()) {
            try storage.write { transaction in
                try transaction.execute("INSERT INTO notes (text) VALUES ('one')")
                transaction.afterCommit { ran.value = true }
                try transaction.execute("INSERT INTO notes (text) VALUES ('two')")
                throw Refusal()
            }
        }
        #expect(try noteTexts(storage) == [])
        #expect(ran.value == false)
        // The writer is usable again afterwards.
        try storage.write { try $0.execute("INSERT INTO notes (text) VALUES ('three')") }
        #expect(try noteTexts(storage) == ["three"])
    }

    @Test("a failing statement rolls the whole transaction back")
    func rollbackOnStatementError() throws {
        let folder = try TemporaryFolder()
        let storage = try openWithNotes(folder)
        defer { storage.close() }
        #expect(throws: StorageError.self) {
            try storage.write { transaction in
                try transaction.execute("INSERT INTO notes (text) VALUES ('kept?')")
                try transaction.execute("INSERT INTO notes (text) VALUES (NULL)")
            }
        }
        #expect(try noteTexts(storage) == [])
    }

    @Test("after-commit actions run after COMMIT, in order, and see the committed data")
    func afterCommitRunsInOrder() throws {
        let folder = try TemporaryFolder()
        let storage = try openWithNotes(folder)
        defer { storage.close() }
        let log = Shared<[String]>([])
        let result = try storage.write { transaction in
            try transaction.execute("INSERT INTO notes (text) VALUES ('committed')")
            transaction.afterCommit {
                // Runs once the writer is free, so it may read and even write again.
                let texts = (try? storage.read { try $0.query("SELECT text FROM notes").map { try $0.get("text", as: String.self) } }) ?? []
                log.update { $0.append("first saw \(texts)") }
            }
            transaction.afterCommit {
                let wrote = (try? storage.write { try $0.execute("INSERT INTO notes (text) VALUES ('from action')") }) != nil
                log.update { $0.append("second wrote \(wrote)") }
            }
            log.update { $0.append("body done") }
            return 7
        }
        #expect(result == 7)
        #expect(log.value == ["body done", "first saw [\"committed\"]", "second wrote true"])
        #expect(try noteTexts(storage) == ["committed", "from action"])
    }

    @Test("a savepoint that throws is undone while the transaction commits")
    func savepointRollback() throws {
        let folder = try TemporaryFolder()
        let storage = try openWithNotes(folder)
        defer { storage.close() }
        let actions = Shared<[String]>([])
        try storage.write { transaction in
            try transaction.execute("INSERT INTO notes (text) VALUES ('before')")
            #expect(throws: Refusal()) {
                try transaction.savepoint {
                    try transaction.execute("INSERT INTO notes (text) VALUES ('undone')")
                    transaction.afterCommit { actions.update { $0.append("undone") } }
                    throw Refusal()
                }
            }
            let kept = try transaction.savepoint {
                try transaction.execute("INSERT INTO notes (text) VALUES ('outer savepoint')")
                transaction.afterCommit { actions.update { $0.append("kept") } }
                // Savepoints nest: the inner one is undone, the outer one kept.
                _ = try? transaction.savepoint {
                    try transaction.execute("INSERT INTO notes (text) VALUES ('inner undone')")
                    throw Refusal()
                }
                return "ok"
            }
            #expect(kept == "ok")
            try transaction.execute("INSERT INTO notes (text) VALUES ('after')")
        }
        #expect(try noteTexts(storage) == ["before", "outer savepoint", "after"])
        #expect(actions.value == ["kept"])
    }

    @Test("a nested write on the same thread throws instead of deadlocking")
    func nestedWrite() throws {
        let folder = try TemporaryFolder()
        let storage = try openWithNotes(folder)
        defer { storage.close() }
        try storage.write { transaction in
            try transaction.execute("INSERT INTO notes (text) VALUES ('outer')")
            #expect(throws: SQLiteStorageError.nestedWrite) {
                try storage.write { try $0.execute("INSERT INTO notes (text) VALUES ('inner')") }
            }
        }
        #expect(try noteTexts(storage) == ["outer"])
    }

    @Test("a nested read on the same thread throws; a read inside a write is allowed")
    func nestedRead() throws {
        let folder = try TemporaryFolder()
        let storage = try folder.openStorage(readers: 1)
        defer { storage.close() }
        try storage.read { _ in
            #expect(throws: SQLiteStorageError.nestedRead) {
                try storage.read { try $0.query("SELECT 1") }
            }
        }
        let one = try storage.write { _ in try storage.read { try $0.scalar(Int.self, "SELECT 1") } }
        #expect(one == 1)
    }

    @Test("a body cannot begin, commit or roll back the transaction itself")
    func transactionControlIsRefused() throws {
        let folder = try TemporaryFolder()
        let storage = try openWithNotes(folder)
        defer { storage.close() }
        #expect(throws: SQLiteStorageError.transactionControlRefused(sql: "COMMIT")) {
            try storage.write { transaction in
                try transaction.execute("INSERT INTO notes (text) VALUES ('a')")
                try transaction.execute("COMMIT")
            }
        }
        #expect(throws: SQLiteStorageError.transactionControlRefused(sql: "COMMIT")) {
            try storage.write { transaction in
                try transaction.executeScript("INSERT INTO notes (text) VALUES ('b'); COMMIT; INSERT INTO notes (text) VALUES ('c');")
            }
        }
        #expect(throws: SQLiteStorageError.transactionControlRefused(sql: "BEGIN")) {
            try storage.read { try $0.query("BEGIN") }
        }
        // Half the work was never committed, and the storage's own transactions still work.
        #expect(try noteTexts(storage) == [])
        try storage.write { try $0.execute("INSERT INTO notes (text) VALUES ('d')") }
        #expect(try noteTexts(storage) == ["d"])
    }

    @Test("a connection kept beyond its body refuses to work")
    func connectionUsedAfterBody() throws {
        let folder = try TemporaryFolder()
        let storage = try openWithNotes(folder)
        defer { storage.close() }
        let kept = try storage.write { $0 }
        #expect(throws: SQLiteStorageError.connectionUsedAfterBody) {
            try kept.execute("INSERT INTO notes (text) VALUES ('late')")
        }
        let keptReader = try storage.read { $0 }
        #expect(throws: SQLiteStorageError.connectionUsedAfterBody) {
            try keptReader.query("SELECT 1")
        }
    }

    @Test("executeScript splits on statement ends, not on every semicolon")
    func executeScriptSplitting() throws {
        let folder = try TemporaryFolder()
        let storage = try openWithNotes(folder)
        defer { storage.close() }
        try storage.write { transaction in
            try transaction.executeScript("""
                -- a comment; with a semicolon
                CREATE TABLE audit (note TEXT);
                /* block; comment */
                CREATE TRIGGER notes_audit AFTER INSERT ON notes BEGIN
                    INSERT INTO audit (note) VALUES ('added: ' || NEW.text);
                    INSERT INTO audit (note) VALUES ('second; statement');
                END;
                INSERT INTO notes (text) VALUES ('it''s; fine');

                """)
        }
        let audit = try storage.read { try $0.query("SELECT note FROM audit ORDER BY rowid").map { try $0.get("note", as: String.self) } }
        #expect(audit == ["added: it's; fine", "second; statement"])
    }

    @Test("a script error names the failing statement and undoes the script")
    func executeScriptError() throws {
        let folder = try TemporaryFolder()
        let storage = try openWithNotes(folder)
        defer { storage.close() }
        let error = #expect(throws: StorageError.self) {
            try storage.write { transaction in
                try transaction.executeScript("""
                    CREATE TABLE first (x);
                    INSERT INTO missing_table VALUES (1);
                    CREATE TABLE third (x);
                    """)
            }
        }
        #expect(error?.description.contains("no such table: missing_table") == true)
        #expect(error?.description.contains("(in: INSERT INTO missing_table VALUES (1)") == true)
        let tables = try storage.read { try $0.scalar(Int.self, "SELECT count(*) FROM sqlite_master WHERE name IN ('first', 'third')") }
        #expect(tables == 0)
    }
}
