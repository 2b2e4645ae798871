import Foundation
import Kernel
import SQLiteStorage
import Testing

@Suite("SQLite errors become StorageErrors that name the cause")
struct ErrorMappingTests {
    private func storageWithWorkshops(in folder: TemporaryFolder) throws -> SQLiteStorage {
        let storage = try folder.openStorage()
        try storage.write { transaction in
            try transaction.executeScript("""
                CREATE TABLE organisations (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
                CREATE TABLE workshops (
                    id INTEGER PRIMARY KEY,
                    region TEXT NOT NULL,
                    title TEXT NOT NULL,
                    capacity INTEGER NOT NULL CHECK (capacity > 0),
                    organisation INTEGER REFERENCES organisations(id),
                    UNIQUE (region, title)
                );
                INSERT INTO organisations (id, name) VALUES (1, 'Kulturverein');
                INSERT INTO workshops (id, region, title, capacity) VALUES (1, 'berlin', 'Deutsch im Alltag', 10);
                """)
        }
        return storage
    }

    @Test("a UNIQUE constraint names its columns")
    func unique() throws {
        let folder = try TemporaryFolder()
        let storage = try storageWithWorkshops(in: folder)
        defer { storage.close() }
        #expect(throws: StorageError.uniqueViolation(detail: "workshops.region, workshops.title")) {
            try storage.write {
                try $0.execute("INSERT INTO workshops (region, title, capacity) VALUES ('berlin', 'Deutsch im Alltag', 5)")
            }
        }
    }

    @Test("a PRIMARY KEY conflict is a unique violation")
    func primaryKey() throws {
        let folder = try TemporaryFolder()
        let storage = try storageWithWorkshops(in: folder)
        defer { storage.close() }
        #expect(throws: StorageError.uniqueViolation(detail: "workshops.id")) {
            try storage.write {
                try $0.execute("INSERT INTO workshops (id, region, title, capacity) VALUES (1, 'köln', 'Neu', 5)")
            }
        }
    }

    @Test("NOT NULL, CHECK and FOREIGN KEY are constraint violations")
    func otherConstraints() throws {
        let folder = try TemporaryFolder()
        let storage = try storageWithWorkshops(in: folder)
        defer { storage.close() }
        #expect(throws: StorageError.constraintViolation(detail: "NOT NULL: workshops.title")) {
            try storage.write { try $0.execute("INSERT INTO workshops (region, title, capacity) VALUES ('berlin', NULL, 5)") }
        }
        #expect(throws: StorageError.constraintViolation(detail: "CHECK: capacity > 0")) {
            try storage.write { try $0.execute("INSERT INTO workshops (region, title, capacity) VALUES ('berlin', 'x', 0)") }
        }
        // Foreign keys are enforced because every connection turns them on.
        #expect(throws: StorageError.constraintViolation(detail: "FOREIGN KEY")) {
            try storage.write {
                try $0.execute("INSERT INTO workshops (region, title, capacity, organisation) VALUES ('berlin', 'y', 3, 99)")
            }
        }
        let count = try storage.read { try $0.scalar(Int.self, "SELECT count(*) FROM workshops") }
        #expect(count == 1)
    }

    @Test("other errors carry the code, message and statement")
    func backendErrors() throws {
        let folder = try TemporaryFolder()
        let storage = try folder.openStorage()
        defer { storage.close() }
        let syntax = #expect(throws: StorageError.self) {
            try storage.read { try $0.query("SELEKT 1") }
        }
        guard case .backend(let code, let message, let sql) = syntax else {
            Issue.record("expected a backend error, got \(String(describing: syntax))")
            return
        }
        #expect(code == 1)
        #expect(message.contains("syntax error"))
        #expect(sql == "SELEKT 1")

        let missingTable = #expect(throws: StorageError.self) {
            try storage.read { try $0.query("SELECT * FROM nowhere") }
        }
        #expect(missingTable?.description.contains("no such table: nowhere") == true)
    }

    @Test("a parameter count mismatch and a second statement are refused")
    func misuse() throws {
        let folder = try TemporaryFolder()
        let storage = try folder.openStorage()
        defer { storage.close() }
        let parameters = #expect(throws: StorageError.self) {
            try storage.read { try $0.query(SQL("SELECT ?, ?", bindings: [.integer(1)])) }
        }
        #expect(parameters?.description.contains("2 parameters but 1 values") == true)
        let twoStatements = #expect(throws: StorageError.self) {
            try storage.write { try $0.execute("CREATE TABLE a (x); CREATE TABLE b (y)") }
        }
        #expect(twoStatements?.description.contains("more than one statement") == true)
        for trailing in ["COMMIT", "SELEKT 2"] {
            let text = "CREATE TABLE c (x); " + trailing
            let hidden = #expect(throws: StorageError.self) {
                try storage.write { try $0.execute(SQL(text)) }
            }
            #expect(hidden?.description.contains("more than one statement") == true)
        }
        // A trailing semicolon, whitespace or comment is not a second statement.
        try storage.write { try $0.execute("CREATE TABLE a (x); -- the only one\n") }
        let tables = try storage.read { try $0.scalar(Int.self, "SELECT count(*) FROM sqlite_master WHERE type = 'table'") }
        #expect(tables == 1)
    }

    @Test("a read cannot write")
    func readsAreReadOnly() throws {
        let folder = try TemporaryFolder()
        let storage = try folder.openStorage()
        defer { storage.close() }
        try storage.write { try $0.execute("CREATE TABLE notes (text TEXT)") }
        #expect(throws: StorageError.self) {
            try storage.read { try $0.query("INSERT INTO notes (text) VALUES ('sneaky') RETURNING text") }
        }
        #expect(try storage.read { try $0.scalar(Int.self, "SELECT count(*) FROM notes") } == 0)
    }
}
