import Foundation
import Kernel

/// Exit codes, documented in `Documentation/Operating.md`.
enum ExitCode {
    static let success: Int32 = 0
    /// The command ran and failed: storage unreachable, address in use, backup failed.
    static let failure: Int32 = 1
    /// The command line itself is wrong.
    static let usage: Int32 = 2
    /// Configuration or module problems; the lines printed say what to fix.
    static let invalidConfiguration: Int32 = 3
}

/// A subcommand of `teilhabe`.
protocol Command: Sendable {
    static var name: String { get }
    static var summary: String { get }
    /// Everything after the command's name in `--help` (usage, options, details).
    static var help: String { get }
    static func run(_ arguments: [String], options: GlobalOptions) -> Int32
}

/// Options every command understands.
struct GlobalOptions {
    var configurationDirectory: String
    var environment: [String: String]
}

extension CommandLine {
    static let commands: [any Command.Type] = [
        ServeCommand.self, MigrateCommand.self, ConfigCommand.self, ModulesCommand.self,
        BackupCommand.self, JobsCommand.self, UserCommand.self, PrivacyCommand.self, ContentCommand.self, VersionCommand.self,
    ]

    static var overview: String {
        var text = """
            teilhabe — one server for migrant organisations, learning sites and municipalities.

            USAGE: teilhabe [<command>] [--config <folder>] [<options>]

            COMMANDS:

            """
        for command in commands {
            text += "  \(command.name.padding(toLength: 14, withPad: " ", startingAt: 0))\(command.summary)\n"
        }
        text += """

            With no command, teilhabe serves.

            OPTIONS:
              --config <folder>   Configuration folder (default: $TEILHABE_CONFIG or ./Configuration)
              -h, --help          Show help (also after a command: teilhabe backup --help)

            EXIT CODES:
              0  success
              1  the command failed (storage unreachable, address in use, backup failed)
              2  the command line is wrong
              3  the configuration or the linked modules have problems (each printed as one line)

            """
        return text
    }

    static func run(_ arguments: [String], environment: [String: String]) -> Int32 {
        var remaining = arguments
        var options = GlobalOptions(
            configurationDirectory: environment["TEILHABE_CONFIG"] ?? "Configuration", environment: environment)
        if let index = remaining.firstIndex(of: "--config") {
            guard index + 1 < remaining.count else {
                printError("--config needs a folder")
                return ExitCode.usage
            }
            options.configurationDirectory = remaining[index + 1]
            remaining.removeSubrange(index...index + 1)
        }
        guard let first = remaining.first else {
            return ServeCommand.run([], options: options)
        }
        if first == "-h" || first == "--help" || first == "help" {
            print(overview, terminator: "")
            return ExitCode.success
        }
        if first.hasPrefix("-") {
            return ServeCommand.run(remaining, options: options)
        }
        guard let command = commands.first(where: { $0.name == first }) else {
            printError("unknown command '\(first)'. Run 'teilhabe --help' for the list.")
            return ExitCode.usage
        }
        let rest = Array(remaining.dropFirst())
        if rest.contains("-h") || rest.contains("--help") {
            print("teilhabe \(command.name) — \(command.summary)\n\n\(command.help)", terminator: "")
            return ExitCode.success
        }
        return command.run(rest, options: options)
    }
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data("teilhabe: \(message)\n".utf8))
}

/// Prints every problem on its own line to standard error.
func printProblems(_ problems: [String]) {
    FileHandle.standardError.write(Data(problems.map { $0 + "\n" }.joined().utf8))
}
