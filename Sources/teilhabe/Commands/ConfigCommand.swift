import Kernel

struct ConfigCommand: Command {
    static let name = "config"
    static let summary = "Validate the configuration (config check)"
    static let help = """
        USAGE: teilhabe config check

        Reads the server file and every region file, applies TEILHABE_* environment
        overrides, and checks them against the linked modules. Prints one line per problem
        as `file: key.path: problem` and exits 3, or prints a summary and exits 0.

        """

    static func run(_ arguments: [String], options: GlobalOptions) -> Int32 {
        guard arguments == ["check"] else {
            printError("config: expected 'teilhabe config check'")
            return ExitCode.usage
        }
        guard let (registry, configuration) = Composition.load(options) else { return ExitCode.invalidConfiguration }
        print("configuration OK: \(options.configurationDirectory)")
        print("  listen: \(configuration.server.listen.map(\.description).joined(separator: ", "))")
        print("  storage: \(configuration.server.storage)")
        print("  modules linked: \(registry.manifests.map(\.id).joined(separator: ", "))")
        for region in configuration.regions {
            let modules = region.modules.keys.sorted().joined(separator: ", ")
            print("  region \(region.id): languages \(region.languageCodes.joined(separator: ", ")); modules \(modules)")
        }
        return ExitCode.success
    }
}
