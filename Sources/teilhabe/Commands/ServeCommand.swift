import Foundation
import Kernel

struct ServeCommand: Command {
    static let name = "serve"
    static let summary = "Run the server (the default command)"
    static let help = """
        USAGE: teilhabe serve [--no-migrate]

        Validates the modules and the configuration, applies pending migrations (unless
        --no-migrate or "migrateOnStart": false), and serves HTTP on the configured
        addresses until SIGTERM or SIGINT, then finishes in-flight requests and exits 0.
        Without migrating, /readyz answers 503 while migrations are pending.

        OPTIONS:
          --no-migrate   Do not apply migrations at start (a changed applied migration
                         still stops the server)

        """

    static func run(_ arguments: [String], options: GlobalOptions) -> Int32 {
        var migrate = true
        for argument in arguments {
            switch argument {
            case "--no-migrate": migrate = false
            default:
                printError("serve: unknown option '\(argument)'")
                return ExitCode.usage
            }
        }
        guard let (registry, configuration) = Composition.load(options) else { return ExitCode.invalidConfiguration }
        let logger = Logger(level: configuration.server.logLevel)
        guard let storage = CommandStorage.openWithoutMigrating(configuration, command: "serve") else { return ExitCode.failure }
        defer { storage.close() }

        let migrator = Migrator(storage: storage, modules: Boot.migrations(for: registry))
        do {
            if migrate && configuration.server.migrateOnStart {
                for applied in try migrator.migrate() {
                    logger.info("migration applied", ["module": .string(applied.module), "migration": .string(applied.id)])
                }
            } else {
                try migrator.verify()
            }
        } catch let error as MigrationError {
            printProblems(error.problems.map(\.description))
            return ExitCode.invalidConfiguration
        } catch {
            printError("migrations failed: \(error)")
            return ExitCode.failure
        }

        do {
            let application = try Application(
                configuration: configuration, registry: registry, storage: storage, logger: logger)
            try application.start()
            try application.runUntilSignalled()
            return ExitCode.success
        } catch {
            logger.flush()
            printError("\(error)")
            return ExitCode.failure
        }
    }
}
