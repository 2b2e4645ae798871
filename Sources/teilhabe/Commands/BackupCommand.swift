import Kernel

struct BackupCommand: Command {
    static let name = "backup"
    static let summary = "Write a consistent copy of the database (safe while serving)"
    static let help = """
        USAGE: teilhabe backup <file>

        Copies the database to <file> with SQLite's online backup, page by page, so the
        running server keeps answering. The copy is written beside <file> and renamed into
        place when complete; an existing <file> is replaced.

        """

    static func run(_ arguments: [String], options: GlobalOptions) -> Int32 {
        guard arguments.count == 1, let destination = arguments.first, !destination.hasPrefix("-") else {
            printError("backup: expected 'teilhabe backup <file>'")
            return ExitCode.usage
        }
        guard let (_, configuration) = Composition.load(options) else { return ExitCode.invalidConfiguration }
        do {
            let storage = try Composition.openStorage(configuration.server)
            defer { storage.close() }
            try storage.backup(to: destination)
            print("backup written to \(destination)")
            return ExitCode.success
        } catch {
            printError("backup to \(destination) failed: \(error)")
            return ExitCode.failure
        }
    }
}
