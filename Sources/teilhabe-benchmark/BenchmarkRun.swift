import Foundation
import Kernel
import SQLiteStorage
#if canImport(Glibc)
import Glibc
#endif

/// Prepares a throwaway deployment, starts the server, runs every scenario and prints a table.
struct BenchmarkRun {
    let options: BenchmarkOptions

    func run() throws {
        guard let wrk = Executable.find("wrk") else { throw BenchmarkError("wrk is not installed (apt-get install wrk)") }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("teilhabe-benchmark-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory + "/data", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let port = try Executable.freePort()
        let environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("TEILHABE_") }.merging([
            "TEILHABE_CONFIG": options.configuration,
            "TEILHABE_DATA": directory + "/data",
            "TEILHABE_STORAGE": "sqlite:\(directory)/data/teilhabe.sqlite",
            "TEILHABE_LISTEN": "127.0.0.1:\(port)",
        ]) { $1 }

        let migrate = try Executable.run(options.server, ["migrate"], environment: environment)
        guard migrate.status == 0 else { throw BenchmarkError("teilhabe migrate failed: \(migrate.errors)") }
        let storage = try SQLiteStorage(path: directory + "/data/teilhabe.sqlite")
        try storage.write { db in
            for statement in options.scenarios.flatMap(\.seed) { try db.executeScript(statement) }
        }
        let needsSession = options.scenarios.contains { $0.signedIn }
        if needsSession { try BenchmarkAccount.create(in: storage) }
        storage.close()
        if let workshops = options.scenarios.map(\.seededWorkshops).max(), workshops > 0 {
            try WorkshopSeed(configuration: options.configuration, databasePath: directory + "/data/teilhabe.sqlite").seed(count: workshops, capacity: 20)
        }
        if let stories = options.scenarios.map(\.seededStories).max(), stories > 0 {
            try StorySeed(configuration: options.configuration, databasePath: directory + "/data/teilhabe.sqlite").seed(count: stories)
        }

        let server = Process()
        server.executableURL = URL(fileURLWithPath: options.server)
        server.arguments = ["serve", "--no-migrate"]
        server.environment = environment
        server.standardOutput = FileHandle.nullDevice  // one JSON line per request still gets written
        server.standardError = FileHandle.standardError
        try server.run()
        defer {
            if server.isRunning {
                server.terminate()
                server.waitUntilExit()
            }
        }
        try waitUntilServing(port: port, server: server)
        let cookie = needsSession ? try BenchmarkAccount.signIn(port: port) : nil

        print("teilhabe benchmark: \(ProcessInfo.processInfo.activeProcessorCount) cores, wrk -t\(options.threads) -c\(options.connections) -d\(options.duration)s, server \(options.server)")
        print("")
        var rows: [[String]] = [["scenario", "requests/s", "p50 ms", "p90 ms", "p99 ms", "errors", "target", "result"]]
        for scenario in options.scenarios {
            let url = "http://127.0.0.1:\(port)\(scenario.path)"
            let headers = scenario.signedIn ? ["-H", "Cookie: \(cookie ?? "")"] : []
            _ = try Executable.run(wrk, ["-t1", "-c\(options.connections)", "-d2s"] + headers + [url], environment: environment)  // warm-up
            let result = try Executable.run(
                wrk, ["-t\(options.threads)", "-c\(options.connections)", "-d\(options.duration)s", "--latency"] + headers + [url],
                environment: environment)
            guard result.status == 0 else { throw BenchmarkError("wrk failed: \(result.errors)") }
            let figures = try WrkReport(result.output)
            var target = "none (for comparison)"
            var verdict = figures.errors == 0 ? "-" : "ERRORS"
            if let requests = scenario.targetRequestsPerSecond, let p99 = scenario.targetP99Milliseconds {
                target = "≥ \(Int(requests)) req/s, p99 < \(Int(p99)) ms"
                verdict = figures.requestsPerSecond >= requests && figures.p99 <= p99 && figures.errors == 0 ? "met" : "MISSED"
            }
            rows.append([
                scenario.name, String(format: "%.0f", figures.requestsPerSecond), String(format: "%.2f", figures.p50),
                String(format: "%.2f", figures.p90), String(format: "%.2f", figures.p99), String(figures.errors), target, verdict,
            ])
        }
        let memory = ProcessMemory(pid: server.processIdentifier)
        print(Table.render(rows))
        print("")
        print(String(format: "server memory after the runs: resident %.1f MB (peak %.1f MB); target < 30 MB: %@",
                     memory.residentMB, memory.peakMB, memory.residentMB < 30 ? "met" : "MISSED"))
        server.terminate()
        server.waitUntilExit()
        print("server exit status after SIGTERM: \(server.terminationStatus)")
        print(BenchmarkAccount.passwordHashTiming())
    }

    private func waitUntilServing(port: Int, server: Process) throws {
        for _ in 0..<200 {
            if !server.isRunning { throw BenchmarkError("the server exited with \(server.terminationStatus)") }
            if let socket = try? Executable.connect(port: port) {
                close(socket)
                return
            }
            usleep(50_000)
        }
        throw BenchmarkError("the server did not start listening on port \(port)")
    }
}

/// The figures wrk prints with `--latency`.
struct WrkReport {
    var requestsPerSecond: Double = 0
    var p50: Double = 0
    var p90: Double = 0
    var p99: Double = 0
    var errors = 0

    init(_ output: String) throws {
        for line in output.split(separator: "\n").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            if line.hasPrefix("Requests/sec:"), let value = fields.last.flatMap(Double.init) {
                requestsPerSecond = value
            } else if fields.count == 2, let milliseconds = WrkReport.milliseconds(fields[1]) {
                switch fields[0] {
                case "50%": p50 = milliseconds
                case "90%": p90 = milliseconds
                case "99%": p99 = milliseconds
                default: break
                }
            } else if line.hasPrefix("Socket errors:") {
                // Socket errors: connect 0, read 0, write 0, timeout 0
                errors += line.split(separator: ",").compactMap { $0.split(separator: " ").last.flatMap { Int($0) } }.reduce(0, +)
            } else if line.hasPrefix("Non-2xx or 3xx responses:"), let value = fields.last.flatMap(Int.init) {
                errors += value
            }
        }
        guard requestsPerSecond > 0 else { throw BenchmarkError("could not read wrk's output:\n\(output)") }
    }

    /// `250.00us`, `1.20ms`, `2.00s` in milliseconds.
    static func milliseconds(_ text: String) -> Double? {
        for (suffix, factor) in [("us", 0.001), ("ms", 1.0), ("s", 1000.0)] where text.hasSuffix(suffix) {
            return Double(text.dropLast(suffix.count)).map { $0 * factor }
        }
        return nil
    }
}

/// Resident and peak memory from /proc/<pid>/status.
struct ProcessMemory {
    var residentMB = 0.0
    var peakMB = 0.0

    init(pid: Int32) {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return }
        for line in status.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 2, let kilobytes = Double(fields[1]) else { continue }
            if line.hasPrefix("VmRSS:") { residentMB = kilobytes / 1024 }
            if line.hasPrefix("VmHWM:") { peakMB = kilobytes / 1024 }
        }
    }
}

enum Table {
    static func render(_ rows: [[String]]) -> String {
        let widths = (0..<(rows.first?.count ?? 0)).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.enumerated().map { index, row in
            let line = zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
            return index == 0 ? line + "\n" + widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") : line
        }.joined(separator: "\n")
    }
}
