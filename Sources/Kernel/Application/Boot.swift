/// The steps before serving, shared by every command and by the tests: validate the linked
/// modules, load the configuration against them, and list the migrations to apply.
public enum Boot {
    /// Validates the modules and the configuration together. Every problem is one line.
    public static func load(
        modules: [any Module.Type], configurationDirectory: String, environment: [String: String]
    ) throws(BootError) -> (registry: ModuleRegistry, configuration: LoadedConfiguration) {
        var problems: [String] = []
        var registry: ModuleRegistry?
        do {
            registry = try ModuleRegistry(modules, kernelActions: KernelManifest.actions)
        } catch {
            problems += error.problems
        }
        // Configuration is checked even when the registry is not valid, so that one run
        // reports everything.
        var configuration: LoadedConfiguration?
        do {
            configuration = try ConfigurationLoader.load(
                directory: configurationDirectory, environment: environment, modules: modules.map { $0.manifest })
        } catch {
            problems += error.problems.map(\.description)
        }
        guard problems.isEmpty, let registry, let configuration else { throw BootError(problems: problems) }
        return (registry, configuration)
    }

    /// Every migration in the order it must run: the kernel areas', then each module's after
    /// the modules it depends on.
    public static func migrations(for registry: ModuleRegistry) -> [(module: String, migrations: [Migration])] {
        KernelManifest.areas.map { ($0.migrationNamespace, $0.migrations) } + registry.manifests.map { ($0.id, $0.migrations) }
    }
}

/// Why the server will not start: one line per problem.
public struct BootError: Error, Sendable, CustomStringConvertible {
    public var problems: [String]
    public init(problems: [String]) { self.problems = problems }
    public var description: String { problems.joined(separator: "\n") }
}
