import Foundation
import Kernel
import SQLiteStorage

/// The choices only the executable makes: the linked modules and the storage backend.
enum Composition {
    static var modules: [any Module.Type] { linkedModules }

    /// Validates modules and configuration; prints every problem and returns nil when any.
    static func load(_ options: GlobalOptions) -> (registry: ModuleRegistry, configuration: LoadedConfiguration)? {
        do {
            return try Boot.load(
                modules: modules, configurationDirectory: options.configurationDirectory,
                environment: options.environment)
        } catch {
            printProblems(error.problems)
            return nil
        }
    }

    /// Opens the configured storage, creating the data directory.
    static func openStorage(_ settings: ServerSettings) throws -> any Storage {
        try FileManager.default.createDirectory(atPath: settings.dataDirectory, withIntermediateDirectories: true)
        switch settings.storage {
        case .sqlite(let path):
            return try SQLiteStorage(path: path)
        case .postgresql:
            throw CompositionError.backendNotBuiltIn("this binary has no PostgreSQL backend; use storage sqlite:<path>")
        }
    }
}

enum CompositionError: Error, CustomStringConvertible {
    case backendNotBuiltIn(String)
    var description: String {
        switch self {
        case .backendNotBuiltIn(let message): message
        }
    }
}
