import Foundation
import HTTP
import Kernel
import SQLiteStorage
import Synchronization
import TeilhabeTesting
#if canImport(Glibc)
import Glibc
#endif

/// Waits until `condition` holds, checking every 20 ms for up to `seconds` (generous, for a
/// loaded CI machine). Returns whether it held.
@discardableResult
func eventually(seconds: Double = 30, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try condition() { return true }
        usleep(20_000)
    }
    return try condition()
}

/// Gates that a test opens to let a blocked job handler finish.
enum Gates {
    private static let open = Mutex<Set<String>>([])
    static func release(_ name: String) { open.withLock { _ = $0.insert(name) } }
    /// Blocks until the gate opens (at most a minute).
    static func wait(_ name: String) {
        for _ in 0..<3000 {
            if open.withLock({ $0.contains(name) }) { return }
            usleep(20_000)
        }
    }
}

struct ChoreFailure: Error, CustomStringConvertible {
    var description: String
}

/// A module whose jobs record every run in its own table, so tests read outcomes from SQLite.
struct ChoresModule: Module {
    static let manifest = ModuleManifest(
        id: "chores", version: "1.0.0", kernel: "0.1.0"..<"0.2.0",
        migrations: [
            Migration("001-runs", sql: """
                CREATE TABLE chores_runs (id INTEGER PRIMARY KEY, job TEXT NOT NULL, note TEXT NOT NULL,
                    attempt INTEGER NOT NULL, region TEXT, scheduled_for BIGINT NOT NULL)
                """),
        ],
        routes: [
            .api(.post, "/chores", access: .public, summary: "Enqueue a chore in the request's transaction") { request, context in
                struct Input: Decodable { var job: String; var note: String; var key: String?; var fail: Bool? }
                let input = try request.decodeJSON(Input.self)
                try context.write { db in
                    try context.services.jobs.enqueue(
                        input.job, payload: ["note": .string(input.note)], idempotencyKey: input.key, in: db)
                    if input.fail == true { throw HTTPError.conflict("refused after enqueueing") }
                }
                return try .json(["queued": true], status: .accepted)
            },
        ],
        jobs: [
            JobDeclaration("chores.record", summary: "Record a run", handler: record),
            JobDeclaration("chores.flaky", summary: "Fail until the third attempt", maxAttempts: 5) { context in
                guard context.attempt >= 3 else { throw ChoreFailure(description: "not yet (attempt \(context.attempt))") }
                try record(context)
            },
            JobDeclaration("chores.broken", summary: "Always fail", maxAttempts: 3) { _ in
                throw ChoreFailure(description: "broken on purpose")
            },
            JobDeclaration("chores.slow", summary: "Wait for a gate past the timeout", maxAttempts: 1, timeout: .milliseconds(300)) { context in
                Gates.wait(context.payload["note"]?.stringValue ?? "")
                try record(context)
            },
        ])

    @Sendable static func record(_ context: JobContext) throws {
        try context.write { db in
            _ = try db.execute("""
                INSERT INTO chores_runs (job, note, attempt, region, scheduled_for)
                VALUES (\(context.job), \(context.payload["note"]?.stringValue ?? ""), \(context.attempt), \(context.region),
                        \(context.scheduledFor))
                """)
        }
    }
}

/// A module with one periodic job, every second.
struct TickModule: Module {
    static let manifest = ModuleManifest(
        id: "tick", version: "1.0.0", kernel: "0.1.0"..<"0.2.0",
        migrations: [
            Migration("001-ticks", sql: "CREATE TABLE tick_runs (id INTEGER PRIMARY KEY, region TEXT, scheduled_for BIGINT NOT NULL)"),
        ],
        jobs: [
            JobDeclaration("tick.every-second", summary: "Record each planned run", schedule: .every(.seconds(1))) { context in
                try context.write { db in
                    _ = try db.execute("INSERT INTO tick_runs (region, scheduled_for) VALUES (\(context.region), \(context.scheduledFor))")
                }
            },
        ])
}

/// Fast job settings for tests: short polls and retries.
let fastJobs: JSONValue = ["workers": 2, "pollMilliseconds": 50, "retryBaseMilliseconds": 20, "retryMaxMilliseconds": 200, "leaseMarginMilliseconds": 200]

extension TestServer {
    /// The state, attempts and last error of job `id`.
    func job(_ id: Int64) throws -> JobRecord? {
        try storage.read { try JobAdministration.job(id, in: $0) }
    }

    /// Ids of jobs named `name`, oldest first.
    func jobIDs(named name: String) throws -> [Int64] {
        try storage.read { db in try db.query("SELECT id FROM kernel_jobs WHERE name = \(name) ORDER BY id").map { try $0.get("id") } }
    }

    func choreRuns(_ job: String) throws -> [(note: String, attempt: Int)] {
        try storage.read { db in
            try db.query("SELECT note, attempt FROM chores_runs WHERE job = \(job) ORDER BY id").map {
                (try $0.get("note"), try $0.get("attempt"))
            }
        }
    }

    /// Enqueues `job` in a transaction of its own in region `demo`.
    func enqueue(_ job: String, note: String, key: String? = nil, runAt: Date = .distantPast) throws {
        try storage.write(.region("demo")) { db in
            try application.services.jobs.enqueue(
                job, payload: ["note": .string(note)], region: "demo", runAt: runAt, idempotencyKey: key, in: db)
        }
    }
}
