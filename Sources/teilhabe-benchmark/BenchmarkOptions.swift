import Foundation

struct BenchmarkOptions {
    static let usage = """
        USAGE: teilhabe-benchmark --server <teilhabe binary> --configuration <folder>
                                  [--duration <seconds>] [--connections <n>] [--threads <n>]
                                  [--job-workers <n>] [scenario|workload…]

        Scenarios (default: all scenarios and all workloads):
        \(listing(Scenario.all.map { ($0.name, $0.summary) }))

        Workloads (each on a fresh server):
        \(listing(Workload.all.map { ($0.name, $0.summary) }))

        Needs wrk (apt-get install wrk); mail-smtp needs aiosmtpd (pip install aiosmtpd).

        """

    /// Names in a column as wide as the longest, then what each does.
    static func listing(_ entries: [(name: String, summary: String)]) -> String {
        let width = (entries.map(\.name.count).max() ?? 0) + 2
        return entries.map { "  " + $0.name.padding(toLength: width, withPad: " ", startingAt: 0) + $0.summary }.joined(separator: "\n")
    }

    var server = ""
    var configuration = ""
    var duration = 10
    var connections = 64
    var threads = 1
    var scenarios: [Scenario] = Scenario.all
    var workloads: [Workload] = Workload.all
    var jobWorkers = 2

    static func parse(_ arguments: [String]) throws -> BenchmarkOptions {
        var options = BenchmarkOptions()
        var chosen: [Scenario] = []
        var chosenWorkloads: [Workload] = []
        var index = 0
        func value(_ name: String) throws -> String {
            index += 1
            guard index < arguments.count else { throw BenchmarkError("\(name) needs a value") }
            return arguments[index]
        }
        while index < arguments.count {
            let argument = arguments[index]
            switch argument {
            case "--server": options.server = try value(argument)
            case "--configuration": options.configuration = try value(argument)
            case "--duration": options.duration = try Int(value(argument)).orThrow("--duration needs whole seconds")
            case "--connections": options.connections = try Int(value(argument)).orThrow("--connections needs a number")
            case "--threads": options.threads = try Int(value(argument)).orThrow("--threads needs a number")
            case "--job-workers": options.jobWorkers = try Int(value(argument)).orThrow("--job-workers needs a number")
            default:
                if let workload = Workload.all.first(where: { $0.name == argument }) {
                    chosenWorkloads.append(workload)
                    break
                }
                guard let scenario = Scenario.all.first(where: { $0.name == argument }) else {
                    throw BenchmarkError("unknown scenario or option '\(argument)'")
                }
                chosen.append(scenario)
            }
            index += 1
        }
        guard !options.server.isEmpty, !options.configuration.isEmpty else {
            throw BenchmarkError("--server and --configuration are required")
        }
        if !chosen.isEmpty || !chosenWorkloads.isEmpty {
            options.scenarios = chosen
            options.workloads = chosenWorkloads
        }
        return options
    }
}

struct BenchmarkError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension Optional {
    func orThrow(_ message: String) throws -> Wrapped {
        guard let self else { throw BenchmarkError(message) }
        return self
    }
}
