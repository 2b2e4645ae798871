import Kernel

struct MigrateCommand: Command {
    static let name = "migrate"
    static let summary = "Apply pending database migrations and exit"
    static let help = """
        USAGE: teilhabe migrate [--status]

        Applies every pending migration of the kernel and the linked modules, in order, each
        in its own transaction, and prints what it applied. Refuses (exit 3) when an applied
        migration was changed, removed, or a new one was declared before applied ones.

        OPTIONS:
          --status   Print pending migrations without applying them

        """

    static func run(_ arguments: [String], options: GlobalOptions) -> Int32 {
        let statusOnly = arguments == ["--status"]
        guard arguments.isEmpty || statusOnly else {
            printError("migrate: unknown option '\(arguments[0])'")
            return ExitCode.usage
        }
        guard let (registry, configuration) = Composition.load(options) else { return ExitCode.invalidConfiguration }
        guard let storage = CommandStorage.openWithoutMigrating(configuration, command: "migrate") else { return ExitCode.failure }
        defer { storage.close() }
        let migrator = Migrator(storage: storage, modules: Boot.migrations(for: registry))
        do {
            if statusOnly {
                try migrator.verify()
                let pending = try migrator.pendingMigrations()
                for migration in pending { print("pending \(migration)") }
                if pending.isEmpty { print("all migrations applied") }
                return ExitCode.success
            }
            let applied = try migrator.migrate()
            for migration in applied { print("applied \(migration.module)/\(migration.id)") }
            if applied.isEmpty { print("nothing to apply: all migrations applied") }
            return ExitCode.success
        } catch let error as MigrationError {
            printProblems(error.problems.map(\.description))
            return ExitCode.invalidConfiguration
        } catch {
            printError("migrations failed: \(error)")
            return ExitCode.failure
        }
    }
}
