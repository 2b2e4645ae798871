import Foundation

/// One row of the job table, as operators see it.
public struct JobRecord: Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var region: String?
    public var state: JobState
    public var runAt: Date
    public var attempts: Int
    public var lastError: String?
    public var createdAt: Date
    public var finishedAt: Date?
    public var payload: String
}

public enum JobState: String, Sendable, CaseIterable, Codable {
    /// Waiting for its run time or a free worker (also between retries).
    case pending
    /// Claimed by an instance; runs until it finishes, fails, or its lease expires.
    case running
    case succeeded
    /// Failed on its last attempt; stays until an operator retries or purges it.
    case dead
}

/// What operators do with jobs (`teilhabe jobs`, metrics): list, count, retry, purge.
public enum JobAdministration {
    /// Jobs newest first, optionally of one state.
    public static func list(state: JobState?, limit: Int, in db: any DatabaseConnection) throws -> [JobRecord] {
        let filter: SQL = state.map { "WHERE state = \($0.rawValue)" } ?? ""
        return try db.query("""
            SELECT id, name, region, state, run_at, attempts, last_error, created_at, finished_at, payload
            FROM kernel_jobs \(filter) ORDER BY id DESC LIMIT \(limit)
            """).map(record)
    }

    public static func job(_ id: Int64, in db: any DatabaseConnection) throws -> JobRecord? {
        try db.query("""
            SELECT id, name, region, state, run_at, attempts, last_error, created_at, finished_at, payload
            FROM kernel_jobs WHERE id = \(id)
            """).first.map(record)
    }

    private static func record(_ row: Row) throws -> JobRecord {
        let stateText: String = try row.get("state")
        return JobRecord(
            id: try row.get("id"), name: try row.get("name"), region: try row.get("region"),
            state: JobState(rawValue: stateText) ?? .pending, runAt: try row.get("run_at"),
            attempts: try row.get("attempts"), lastError: try row.get("last_error"),
            createdAt: try row.get("created_at"), finishedAt: try row.get("finished_at"),
            payload: try row.get("payload"))
    }

    /// Job counts by state (every state present, zero when none).
    public static func counts(in db: any DatabaseConnection) throws -> [JobState: Int] {
        var counts = Dictionary(uniqueKeysWithValues: JobState.allCases.map { ($0, 0) })
        for row in try db.query("SELECT state, COUNT(*) AS n FROM kernel_jobs GROUP BY state") {
            if let state = JobState(rawValue: try row.get("state")) { counts[state] = try row.get("n") }
        }
        return counts
    }

    /// Why a retry was refused.
    public enum RetryError: Error, Sendable, Equatable, CustomStringConvertible {
        case notFound(Int64)
        case running(Int64)
        case succeeded(Int64)

        public var description: String {
            switch self {
            case .notFound(let id): "there is no job \(id)"
            case .running(let id): "job \(id) is running now; wait for it to finish or fail"
            case .succeeded(let id): "job \(id) has already succeeded"
            }
        }
    }

    /// Makes a dead (or waiting) job due now with a fresh set of attempts.
    public static func retry(_ id: Int64, now: Date, in db: any DatabaseTransaction) throws -> JobRecord {
        guard let job = try job(id, in: db) else { throw RetryError.notFound(id) }
        switch job.state {
        case .running: throw RetryError.running(id)
        case .succeeded: throw RetryError.succeeded(id)
        case .pending, .dead:
            try db.execute("""
                UPDATE kernel_jobs SET state = 'pending', run_at = \(now), attempts = 0, lease_token = NULL,
                    lease_until = NULL, finished_at = NULL, updated_at = \(now)
                WHERE id = \(id) AND state IN ('pending', 'dead')
                """)
            return try self.job(id, in: db) ?? job
        }
    }

    /// Deletes succeeded jobs (and dead ones when asked) that finished before `cutoff`.
    /// Returns how many it deleted.
    public static func purge(finishedBefore cutoff: Date, includingDead: Bool, in db: any DatabaseTransaction) throws -> Int {
        let states = includingDead ? ["succeeded", "dead"] : ["succeeded"]
        return try db.execute("DELETE FROM kernel_jobs WHERE state IN (\(list: states)) AND finished_at < \(cutoff)")
    }
}
