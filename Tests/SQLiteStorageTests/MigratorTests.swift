import Foundation
import Kernel
import SQLiteStorage
import Testing

@Suite("Migrator")
struct MigratorTests {
    let createWorkshops = Migration("001-create-workshops", sql: "CREATE TABLE workshops (id INTEGER PRIMARY KEY, title TEXT NOT NULL);")
    let addCapacity = Migration("002-add-capacity", sql: "ALTER TABLE workshops ADD COLUMN capacity INTEGER;")
    let addVenue = Migration("003-add-venue", sql: "ALTER TABLE workshops ADD COLUMN venue TEXT;")
    let createStories = Migration("001-create-stories", sql: """
        CREATE TABLE stories (id INTEGER PRIMARY KEY, body TEXT NOT NULL);
        CREATE INDEX stories_body ON stories (body);
        """)

    private func tables(_ storage: SQLiteStorage) throws -> Set<String> {
        try storage.read { connection in
            Set(try connection.query("SELECT name FROM sqlite_master WHERE type = 'table'").map { try $0.get("name", as: String.self) })
        }
    }

    private func columns(of table: String, _ storage: SQLiteStorage) throws -> [String] {
        try storage.read { connection in
            try connection.query("SELECT name FROM pragma_table_info(\(table)) ORDER BY cid").map { try $0.get("name", as: String.self) }
        }
    }

    @Test("applies modules in the given order, each module's migrations in declared order")
    func order() throws {
        let folder = try TemporaryFolder()
        let storage = try folder.openStorage()
        defer { storage.close() }
        let migrator = Migrator(storage: storage, modules: [
            (module: "workshops", migrations: [createWorkshops, addCapacity, addVenue]),
            (module: "echo", migrations: [createStories]),
        ])
        #expect(try migrator.pendingMigrations().map(\.description)
            == ["workshops/001-create-workshops", "workshops/002-add-capacity", "workshops/003-add-venue", "echo/001-create-stories"])
        let applied = try migrator.migrate()
        #expect(applied.map(\.description)
            == ["workshops/001-create-workshops", "workshops/002-add-capacity", "workshops/003-add-venue", "echo/001-create-stories"])
        #expect(try columns(of: "workshops", storage) == ["id", "title", "capacity", "venue"])
        #expect(try tables(storage).isSuperset(of: ["workshops", "stories", "kernel_migrations"]))
        let recorded = try storage.read { connection in
            try connection.query("SELECT module, id, checksum FROM kernel_migrations ORDER BY applied_at, rowid").map {
                "\(try $0.get("module", as: String.self))/\(try $0.get("id", as: String.self)) \(try $0.get("checksum", as: String.self))"
            }
        }
        #expect(recorded == [
            "workshops/001-create-workshops \(createWorkshops.checksum)", "workshops/002-add-capacity \(addCapacity.checksum)",
            "workshops/003-add-venue \(addVenue.checksum)", "echo/001-create-stories \(createStories.checksum)",
        ])
    }

    @Test("a second run applies nothing; a new migration is applied alone")
    func idempotent() throws {
        let folder = try TemporaryFolder()
        let storage = try folder.openStorage()
        defer { storage.close() }
        try Migrator(storage: storage, modules: [(module: "workshops", migrations: [createWorkshops, addCapacity])]).migrate()
        let again = Migrator(storage: storage, modules: [(module: "workshops", migrations: [createWorkshops, addCapacity])])
        #expect(try again.migrate().isEmpty)
        #expect(try again.pendingMigrations().isEmpty)
        try again.verify()
        let extended = Migrator(storage: storage, modules: [(module: "workshops", migrations: [createWorkshops, addCapacity, addVenue])])
        #expect(try extended.pendingMigrations().map(\.migration.id) == ["003-add-venue"])
        #expect(try extended.migrate().map(\.id) == ["003-add-venue"])
    }

    @Test("verify and pendingMigrations do not write")
    func verifyDoesNotWrite() throws {
        let folder = try TemporaryFolder()
        let storage = try folder.openStorage()
        defer { storage.close() }
        let migrator = Migrator(storage: storage, modules: [(module: "workshops", migrations: [createWorkshops])])
        try migrator.verify()
        #expect(try migrator.pendingMigrations().count == 1)
        #expect(try tables(storage).isEmpty)
    }

    @Test("a migration changed after it was applied is refused with both checksums")
    func changedChecksum() throws {
        let folder = try TemporaryFolder()
        let storage = try folder.openStorage()
        defer { storage.close() }
        try Migrator(storage: storage, modules: [(module: "workshops", migrations: [createWorkshops])]).migrate()
        let edited = Migration("001-create-workshops", sql: "CREATE TABLE workshops (id INTEGER PRIMARY KEY, title TEXT);")
        let migrator = Migrator(storage: storage, modules: [(module: "workshops", migrations: [edited, addCapacity])])
        let error = #expect(throws: MigrationError.self) { try migrator.verify() }
        #expect(error?.problems == [.changedAfterApplied(
            module: "workshops", id: "001-create-workshops", recordedChecksum: createWorkshops.checksum,
            declaredChecksum: edited.checksum)])
        #expect(error?.description == "module workshops: migration 001-create-workshops was changed after it was applied "
            + "(recorded checksum \(createWorkshops.checksum.prefix(8))…, now \(edited.checksum.prefix(8))…); "
            + "restore its SQL and put the change in a new migration")
        // migrate refuses too, and applies nothing else.
        #expect(throws: MigrationError.self) { try migrator.migrate() }
        #expect(try columns(of: "workshops", storage) == ["id", "title"])
    }

    @Test("an applied migration that is no longer declared is refused")
    func removedMigration() throws {
        let folder = try TemporaryFolder()
        let storage = try folder.openStorage()
        defer { storage.close() }
        try Migrator(storage: storage, modules: [(module: "workshops", migrations: [createWorkshops, addCapacity])]).migrate()
        let migrator = Migrator(storage: storage, modules: [(module: "workshops", migrations: [createWorkshops])])
        let error = #expect(throws: MigrationError.self) { try migrator.verify() }
        #expect(error?.problems.count == 1)
        guard case .noLongerDeclared(let module, let id, _) = error?.problems.first else {
            Issue.record("expected noLongerDeclared, got \(String(describing: error))")
            return
        }
        #expect(module == "workshops")
        #expect(id == "002-add-capacity")
        #expect(error?.description.contains("module workshops: migration 002-add-capacity was applied on ") == true)
        #expect(error?.description.contains("but is no longer declared") == true)
    }

    @Test("modules missing from the list (a trimmed binary) are left alone")
    func absentModule() throws {
        let folder = try TemporaryFolder()
        let storage = try folder.openStorage()
        defer { storage.close() }
        try Migrator(storage: storage, modules: [
            (module: "workshops", migrations: [createWorkshops]), (module: "echo", migrations: [createStories]),
        ]).migrate()
        let trimmed = Migrator(storage: storage, modules: [(module: "workshops", migrations: [createWorkshops])])
        try trimmed.verify()
        #expect(try trimmed.migrate().isEmpty)
    }

    @Test("a new migration declared before an applied one is refused")
    func outOfOrder() throws {
        let folder = try TemporaryFolder()
        let storage = try folder.openStorage()
        defer { storage.close() }
        try Migrator(storage: storage, modules: [(module: "workshops", migrations: [createWorkshops, addVenue])]).migrate()
        let migrator = Migrator(storage: storage, modules: [(module: "workshops", migrations: [createWorkshops, addCapacity, addVenue])])
        let error = #expect(throws: MigrationError.self) { try migrator.migrate() }
        #expect(error?.problems == [.declaredBeforeApplied(module: "workshops", id: "002-add-capacity", applied: "003-add-venue")])
        #expect(error?.description == "module workshops: new migration 002-add-capacity is declared before 003-add-venue, "
            + "which is already applied; move it after the last applied migration and give it a later id")
        #expect(try columns(of: "workshops", storage) == ["id", "title", "venue"])
    }

    @Test("a failing migration is rolled back alone; earlier ones stay applied")
    func failingMigration() throws {
        let folder = try TemporaryFolder()
        let storage = try folder.openStorage()
        defer { storage.close() }
        let broken = Migration("002-broken", sql: """
            CREATE TABLE registrations (id INTEGER PRIMARY KEY);
            ALTER TABLE no_such_table ADD COLUMN x TEXT;
            """)
        let migrator = Migrator(storage: storage, modules: [
            (module: "workshops", migrations: [createWorkshops, broken, addVenue]),
            (module: "echo", migrations: [createStories]),
        ])
        let error = #expect(throws: MigrationError.self) { try migrator.migrate() }
        #expect(error?.applied.map(\.description) == ["workshops/001-create-workshops"])
        #expect(error?.problems.count == 1)
        let line = error?.description ?? ""
        #expect(line.hasPrefix("module workshops: migration 002-broken failed and was rolled back: "))
        #expect(line.contains("no such table: no_such_table"))
        let present = try tables(storage)
        #expect(present.contains("workshops"))
        #expect(!present.contains("registrations"))
        #expect(!present.contains("stories"))
        let recorded = try storage.read { try $0.query("SELECT id FROM kernel_migrations").map { try $0.get("id", as: String.self) } }
        #expect(recorded == ["001-create-workshops"])
    }

    @Test("every problem is reported together, one line each")
    func multipleProblems() throws {
        let folder = try TemporaryFolder()
        let storage = try folder.openStorage()
        defer { storage.close() }
        try Migrator(storage: storage, modules: [
            (module: "workshops", migrations: [createWorkshops, addCapacity]), (module: "echo", migrations: [createStories]),
        ]).migrate()
        let editedStories = Migration("001-create-stories", sql: "CREATE TABLE stories (id INTEGER PRIMARY KEY);")
        let duplicate = Migration("002-add-tags", sql: "ALTER TABLE stories ADD COLUMN tags TEXT;")
        let migrator = Migrator(storage: storage, modules: [
            (module: "workshops", migrations: [createWorkshops]),
            (module: "echo", migrations: [editedStories, duplicate, duplicate]),
        ])
        let error = #expect(throws: MigrationError.self) { try migrator.verify() }
        let problems = error?.problems ?? []
        #expect(problems.count == 3)
        #expect(problems.contains { if case .noLongerDeclared("workshops", "002-add-capacity", _) = $0 { true } else { false } })
        #expect(problems.contains(.duplicateID(module: "echo", id: "002-add-tags")))
        #expect(problems.contains(.changedAfterApplied(
            module: "echo", id: "001-create-stories", recordedChecksum: createStories.checksum,
            declaredChecksum: editedStories.checksum)))
        #expect(error?.description.split(separator: "\n").count == 3)
        #expect(throws: MigrationError.self) { try migrator.migrate() }
        #expect(!(try columns(of: "stories", storage).contains("tags")))
    }

    @Test("a module listed twice is refused")
    func duplicateModule() throws {
        let folder = try TemporaryFolder()
        let storage = try folder.openStorage()
        defer { storage.close() }
        let migrator = Migrator(storage: storage, modules: [
            (module: "workshops", migrations: [createWorkshops]), (module: "workshops", migrations: [addCapacity]),
        ])
        let error = #expect(throws: MigrationError.self) { try migrator.migrate() }
        #expect(error?.problems == [.duplicateModule(module: "workshops")])
        #expect(try !tables(storage).contains("workshops"))
    }
}
