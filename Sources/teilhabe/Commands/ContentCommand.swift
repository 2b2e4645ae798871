import Foundation
import Kernel

struct ContentCommand: Command {
    static let name = "content"
    static let summary = "Export and import translations (XLIFF 2.0); rebuild search entries"
    static let help = """
        USAGE: teilhabe content export --region <id> --target <lang> [--source <lang>]
                                       [--module <id>] [--item <id>]… [--output <file>]
               teilhabe content import --region <id> <file>
               teilhabe content reindex

        export   Writes an XLIFF 2.0 file with every text of the region that needs
                 translating into <lang> (missing or outdated), from its source language in
                 the region's language tree (or --source). --module and --item narrow it.
                 The file is <region>-<source>-to-<target>.xlf unless --output names one;
                 "-" writes to standard output. Items whose source language has no text
                 yet are listed as skipped.
        import   Reads a translated XLIFF file and saves every translation in it, or none:
                 when anything is wrong (unknown item or field, wrong language, empty
                 target, source text changed since the export) it prints each problem as
                 `<file>: <problem>` and exits 1 without saving.
        reindex  Rewrites the search entries of regions whose languages changed. The server
                 does this when it starts; use it after changing languages with the server
                 stopped.

        Run `teilhabe migrate` first; the commands refuse to work on an unmigrated database.

        """

    static func run(_ arguments: [String], options: GlobalOptions) -> Int32 {
        guard let subcommand = arguments.first, ["export", "import", "reindex"].contains(subcommand) else {
            printError("content: expected 'teilhabe content export|import|reindex' (see teilhabe content --help)")
            return ExitCode.usage
        }
        let parsed: ContentOptions
        do {
            parsed = try ContentOptions(Array(arguments.dropFirst()), subcommand: subcommand)
        } catch {
            printError("content \(subcommand): \(error)")
            return ExitCode.usage
        }
        guard let (registry, configuration) = Composition.load(options) else { return ExitCode.invalidConfiguration }
        guard let storage = CommandStorage.open(registry, configuration, command: "content \(subcommand)") else { return ExitCode.failure }
        defer { storage.close() }
        let regions = Dictionary(uniqueKeysWithValues: configuration.regions.map { ($0.id, $0) })
        let store = SQLContentStore(regions: regions, clock: SystemTime(), searchIndex: SQLContentStore.searchIndex(for: storage))
        if subcommand == "reindex" {
            do {
                try store.prepare(in: storage)
                print("search entries are up to date for \(regions.count) regions")
                return ExitCode.success
            } catch {
                printError("reindex failed: \(error)")
                return ExitCode.failure
            }
        }
        guard let region = parsed.region, regions[region] != nil else {
            printError("content \(subcommand): --region must name a configured region (\(regions.keys.sorted().joined(separator: ", ")))")
            return ExitCode.usage
        }
        return subcommand == "export"
            ? export(parsed, region: region, store: store, storage: storage)
            : importFile(parsed, region: region, store: store, storage: storage)
    }

    static func export(_ options: ContentOptions, region: String, store: SQLContentStore, storage: any Storage) -> Int32 {
        do {
            let export = try storage.read(.region(region)) { db in
                try store.exportTranslations(target: options.target ?? "", source: options.source, items: options.items, module: options.module, in: db)
            }
            let destination = options.output ?? export.fileName
            if destination == "-" {
                FileHandle.standardOutput.write(Data(export.document))
            } else {
                try Data(export.document).write(to: URL(fileURLWithPath: destination))
                print("wrote \(destination): \(export.items.count) items")
            }
            for skipped in export.skipped {
                printError("skipped item \(skipped.item): \(skipped.reason)")
            }
            return ExitCode.success
        } catch let error as HTTPError {
            printError("content export: \(error.field.map { "--\($0): " } ?? "")\(error.message)")
            return ExitCode.usage
        } catch {
            printError("content export failed: \(error)")
            return ExitCode.failure
        }
    }

    static func importFile(_ options: ContentOptions, region: String, store: SQLContentStore, storage: any Storage) -> Int32 {
        guard let file = options.file else {
            printError("content import: name the XLIFF file to import")
            return ExitCode.usage
        }
        guard let data = FileManager.default.contents(atPath: file) else {
            printError("\(file): cannot read the file")
            return ExitCode.failure
        }
        do {
            let summary = try storage.write(.region(region)) { db in try store.importTranslations(Array(data), author: nil, in: db) }
            for entry in summary.updated {
                print("saved \(summary.targetLanguage) texts of item \(entry.item) (\(entry.slug)) as version \(entry.version)")
            }
            if summary.updated.isEmpty { print("\(file): nothing to import") }
            return ExitCode.success
        } catch let error as TranslationImportError {
            printProblems(error.problems.map { "\(file): \($0)" } + ["\(file): not imported; nothing was saved"])
            return ExitCode.failure
        } catch {
            printError("\(file): import failed: \(error)")
            return ExitCode.failure
        }
    }
}

/// The options of `teilhabe content …`.
struct ContentOptions {
    var region: String?
    var target: String?
    var source: String?
    var module: String?
    var items: [Int64]?
    var output: String?
    var file: String?

    init(_ arguments: [String], subcommand: String) throws {
        var index = 0
        func value(_ name: String) throws -> String {
            index += 1
            guard index < arguments.count, !arguments[index].hasPrefix("--") else { throw ContentOptionsError("\(name) needs a value") }
            return arguments[index]
        }
        while index < arguments.count {
            let argument = arguments[index]
            switch argument {
            case "--region": region = try value(argument)
            case "--target": target = try value(argument)
            case "--source": source = try value(argument)
            case "--module": module = try value(argument)
            case "--output": output = try value(argument)
            case "--item":
                guard let id = Int64(try value(argument)) else { throw ContentOptionsError("--item needs an item id (a number)") }
                items = (items ?? []) + [id]
            default:
                guard subcommand == "import", !argument.hasPrefix("-"), file == nil else {
                    throw ContentOptionsError("unknown option '\(argument)'")
                }
                file = argument
            }
            index += 1
        }
        if subcommand == "export", target == nil { throw ContentOptionsError("--target is required: the language to translate into") }
    }
}

struct ContentOptionsError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
