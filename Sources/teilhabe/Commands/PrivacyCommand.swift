import Foundation
import Kernel

struct PrivacyCommand: Command {
    static let name = "privacy"
    static let summary = "Export or erase one person's data (privacy export|erase <email>)"
    static let help = """
        USAGE: teilhabe privacy export <email> [--output <file>]
               teilhabe privacy erase <email> --yes

        export writes everything the server holds on the person with <email> (their account,
        memberships, sessions, API tokens, administrative actions, and what every module holds)
        to one JSON file, readable only by its owner (mode 0600). Without --output the file is
        privacy-export-<date>-<id>.json in the current folder.

        erase deletes the person's account and asks every module to erase or anonymise what it
        holds on them, in one transaction; counts (how many people came to a workshop) stay.
        The audit log records that an erasure happened, not whose. It needs --yes.

        People can do both themselves from their account page.

        """

    static func run(_ arguments: [String], options: GlobalOptions) -> Int32 {
        guard let verb = arguments.first, ["export", "erase"].contains(verb) else {
            printError("privacy: expected 'teilhabe privacy export <email>' or 'teilhabe privacy erase <email> --yes'")
            return ExitCode.usage
        }
        let parsed: CommandOptions
        do {
            parsed = try CommandOptions(Array(arguments.dropFirst()), valued: ["--output"], flags: ["--yes"])
        } catch {
            printError("privacy \(verb): \(error)")
            return ExitCode.usage
        }
        guard parsed.positional.count == 1, let text = parsed.positional.first else {
            printError("privacy \(verb): give exactly one e-mail address")
            return ExitCode.usage
        }
        let email: EmailAddress
        do {
            email = try EmailAddress(text)
        } catch {
            printError("privacy \(verb): '\(text)': \(error)")
            return ExitCode.usage
        }
        if verb == "erase", !parsed.flags.contains("--yes") {
            printError("privacy erase: this deletes \(email)'s account and data for good; run again with --yes")
            return ExitCode.usage
        }
        guard let (registry, configuration) = Composition.load(options) else { return ExitCode.invalidConfiguration }
        guard let storage = CommandStorage.open(registry, configuration, command: "privacy \(verb)") else { return ExitCode.failure }
        defer { storage.close() }
        let privacy = PrivacyService(storage: storage, registry: registry, clock: SystemTime())
        do {
            if verb == "export" {
                let document = try privacy.export(email)
                let stamp = Timestamp.iso8601(Date()).prefix(10)
                let path = parsed.values["--output"] ?? "privacy-export-\(stamp)-\(UUID().uuidString.prefix(8).lowercased()).json"
                guard FileManager.default.createFile(atPath: path, contents: Data(document.encoded()), attributes: [.posixPermissions: 0o600]) else {
                    printError("privacy export: cannot write \(path)")
                    return ExitCode.failure
                }
                let modules = document["modules"]?.objectValue?.keys.sorted() ?? []
                let hasAccount = document["kernel"]?["identity"]?["account"].map { $0 != .null } ?? false
                print("wrote \(path): \(hasAccount ? "account" : "no account") and data of \(modules.count) module\(modules.count == 1 ? "" : "s")\(modules.isEmpty ? "" : " (\(modules.joined(separator: ", ")))")")
            } else {
                let report = try privacy.erase(email, actor: .commandLine)
                let total = report.total
                print("erased \(email): \(report.hadAccount ? "account deleted" : "no account"); \(total.erased) rows erased, \(total.anonymised) anonymised")
            }
            return ExitCode.success
        } catch {
            printError("privacy \(verb): \(error)")
            return ExitCode.failure
        }
    }
}
