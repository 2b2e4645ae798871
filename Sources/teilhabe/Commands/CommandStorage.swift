import Kernel

/// Storage for commands that work on the data (user, privacy): opened, with pending
/// migrations applied unless the server file says `"migrateOnStart": false`.
enum CommandStorage {
    static func open(_ registry: ModuleRegistry, _ configuration: LoadedConfiguration, command: String) -> (any Storage)? {
        guard let storage = openWithoutMigrating(configuration, command: command) else { return nil }
        let migrator = Migrator(storage: storage, modules: Boot.migrations(for: registry))
        do {
            if configuration.server.migrateOnStart {
                _ = try migrator.migrate()
            } else if !(try migrator.pendingMigrations()).isEmpty {
                printError("\(command): migrations are pending; run 'teilhabe migrate' first")
                storage.close()
                return nil
            }
        } catch {
            printError("\(command): \(error)")
            storage.close()
            return nil
        }
        return storage
    }

    /// The storage as it is, for commands that migrate themselves or only read (migrate,
    /// jobs, serve); prints why when it cannot be opened.
    static func openWithoutMigrating(_ configuration: LoadedConfiguration, command: String) -> (any Storage)? {
        do {
            return try Composition.openStorage(configuration.server)
        } catch {
            printError("\(command): cannot open storage \(configuration.server.storage): \(error)")
            return nil
        }
    }
}

/// `--name value` options after the command's verb.
struct CommandOptions {
    var values: [String: String] = [:]
    var flags: Set<String> = []
    var positional: [String] = []

    /// Parses `arguments`; `valued` options take a value, `flags` do not. Throws a usage
    /// message for anything else.
    init(_ arguments: [String], valued: Set<String>, flags allowedFlags: Set<String>) throws(CommandLineError) {
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if valued.contains(argument) {
                guard index + 1 < arguments.count, !arguments[index + 1].hasPrefix("--") else {
                    throw CommandLineError("\(argument) needs a value")
                }
                values[argument] = arguments[index + 1]
                index += 2
            } else if allowedFlags.contains(argument) {
                flags.insert(argument)
                index += 1
            } else if argument.hasPrefix("-") {
                throw CommandLineError("unknown option '\(argument)'")
            } else {
                positional.append(argument)
                index += 1
            }
        }
    }
}

struct CommandLineError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
