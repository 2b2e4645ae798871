import Foundation

/// Applies the modules' migrations and refuses to go on when the recorded history and the
/// declared migrations disagree. It works through the `Storage` protocol only, so every
/// backend migrates the same way.
///
/// Each applied migration is recorded in `kernel_migrations` with its checksum. Modules are
/// migrated in the order given (dependencies first), each module's migrations in declared
/// order, every migration in its own transaction together with its record row: a failing
/// migration is rolled back alone, the ones before it stay applied.
///
/// Recorded migrations of modules missing from the list (a trimmed binary) are left alone.
public struct Migrator: Sendable {
    public let storage: any Storage
    public let modules: [ModuleMigrations]

    /// The declared migrations of one module, in order.
    public struct ModuleMigrations: Sendable {
        public var module: String
        public var migrations: [Migration]

        public init(module: String, migrations: [Migration]) {
            self.module = module
            self.migrations = migrations
        }
    }

    public init(storage: any Storage, modules: [ModuleMigrations]) {
        self.storage = storage
        self.modules = modules
    }

    public init(storage: any Storage, modules: [(module: String, migrations: [Migration])]) {
        self.init(storage: storage, modules: modules.map { ModuleMigrations(module: $0.module, migrations: $0.migrations) })
    }

    /// Declared migrations not applied yet, in the order `migrate()` would apply them.
    /// Does not write.
    public func pendingMigrations() throws -> [PendingMigration] {
        plan(records: try recordedMigrations()).pending
    }

    /// Checks the declared migrations against the recorded ones without writing. Throws a
    /// `MigrationError` listing every problem found.
    public func verify() throws {
        let problems = plan(records: try recordedMigrations()).problems
        guard problems.isEmpty else { throw MigrationError(problems: problems, applied: []) }
    }

    /// Applies every pending migration and returns what it applied. Refuses to apply anything
    /// while `verify()` finds problems; stops at the first migration that fails.
    @discardableResult
    public func migrate() throws -> [AppliedMigration] {
        try storage.write(.global) { try $0.executeScript(Self.createTable) }
        let plan = plan(records: try recordedMigrations())
        guard plan.problems.isEmpty else { throw MigrationError(problems: plan.problems, applied: []) }
        var applied: [AppliedMigration] = []
        for pending in plan.pending {
            do {
                if let record = try apply(pending) { applied.append(record) }
            } catch {
                let problem = MigrationProblem.failed(
                    module: pending.module, id: pending.migration.id, reason: String(describing: error))
                throw MigrationError(problems: [problem], applied: applied)
            }
        }
        return applied
    }

    // BIGINT rather than INTEGER: milliseconds since 1970 overflow PostgreSQL's 32-bit integer.
    static let createTable = """
        CREATE TABLE IF NOT EXISTS kernel_migrations (
            module TEXT NOT NULL,
            id TEXT NOT NULL,
            checksum TEXT NOT NULL,
            applied_at BIGINT NOT NULL,
            PRIMARY KEY (module, id)
        )
        """

    /// Applies one migration with its record row in one transaction. Returns nil when another
    /// process recorded it in the meantime.
    private func apply(_ pending: PendingMigration) throws -> AppliedMigration? {
        try storage.write(.global) { transaction in
            let module = pending.module
            let migration = pending.migration
            let recorded = try transaction.scalar(
                String.self, "SELECT checksum FROM kernel_migrations WHERE module = \(module) AND id = \(migration.id)")
            guard recorded == nil else { return nil }
            try transaction.executeScript(migration.sql)
            let record = AppliedMigration(
                module: module, id: migration.id, checksum: migration.checksum, appliedAt: Date())
            try transaction.execute("""
                INSERT INTO kernel_migrations (module, id, checksum, applied_at)
                VALUES (\(record.module), \(record.id), \(record.checksum), \(record.appliedAt))
                """)
            return record
        }
    }

    private func recordedMigrations() throws -> [AppliedMigration] {
        try storage.read(.global) { connection in
            guard try tableExists(connection) else { return [] }
            return try connection.query("SELECT module, id, checksum, applied_at FROM kernel_migrations").map { row in
                AppliedMigration(
                    module: try row.get("module"), id: try row.get("id"), checksum: try row.get("checksum"),
                    appliedAt: try row.get("applied_at"))
            }
        }
    }

    private func tableExists(_ connection: any DatabaseConnection) throws -> Bool {
        let count: Int? =
            switch storage.dialect {
            case .sqlite:
                try connection.scalar(
                    Int.self, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'kernel_migrations'")
            case .postgresql:
                try connection.scalar(
                    Int.self,
                    """
                    SELECT count(*) FROM information_schema.tables
                    WHERE table_schema = current_schema() AND table_name = 'kernel_migrations'
                    """)
            }
        return (count ?? 0) > 0
    }

    private func plan(records: [AppliedMigration]) -> (pending: [PendingMigration], problems: [MigrationProblem]) {
        let recordsByModule = Dictionary(grouping: records, by: \.module)
        var pending: [PendingMigration] = []
        var problems: [MigrationProblem] = []
        var seenModules: Set<String> = []
        for declared in modules {
            let module = declared.module
            guard seenModules.insert(module).inserted else {
                problems.append(.duplicateModule(module: module))
                continue
            }
            var seenIDs: Set<String> = []
            var reportedDuplicates: Set<String> = []
            for migration in declared.migrations where !seenIDs.insert(migration.id).inserted {
                if reportedDuplicates.insert(migration.id).inserted {
                    problems.append(.duplicateID(module: module, id: migration.id))
                }
            }
            let recorded = Dictionary(
                (recordsByModule[module] ?? []).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            for migration in declared.migrations {
                if let record = recorded[migration.id], record.checksum != migration.checksum {
                    problems.append(.changedAfterApplied(
                        module: module, id: migration.id, recordedChecksum: record.checksum,
                        declaredChecksum: migration.checksum))
                }
            }
            // A new migration declared before an applied one would run after it everywhere
            // that is already migrated, and before it everywhere else.
            let lastApplied = declared.migrations.lastIndex { recorded[$0.id] != nil }
            for (index, migration) in declared.migrations.enumerated() where recorded[migration.id] == nil {
                if let lastApplied, index < lastApplied {
                    problems.append(.declaredBeforeApplied(
                        module: module, id: migration.id, applied: declared.migrations[lastApplied].id))
                } else if !reportedDuplicates.contains(migration.id) {
                    pending.append(PendingMigration(module: module, migration: migration))
                }
            }
            for record in recorded.values.sorted(by: { $0.id < $1.id }) where !seenIDs.contains(record.id) {
                problems.append(.noLongerDeclared(module: module, id: record.id, appliedAt: record.appliedAt))
            }
        }
        return (pending, problems)
    }
}

/// A declared migration that has not been applied.
public struct PendingMigration: Sendable, CustomStringConvertible {
    public var module: String
    public var migration: Migration

    public var description: String { "\(module)/\(migration.id)" }
}

/// A migration recorded in `kernel_migrations`.
public struct AppliedMigration: Sendable, Hashable, CustomStringConvertible {
    public var module: String
    public var id: String
    public var checksum: String
    public var appliedAt: Date

    public var description: String { "\(module)/\(id)" }
}

/// One reason the migrations cannot be applied. `description` is one line a person can act
/// on, printed verbatim by the CLI and at boot.
public enum MigrationProblem: Sendable, Hashable, CustomStringConvertible {
    case changedAfterApplied(module: String, id: String, recordedChecksum: String, declaredChecksum: String)
    case noLongerDeclared(module: String, id: String, appliedAt: Date)
    case declaredBeforeApplied(module: String, id: String, applied: String)
    case duplicateID(module: String, id: String)
    case duplicateModule(module: String)
    case failed(module: String, id: String, reason: String)

    public var description: String {
        switch self {
        case .changedAfterApplied(let module, let id, let recorded, let declared):
            "module \(module): migration \(id) was changed after it was applied "
                + "(recorded checksum \(recorded.prefix(8))…, now \(declared.prefix(8))…); "
                + "restore its SQL and put the change in a new migration"
        case .noLongerDeclared(let module, let id, let appliedAt):
            "module \(module): migration \(id) was applied on \(appliedAt.formatted(.iso8601)) "
                + "but is no longer declared; restore it (released migrations are never removed)"
        case .declaredBeforeApplied(let module, let id, let applied):
            "module \(module): new migration \(id) is declared before \(applied), which is already applied; "
                + "move it after the last applied migration and give it a later id"
        case .duplicateID(let module, let id):
            "module \(module): migration id \(id) is declared more than once"
        case .duplicateModule(let module):
            "module \(module): its migrations are listed more than once"
        case .failed(let module, let id, let reason):
            "module \(module): migration \(id) failed and was rolled back: \(reason)"
        }
    }
}

/// The migrations could not be applied. `applied` holds what `migrate()` applied before it
/// stopped (those stay applied).
public struct MigrationError: Error, Sendable, CustomStringConvertible {
    public var problems: [MigrationProblem]
    public var applied: [AppliedMigration]

    public init(problems: [MigrationProblem], applied: [AppliedMigration]) {
        self.problems = problems
        self.applied = applied
    }

    /// One line per problem.
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
