import Foundation
import Kernel
import SQLiteStorage
import Testing
import TeilhabeTesting

/// `teilhabe content export|import|reindex` as an operator runs them.
@Suite struct ContentCommandTests {
    /// A migrated deployment of the shipped configuration with one German story.
    static func deployment() throws -> (Deployment, Int64) {
        let deployment = try Deployment()
        let migrate = try deployment.run(["migrate"])
        guard migrate.status == 0 else { throw TestServerError("migrate failed: \(migrate.errors)") }
        let (_, configuration) = try Boot.load(
            modules: allModules, configurationDirectory: deployment.directory + "/Configuration", environment: deployment.environment)
        let storage = try SQLiteStorage(path: deployment.directory + "/data/teilhabe.sqlite")
        defer { storage.close() }
        let store = SQLContentStore(
            regions: Dictionary(uniqueKeysWithValues: configuration.regions.map { ($0.id, $0) }), clock: SystemTime(),
            searchIndex: FTS5SearchIndex())
        let id = try storage.write(.region("demo")) { db in
            try store.create(
                NewContentItem(module: "echo", kind: "story", slug: "cli", language: "de",
                               texts: ContentTexts(title: "Kommandozeile", body: "Ein Text."), status: .published),
                in: db)
        }
        return (deployment, id)
    }

    @Test func exportTranslateImport() throws {
        let (deployment, id) = try Self.deployment()
        defer { deployment.remove() }
        let export = try deployment.run(["content", "export", "--region", "demo", "--target", "tr"])
        #expect(export.status == 0, "\(export.errors)")
        #expect(export.output.contains("wrote demo-de-to-tr.xlf: 1 items"))
        let file = deployment.directory + "/demo-de-to-tr.xlf"
        let original = try String(contentsOfFile: file, encoding: .utf8)
        let translated = original
            .replacingOccurrences(of: "<source>Kommandozeile</source>", with: "<source>Kommandozeile</source><target>Komut satırı</target>")
            .replacingOccurrences(of: "<source>Ein Text.</source>", with: "<source>Ein Text.</source><target>Bir metin.</target>")
        try translated.write(toFile: file, atomically: true, encoding: .utf8)
        let imported = try deployment.run(["content", "import", "--region", "demo", "demo-de-to-tr.xlf"])
        #expect(imported.status == 0, "\(imported.errors)")
        #expect(imported.output.contains("saved tr texts of item \(id) (cli) as version 2"))
        let again = try deployment.run(["content", "export", "--region", "demo", "--target", "tr", "--output", "-"])
        #expect(again.status == 0)
        #expect(!again.output.contains("<file "), "nothing left to translate")
    }

    @Test func badFilesAndOptionsAreNamed() throws {
        let (deployment, id) = try Self.deployment()
        defer { deployment.remove() }
        let export = try deployment.run(["content", "export", "--region", "demo", "--target", "en", "--output", "out.xlf"])
        #expect(export.status == 0, "\(export.errors)")
        let broken = try String(contentsOfFile: deployment.directory + "/out.xlf", encoding: .utf8)
            .replacingOccurrences(of: "<source>Kommandozeile</source>", with: "<source>Kommandozeile</source><target>Command line</target>")
        try broken.write(toFile: deployment.directory + "/out.xlf", atomically: true, encoding: .utf8)
        let refused = try deployment.run(["content", "import", "--region", "demo", "out.xlf"])
        #expect(refused.status == 1)
        #expect(refused.errors.contains("out.xlf: unit 'body' in file 'item-\(id)' (line"))
        #expect(refused.errors.contains("out.xlf: not imported; nothing was saved"))

        #expect(try deployment.run(["content", "import", "--region", "demo", "missing.xlf"]).errors.contains("missing.xlf: cannot read the file"))
        let language = try deployment.run(["content", "export", "--region", "demo", "--target", "xx"])
        #expect(language.status == 2)
        #expect(language.errors.contains("--target: 'xx' is not a language of this region"))
        let region = try deployment.run(["content", "export", "--region", "nowhere", "--target", "en"])
        #expect(region.status == 2)
        #expect(region.errors.contains("--region must name a configured region (demo)"))
        #expect(try deployment.run(["content", "export", "--region", "demo"]).errors.contains("--target is required"))
        #expect(try deployment.run(["content", "frobnicate"]).status == 2)
        let reindex = try deployment.run(["content", "reindex"])
        #expect(reindex.status == 0, "\(reindex.errors)")
    }
}
