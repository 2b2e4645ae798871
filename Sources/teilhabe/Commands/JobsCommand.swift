import Foundation
import Kernel

struct JobsCommand: Command {
    static let name = "jobs"
    static let summary = "List, retry or purge background jobs"
    static let help = """
        USAGE: teilhabe jobs list [--state pending|running|succeeded|dead] [--limit <n>]
               teilhabe jobs retry <id>
               teilhabe jobs purge [--dead] [--older-than <age>]

        list    Prints jobs newest first (default 50): id, state, name, region, attempts,
                when it runs (or ran), and the last error. Ends with counts by state.
        retry   Makes a dead or waiting job due now with a fresh set of attempts. A
                running or succeeded job is refused.
        purge   Deletes succeeded jobs that finished longer ago than <age> (default 7d);
                with --dead also dead ones. Ages: 90m, 12h, 7d, 3600s.

        Safe while the server runs: it reads and writes the same database.

        """

    static func run(_ arguments: [String], options: GlobalOptions) -> Int32 {
        guard let subcommand = arguments.first, ["list", "retry", "purge"].contains(subcommand) else {
            printError("jobs: expected 'list', 'retry <id>' or 'purge' (see teilhabe jobs --help)")
            return ExitCode.usage
        }
        let rest = Array(arguments.dropFirst())
        guard let (_, configuration) = Composition.load(options) else { return ExitCode.invalidConfiguration }
        guard let storage = CommandStorage.openWithoutMigrating(configuration, command: "jobs \(subcommand)") else { return ExitCode.failure }
        defer { storage.close() }
        switch subcommand {
        case "list": return list(rest, storage: storage)
        case "retry": return retry(rest, storage: storage)
        default: return purge(rest, storage: storage)
        }
    }

    private static func list(_ arguments: [String], storage: any Storage) -> Int32 {
        var state: JobState?
        var limit = 50
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            guard index + 1 < arguments.count else {
                printError("jobs list: \(argument) needs a value")
                return ExitCode.usage
            }
            let value = arguments[index + 1]
            switch argument {
            case "--state":
                guard let parsed = JobState(rawValue: value) else {
                    printError("jobs list: --state '\(value)' is not one of \(JobState.allCases.map(\.rawValue).joined(separator: ", "))")
                    return ExitCode.usage
                }
                state = parsed
            case "--limit":
                guard let parsed = Int(value), parsed > 0 else {
                    printError("jobs list: --limit needs a positive number")
                    return ExitCode.usage
                }
                limit = parsed
            default:
                printError("jobs list: unknown option '\(argument)'")
                return ExitCode.usage
            }
            index += 2
        }
        do {
            let (jobs, counts) = try storage.read { db in
                (try JobAdministration.list(state: state, limit: limit, in: db), try JobAdministration.counts(in: db))
            }
            var rows = [["id", "state", "name", "region", "attempts", "runs at / finished", "last error"]]
            for job in jobs {
                let time = job.finishedAt ?? job.runAt
                let error = job.lastError.map { String($0.replacingOccurrences(of: "\n", with: " ").prefix(70)) } ?? ""
                rows.append([
                    String(job.id), job.state.rawValue, job.name, job.region ?? "-", String(job.attempts),
                    Timestamp.iso8601(time), error,
                ])
            }
            print(table(rows))
            print("\n" + JobState.allCases.map { "\($0.rawValue): \(counts[$0] ?? 0)" }.joined(separator: "  "))
            return ExitCode.success
        } catch {
            printError("jobs list: \(error)")
            return ExitCode.failure
        }
    }

    private static func retry(_ arguments: [String], storage: any Storage) -> Int32 {
        guard arguments.count == 1, let id = Int64(arguments[0]) else {
            printError("jobs retry: expected 'teilhabe jobs retry <id>' with a job id from 'teilhabe jobs list'")
            return ExitCode.usage
        }
        do {
            let job = try storage.write { try JobAdministration.retry(id, now: Date(), in: $0) }
            print("job \(job.id) (\(job.name)) is due now with a fresh set of attempts")
            return ExitCode.success
        } catch let error as JobAdministration.RetryError {
            printError("jobs retry: \(error)")
            return ExitCode.failure
        } catch {
            printError("jobs retry: \(error)")
            return ExitCode.failure
        }
    }

    private static func purge(_ arguments: [String], storage: any Storage) -> Int32 {
        var includingDead = false
        var age: TimeInterval = 7 * 86_400
        var ageText = "7d"
        var index = 0
        while index < arguments.count {
            switch arguments[index] {
            case "--dead":
                includingDead = true
                index += 1
            case "--older-than":
                guard index + 1 < arguments.count, let parsed = parseAge(arguments[index + 1]) else {
                    printError("jobs purge: --older-than needs an age like 90m, 12h, 7d or 3600s")
                    return ExitCode.usage
                }
                age = parsed
                ageText = arguments[index + 1]
                index += 2
            default:
                printError("jobs purge: unknown option '\(arguments[index])'")
                return ExitCode.usage
            }
        }
        do {
            let removed = try storage.write { db in
                try JobAdministration.purge(finishedBefore: Date().addingTimeInterval(-age), includingDead: includingDead, in: db)
            }
            print("purged \(removed) \(includingDead ? "succeeded and dead" : "succeeded") jobs that finished more than \(ageText) ago")
            return ExitCode.success
        } catch {
            printError("jobs purge: \(error)")
            return ExitCode.failure
        }
    }

    /// `90m`, `12h`, `7d`, `3600s` in seconds.
    static func parseAge(_ text: String) -> TimeInterval? {
        guard let unit = text.last, let number = Double(text.dropLast()), number >= 0 else { return nil }
        switch unit {
        case "s": return number
        case "m": return number * 60
        case "h": return number * 3600
        case "d": return number * 86_400
        default: return nil
        }
    }

    private static func table(_ rows: [[String]]) -> String {
        let widths = (0..<(rows.first?.count ?? 0)).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
                .trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n")
    }
}
