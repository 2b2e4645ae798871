import Foundation
import PackagePlugin

/// Embeds a target's UI catalogs: turns `Catalogs/<language>.json` into `<Target>Strings.swift`,
/// which holds the messages (`<Target>Strings.catalog`) and one typed accessor per English key.
/// Compiled in, the strings need no resource bundle beside the binary, and a key that English
/// lacks cannot be used at all.
@main
struct Catalogs: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        guard let target = target as? SourceModuleTarget else { return [] }
        let folder = target.directoryURL.appending(path: "Catalogs")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        let files = names.filter { $0.hasSuffix(".json") }.sorted().map { folder.appending(path: $0) }
        let output = context.pluginWorkDirectoryURL.appending(path: "\(target.name)Strings.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(files.count) UI catalogs of \(target.name)",
                executable: try context.tool(named: "teilhabe-catalog-generator").url,
                arguments: [output.path, target.name] + files.map(\.path),
                inputFiles: files,
                outputFiles: [output]
            )
        ]
    }
}
