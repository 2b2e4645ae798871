import Foundation
import PackagePlugin

/// `swift package --allow-writing-to-package-directory new-module <Name>`: scaffolds a module
/// target (manifest, schema, API, test) and adds its line to Package.swift, so that the next
/// build links it. Everything is checked before the first file is written.
@main
struct NewModule: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        let package = PackageFacts(
            root: context.package.directoryURL,
            targetNames: context.package.targets.map(\.name)
        )
        // SwiftPM prints a thrown error as `error: <description>` and exits with status 1.
        try run(arguments: arguments, package: package)
    }

    private func run(arguments: [String], package: PackageFacts) throws(ScaffoldError) {
        let options = try NewModuleOptions(arguments: arguments)
        if options.showHelp {
            print(NewModuleOptions.usage)
            return
        }
        let plan = try ScaffoldPlan(options: options, package: package)
        if options.dryRun {
            print(plan.preview())
        } else {
            try plan.apply()
            print(plan.report())
        }
    }
}
