import Foundation
import PackagePlugin

/// Generates `LinkedModules.swift` for the executable it is applied to: the list of every
/// module target (a target under `Sources/Modules/`) that the executable links. Nobody
/// writes that list by hand; trimming `TEILHABE_MODULES` trims it too.
@main
struct ModuleRegistry: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let modulesFolder = context.package.directoryURL.appending(path: "Sources/Modules").standardizedFileURL.path + "/"
        let modules = target.recursiveTargetDependencies
            .compactMap { $0 as? SourceModuleTarget }
            .filter { $0.directoryURL.standardizedFileURL.path.hasPrefix(modulesFolder) }
            .map(\.name)
            .sorted()
        let output = context.pluginWorkDirectoryURL.appending(path: "LinkedModules.swift")
        return [
            .buildCommand(
                displayName: "Generating the registry of \(modules.count) linked modules for \(target.name)",
                executable: try context.tool(named: "teilhabe-registry-generator").url,
                arguments: [output.path] + modules,
                inputFiles: [],
                outputFiles: [output]
            )
        ]
    }
}
