import Foundation
import Kernel
import SQLiteStorage
#if canImport(Glibc)
import Glibc
#endif

/// Runs workloads, each against a fresh deployment and server of its own, and prints a table.
struct WorkloadRun {
    let options: BenchmarkOptions

    func run(_ workloads: [Workload]) throws {
        print("teilhabe workloads: \(ProcessInfo.processInfo.activeProcessorCount) cores, \(options.jobWorkers) job workers, server \(options.server)")
        print("")
        var rows = [["workload", "rate", "unit", "detail"]]
        for workload in workloads {
            rows.append([workload.name] + (try workload.run(self)))
        }
        print(Table.render(rows))
    }

    // MARK: - Bookings

    func bookings() throws -> [String] {
        guard let wrk = Executable.find("wrk") else { throw BenchmarkError("wrk is not installed (apt-get install wrk)") }
        let deployment = try BenchmarkDeployment(options: options)
        defer { deployment.remove() }
        try deployment.seed("""
            INSERT INTO kernel_bookables (id, region, owner, reference, title, capacity, confirmed, open_booking, created_at)
            VALUES (1, 'demo', 'benchmark', 'slot:1', 'Benchmark slot', 20, 0, 1, 0)
            """)
        let server = try deployment.startServer()
        defer { server.stop() }
        let script = deployment.directory + "/book.lua"
        try """
            wrk.method = "POST"
            wrk.body = '{"name": "Benchmark Person", "email": "person@example.org"}'
            wrk.headers["Content-Type"] = "application/json"
            """.write(toFile: script, atomically: true, encoding: .utf8)
        let url = "http://127.0.0.1:\(server.port)/api/v1/demo/de/bookables/1/bookings"
        let result = try Executable.run(
            wrk, ["-t\(options.threads)", "-c\(options.connections)", "-d\(options.duration)s", "--latency", "-s", script, url],
            environment: deployment.environment)
        guard result.status == 0 else { throw BenchmarkError("wrk failed: \(result.errors)") }
        let figures = try WrkReport(result.output)
        let requests = result.output.split(separator: "\n").first { $0.contains("requests in") }
            .flatMap { Int($0.trimmingCharacters(in: .whitespaces).split(separator: " ").first ?? "") } ?? 0
        let (confirmed, waitlisted, stored) = try deployment.read { db in
            (try db.scalar(Int.self, "SELECT confirmed FROM kernel_bookables WHERE id = 1") ?? -1,
             try db.scalar(Int.self, "SELECT COUNT(*) FROM kernel_bookings WHERE state = 'waitlisted'") ?? -1,
             try db.scalar(Int.self, "SELECT COUNT(*) FROM kernel_bookings") ?? -1)
        }
        let confirmedRows = try deployment.read { try $0.scalar(Int.self, "SELECT COUNT(*) FROM kernel_bookings WHERE state = 'confirmed'") ?? -1 }
        let exact = confirmed == 20 && confirmedRows == 20 && stored == confirmedRows + waitlisted
        return [
            String(format: "%.0f", figures.requestsPerSecond), "bookings/s",
            "\(options.connections) clients, p50 \(String(format: "%.2f", figures.p50)) ms, p99 \(String(format: "%.2f", figures.p99)) ms, "
                + "\(figures.errors) errors; \(requests) answered, \(stored) stored: \(confirmedRows) confirmed + \(waitlisted) waitlisted "
                + (exact ? "(exact capacity: met)" : "(exact capacity: MISSED)"),
        ]
    }

    // MARK: - Jobs

    func jobs() throws -> [String] {
        let count = 20_000
        let deployment = try BenchmarkDeployment(options: options)
        defer { deployment.remove() }
        let server = try deployment.startServer()
        defer { server.stop() }
        // kernel.send-mail for an outbox entry that does not exist returns at once.
        try deployment.seed("""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < \(count))
            INSERT INTO kernel_jobs (name, region, payload, state, run_at, attempts, created_at, updated_at)
            SELECT 'kernel.send-mail', 'demo', '{"outbox":0}', 'pending', 0, 0, 0, 0 FROM n
            """)
        let seconds = try deployment.waitForCompletion(count: count, what: "jobs", query: """
            SELECT COUNT(*) AS done, MIN(finished_at) AS first, MAX(finished_at) AS last FROM kernel_jobs WHERE state = 'succeeded'
            """)
        return [String(format: "%.0f", Double(count - 1) / seconds), "jobs/s", "\(count) jobs in \(String(format: "%.1f", seconds)) s"]
    }

    // MARK: - Mail

    enum MailTransportChoice { case file, smtp }

    func mail(transport: MailTransportChoice, count: Int) throws -> [String] {
        var extra: [String: String] = ["TEILHABE_MAIL_FROM": "Teilhabe Benchmark <noreply@benchmark.example>"]
        var sink: Process?
        if transport == .smtp {
            let probe = try Executable.run("/usr/bin/env", ["python3", "-c", "import aiosmtpd"], environment: ProcessInfo.processInfo.environment)
            guard probe.status == 0 else { return ["-", "mails/s", "skipped: aiosmtpd is not installed (pip install aiosmtpd)"] }
            let port = try Executable.freePort()
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", "-m", "aiosmtpd", "-n", "-l", "127.0.0.1:\(port)", "-c", "aiosmtpd.handlers.Sink"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            sink = process
            for _ in 0..<100 {
                if let socket = try? Executable.connect(port: port) {
                    close(socket)
                    break
                }
                usleep(50_000)
            }
            extra.merge([
                "TEILHABE_MAIL_TRANSPORT": "smtp", "TEILHABE_SMTP_HOST": "127.0.0.1", "TEILHABE_SMTP_PORT": String(port),
                "TEILHABE_SMTP_STARTTLS": "off", "TEILHABE_SMTP_RATE": "100000",
            ]) { $1 }
        }
        defer {
            if let sink, sink.isRunning {
                sink.terminate()
                sink.waitUntilExit()
            }
        }
        let deployment = try BenchmarkDeployment(options: options, environment: extra)
        defer { deployment.remove() }
        let server = try deployment.startServer()
        defer { server.stop() }
        let message = #"{"to":{"email":"person@example.org","name":"Ayşe Yılmaz"},"subject":"Ihre Buchung ist bestätigt","text":"Hallo,\nIhre Buchung ist bestätigt.\n","html":"<p>Hallo,</p><p>Ihre Buchung ist bestätigt.</p>","attachments":[]}"#
        try deployment.seed("""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < \(count))
            INSERT INTO kernel_mail_outbox (id, region, recipient, subject, message, message_id, bulk, state, attempts, created_at)
            SELECT i, 'demo', 'person@example.org', 'Ihre Buchung ist bestätigt', '\(message)', '<bench-' || i || '@benchmark.example>', 0, 'queued', 0, 0 FROM n;
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < \(count))
            INSERT INTO kernel_jobs (name, region, payload, state, run_at, attempts, idempotency_key, created_at, updated_at)
            SELECT 'kernel.send-mail', 'demo', '{"outbox":' || i || '}', 'pending', 0, 0, 'mail:' || i, 0, 0 FROM n
            """)
        let seconds = try deployment.waitForCompletion(count: count, what: "mails", query: """
            SELECT COUNT(*) AS done, MIN(sent_at) AS first, MAX(sent_at) AS last FROM kernel_mail_outbox WHERE state = 'sent'
            """)
        let detail = transport == .smtp ? "to aiosmtpd on loopback, one SMTP connection per mail" : ".eml files in the data directory"
        return [String(format: "%.0f", Double(count - 1) / seconds), "mails/s", "\(count) mails in \(String(format: "%.1f", seconds)) s, \(detail)"]
    }
}

/// A throwaway data directory with a migrated database and a `teilhabe serve` process.
final class BenchmarkDeployment {
    let directory: String
    let environment: [String: String]
    let options: BenchmarkOptions
    let port: Int

    init(options: BenchmarkOptions, environment extra: [String: String] = [:]) throws {
        self.options = options
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("teilhabe-workload-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory + "/data", withIntermediateDirectories: true)
        port = try Executable.freePort()
        environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("TEILHABE_") }.merging([
            "TEILHABE_CONFIG": options.configuration,
            "TEILHABE_DATA": directory + "/data",
            "TEILHABE_STORAGE": "sqlite:\(directory)/data/teilhabe.sqlite",
            "TEILHABE_LISTEN": "127.0.0.1:\(port)",
            "TEILHABE_JOB_WORKERS": String(options.jobWorkers),
            "TEILHABE_LOG_LEVEL": "warning",
        ].merging(extra) { $1 }) { $1 }
        let migrate = try Executable.run(options.server, ["migrate"], environment: environment)
        guard migrate.status == 0 else { throw BenchmarkError("teilhabe migrate failed: \(migrate.errors)") }
    }

    var databasePath: String { directory + "/data/teilhabe.sqlite" }

    /// Runs SQL on the database (also while the server runs: another connection, WAL).
    func seed(_ sql: String) throws {
        let storage = try SQLiteStorage(path: databasePath)
        defer { storage.close() }
        try storage.write { try $0.executeScript(sql) }
    }

    func read<T>(_ body: (any DatabaseConnection) throws -> T) throws -> T {
        let storage = try SQLiteStorage(path: databasePath)
        defer { storage.close() }
        return try storage.read(body)
    }

    /// Waits until `query` (columns done, first, last in milliseconds) reports `count` done,
    /// and returns the seconds between the first and the last completion.
    func waitForCompletion(count: Int, what: String, query: String) throws -> Double {
        let deadline = Date().addingTimeInterval(600)
        while Date() < deadline {
            let row = try read { try $0.query(SQL(query)).first }
            if let row, try row.get("done", as: Int.self) >= count {
                let first: Int64 = try row.get("first")
                let last: Int64 = try row.get("last")
                return max(Double(last - first) / 1000, 0.001)
            }
            usleep(200_000)
        }
        throw BenchmarkError("not all \(count) \(what) finished within 10 minutes")
    }

    func startServer() throws -> RunningServer {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: options.server)
        process.arguments = ["serve", "--no-migrate"]
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.standardError
        try process.run()
        for _ in 0..<200 {
            if !process.isRunning { throw BenchmarkError("the server exited with \(process.terminationStatus)") }
            if let socket = try? Executable.connect(port: port) {
                close(socket)
                return RunningServer(process: process, port: port)
            }
            usleep(50_000)
        }
        process.terminate()
        throw BenchmarkError("the server did not start listening on port \(port)")
    }

    func remove() { try? FileManager.default.removeItem(atPath: directory) }

    struct RunningServer {
        let process: Process
        let port: Int

        func stop() {
            guard process.isRunning else { return }
            process.terminate()
            process.waitUntilExit()
        }
    }
}
