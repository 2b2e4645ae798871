import Kernel

struct ModulesCommand: Command {
    static let name = "modules"
    static let summary = "List the modules linked into this binary"
    static let help = """
        USAGE: teilhabe modules

        Prints each linked module's id, version and dependencies. A binary built with
        TEILHABE_MODULES=… holds only those modules and the modules they require.

        """

    static func run(_ arguments: [String], options: GlobalOptions) -> Int32 {
        guard arguments.isEmpty else {
            printError("modules: unexpected argument '\(arguments[0])'")
            return ExitCode.usage
        }
        for module in Composition.modules.map({ $0.manifest }).sorted(by: { $0.id < $1.id }) {
            let dependencies = module.dependencies.isEmpty ? "" : "  (needs \(module.dependencies.joined(separator: ", ")))"
            print("\(module.id.padding(toLength: 16, withPad: " ", startingAt: 0)) \(module.version)\(dependencies)")
        }
        return ExitCode.success
    }
}
