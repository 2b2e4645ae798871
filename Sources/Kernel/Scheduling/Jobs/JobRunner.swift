import Foundation
import HTTP
import Synchronization

/// Runs the jobs of `kernel_jobs` on its own bounded pool of threads, separate from request
/// handling. One dispatcher thread plans periodic jobs, claims due jobs for free workers,
/// and watches deadlines; workers run handlers and record the outcome.
///
/// Claims are atomic (`UPDATE … WHERE state = 'pending'`) and carry a lease: several
/// instances can share one database without running a job twice at once, and a job whose
/// instance stopped mid-run is claimed again once its lease (timeout + margin) expires.
///
/// A job that throws is retried after an exponential backoff with jitter, and moves to the
/// dead-letter state after its declaration's `maxAttempts`. A job that overruns its timeout
/// is counted failed and retried the same way; its thread cannot be killed, so it keeps its
/// worker until the handler returns (the other workers go on). If it does finish later
/// successfully before its retry started, the success is recorded and the retry dropped.
public final class JobRunner: Sendable {
    struct Running: Sendable {
        var name: String
        var token: String
        var deadline: ContinuousClock.Instant
        var timeout: Duration
        var overran = false
    }

    private struct State: Sendable {
        var running: [Int64: Running] = [:]
        var stopping = false
        var lastPlanning: ContinuousClock.Instant?
        var lastRefresh: ContinuousClock.Instant?
        var counts: [JobState: Int] = [:]
    }

    /// Totals since start, for metrics.
    final class Totals: Sendable {
        let succeeded = Counter()
        let failed = Counter()
        let dead = Counter()
        let timedOut = Counter()
    }

    private let services: KernelServices
    private let declarations: [String: JobDeclaration]
    private let periodic: [PeriodicTask]
    private let settings: JobSettings
    private let retry: RetryPolicy
    private let wake: WakeSignal
    private let pool: WorkerPool?
    private let state = Mutex(State())
    private let dispatcherFinished = DispatchSemaphore(value: 0)
    private let refreshers: Mutex<[@Sendable () -> Void]> = Mutex([])
    let totals = Totals()

    /// - Parameters:
    ///   - queue: the queue whose enqueues wake this runner.
    ///   - periodic: the periodic tasks to plan (see `PeriodicTask.all`).
    init(queue: DatabaseJobQueue, periodic: [PeriodicTask], services: KernelServices, settings: JobSettings) {
        self.services = services
        self.declarations = queue.declarations
        self.periodic = periodic
        self.settings = settings
        self.retry = RetryPolicy(base: settings.retryBase, maximum: settings.retryMax)
        self.wake = queue.wake
        pool = settings.workers > 0 ? WorkerPool(threads: settings.workers, queueLimit: settings.workers * 2, name: "jobs") : nil
    }

    /// Starts the dispatcher. Without workers (`jobs.workers: 0`) nothing starts.
    func start() {
        guard pool != nil else { return }
        ThreadLauncher.start(name: "jobs-dispatch") { [self] in
            while !state.withLock({ $0.stopping }) {
                dispatch()
                wake.wait(timeout: settings.pollInterval)
            }
            dispatcherFinished.signal()
        }
    }

    /// Stops claiming jobs and waits up to `timeout` for running ones. Jobs still running
    /// then keep their lease and run again after it expires (here or on another instance).
    @discardableResult
    func stop(timeout: Duration) -> Bool {
        guard let pool else { return true }
        let wasStopping = state.withLock { state in
            defer { state.stopping = true }
            return state.stopping
        }
        guard !wasStopping else { return true }
        wake.signal()
        _ = dispatcherFinished.wait(timeout: .now() + .nanoseconds(Int(timeout.nanoseconds)))
        return pool.shutdown(timeout: timeout)
    }

    /// Job counts by state as of the last refresh (every few seconds), for metrics that must
    /// not touch storage on an event loop.
    var counts: [JobState: Int] { state.withLock { $0.counts } }

    /// Jobs whose handler is still running past its timeout.
    var overrunning: Int { state.withLock { $0.running.values.filter(\.overran).count } }

    /// Adds work done on the dispatcher thread every few seconds (cached statistics).
    func addRefresher(_ refresh: @escaping @Sendable () -> Void) {
        refreshers.withLock { $0.append(refresh) }
    }

    // MARK: - Dispatching

    private func dispatch() {
        let now = ContinuousClock.now
        do {
            if state.withLock({ $0.lastPlanning.map { now - $0 >= .seconds(1) } ?? true }) {
                state.withLock { $0.lastPlanning = now }
                try planPeriodicJobs()
            }
            markOverruns(now: now)
            let free = state.withLock { (pool?.threadCount ?? 0) - $0.running.count }
            if free > 0 {
                for claimed in try claim(limit: free) { run(claimed) }
            }
        } catch {
            services.logger.error("job dispatcher failed", ["error": .string(String(describing: error))])
        }
        if state.withLock({ $0.lastRefresh.map { now - $0 >= .seconds(2) } ?? true }) {
            state.withLock { $0.lastRefresh = now }
            refreshStatistics()
        }
    }

    private func refreshStatistics() {
        do {
            let counts = try services.storage.read(.global) { try JobAdministration.counts(in: $0) }
            state.withLock { $0.counts = counts }
        } catch {
            services.logger.warning("cannot count jobs", ["error": .string(String(describing: error))])
        }
        for refresh in refreshers.withLock({ $0 }) { refresh() }
    }

    /// A claimed job, ready to run.
    struct Claim: Sendable {
        var id: Int64
        var name: String
        var region: String?
        var payload: JSONValue
        var attempt: Int
        var runAt: Date
        var token: String
    }

    /// Returns stale claims of stopped instances to the queue and claims up to `limit` due jobs.
    private func claim(limit: Int) throws -> [Claim] {
        let now = services.clock.now()
        let names = Array(declarations.keys)
        let margin = settings.leaseMargin
        return try services.storage.write(.global) { db in
            for row in try db.query("""
                SELECT id, name, attempts FROM kernel_jobs WHERE state = 'running' AND lease_until <= \(now)
                """) {
                let id: Int64 = try row.get("id")
                let name: String = try row.get("name")
                let attempts: Int = try row.get("attempts")
                let message = "the instance running it stopped before it finished (lease expired)"
                if let declaration = declarations[name], attempts >= declaration.maxAttempts {
                    try db.execute("""
                        UPDATE kernel_jobs SET state = 'dead', last_error = \(message), finished_at = \(now), updated_at = \(now)
                        WHERE id = \(id) AND state = 'running'
                        """)
                } else {
                    try db.execute("""
                        UPDATE kernel_jobs SET state = 'pending', run_at = \(now), last_error = \(message), updated_at = \(now)
                        WHERE id = \(id) AND state = 'running'
                        """)
                }
            }
            var claims: [Claim] = []
            let due = try db.query("""
                SELECT id, name, region, payload, attempts, run_at FROM kernel_jobs
                WHERE state = 'pending' AND run_at <= \(now) AND name IN (\(list: names))
                ORDER BY run_at, id LIMIT \(limit)
                """)
            for row in due {
                let id: Int64 = try row.get("id")
                let name: String = try row.get("name")
                guard let declaration = declarations[name] else { continue }
                let token = SecureRandom.token(bytes: 12)
                let leaseUntil = now.addingTimeInterval((declaration.timeout + margin).inSeconds)
                let changed = try db.execute("""
                    UPDATE kernel_jobs SET state = 'running', attempts = attempts + 1, lease_token = \(token),
                        lease_until = \(leaseUntil), updated_at = \(now)
                    WHERE id = \(id) AND state = 'pending'
                    """)
                guard changed == 1 else { continue }  // another instance was quicker
                let payloadText: String = try row.get("payload")
                claims.append(Claim(
                    id: id, name: name, region: try row.get("region"),
                    payload: (try? JSONValue.parse(payloadText)) ?? .null,
                    attempt: try row.get("attempts") + 1, runAt: try row.get("run_at"), token: token))
            }
            return claims
        }
    }

    private func run(_ claim: Claim) {
        guard let declaration = declarations[claim.name], let pool else { return }
        state.withLock {
            $0.running[claim.id] = Running(
                name: claim.name, token: claim.token, deadline: .now + declaration.timeout, timeout: declaration.timeout)
        }
        let context = JobContext(
            id: claim.id, job: claim.name, payload: claim.payload, region: claim.region, attempt: claim.attempt,
            maxAttempts: declaration.maxAttempts, scheduledFor: claim.runAt, services: services)
        let submitted = pool.submit { [self] in
            let outcome: (any Error)?
            do {
                try declaration.handler(context)
                outcome = nil
            } catch {
                outcome = error
            }
            let overran = state.withLock { $0.running.removeValue(forKey: claim.id)?.overran ?? false }
            finish(claim, declaration: declaration, error: outcome, afterOverrun: overran)
            wake.signal()  // a worker is free
        }
        if !submitted {
            state.withLock { _ = $0.running.removeValue(forKey: claim.id) }
            release(claim)
        }
    }

    /// Puts back a claim that could not be started (the pool is stopping).
    private func release(_ claim: Claim) {
        let now = services.clock.now()
        do {
            try services.storage.write(.global) { db in
                try db.execute("""
                    UPDATE kernel_jobs SET state = 'pending', attempts = attempts - 1, lease_token = NULL,
                        lease_until = NULL, updated_at = \(now)
                    WHERE id = \(claim.id) AND lease_token = \(claim.token) AND state = 'running'
                    """)
            }
        } catch {
            services.logger.warning("cannot release a job claim; it runs again when its lease expires", [
                "job": .string(claim.name), "id": .integer(claim.id), "error": .string(String(describing: error)),
            ])
        }
    }

    private func finish(_ claim: Claim, declaration: JobDeclaration, error: (any Error)?, afterOverrun: Bool) {
        let now = services.clock.now()
        do {
            if let error {
                // The overrun was already counted as this attempt's failure.
                guard !afterOverrun else { return }
                try recordFailure(claim, declaration: declaration, message: String(describing: error), now: now)
            } else {
                // After an overrun the job is already waiting for its retry (or dead); a late
                // success still counts, unless another claim has taken it over.
                let changed = try services.storage.write(.global) { db in
                    try db.execute("""
                        UPDATE kernel_jobs SET state = 'succeeded', finished_at = \(now), updated_at = \(now),
                            lease_token = NULL, lease_until = NULL
                        WHERE id = \(claim.id) AND lease_token = \(claim.token) AND state IN ('running', 'pending', 'dead')
                        """)
                }
                if changed == 1 { totals.succeeded.add(1) }
            }
        } catch {
            services.logger.error("cannot record a job's outcome; it runs again when its lease expires", [
                "job": .string(claim.name), "id": .integer(claim.id), "error": .string(String(describing: error)),
            ])
        }
    }

    /// Schedules the retry, or moves the job to the dead-letter state after its last attempt.
    /// Keeps the lease token, so that a late success of an overrunning run can still land.
    private func recordFailure(_ claim: Claim, declaration: JobDeclaration, message: String, now: Date) throws {
        let error = String(message.prefix(2000))
        if claim.attempt >= declaration.maxAttempts {
            let changed = try services.storage.write(.global) { db in
                try db.execute("""
                    UPDATE kernel_jobs SET state = 'dead', last_error = \(error), finished_at = \(now), updated_at = \(now),
                        lease_until = NULL
                    WHERE id = \(claim.id) AND lease_token = \(claim.token) AND state = 'running'
                    """)
            }
            guard changed == 1 else { return }
            totals.dead.add(1)
            services.logger.error("job dead after its last attempt", [
                "job": .string(claim.name), "id": .integer(claim.id), "attempt": .integer(Int64(claim.attempt)),
                "error": .string(error),
            ])
        } else {
            let next = now.addingTimeInterval(retry.delay(afterAttempt: claim.attempt))
            let changed = try services.storage.write(.global) { db in
                try db.execute("""
                    UPDATE kernel_jobs SET state = 'pending', run_at = \(next), last_error = \(error), updated_at = \(now),
                        lease_until = NULL
                    WHERE id = \(claim.id) AND lease_token = \(claim.token) AND state = 'running'
                    """)
            }
            guard changed == 1 else { return }
            totals.failed.add(1)
            services.logger.warning("job failed; will retry", [
                "job": .string(claim.name), "id": .integer(claim.id), "attempt": .integer(Int64(claim.attempt)),
                "retry_at": .string(Timestamp.iso8601(next)), "error": .string(error),
            ])
        }
    }

    /// Counts jobs past their deadline as failed (once); their threads run on.
    private func markOverruns(now: ContinuousClock.Instant) {
        let overdue = state.withLock { state -> [(Int64, Running)] in
            var overdue: [(Int64, Running)] = []
            for (id, job) in state.running where !job.overran && job.deadline <= now {
                state.running[id]?.overran = true
                overdue.append((id, job))
            }
            return overdue
        }
        for (id, job) in overdue {
            guard let declaration = declarations[job.name] else { continue }
            totals.timedOut.add(1)
            do {
                let attempt = try services.storage.read(.global) { db in
                    try db.scalar(Int.self, "SELECT attempts FROM kernel_jobs WHERE id = \(id)")
                } ?? declaration.maxAttempts
                let claim = Claim(id: id, name: job.name, region: nil, payload: .null, attempt: attempt, runAt: Date(), token: job.token)
                try recordFailure(
                    claim, declaration: declaration,
                    message: "timed out after \(job.timeout) (its thread runs on until the handler returns)",
                    now: services.clock.now())
            } catch {
                services.logger.error("cannot record a job's timeout", ["job": .string(job.name), "error": .string(String(describing: error))])
            }
        }
    }

    // MARK: - Periodic jobs

    /// Enqueues the due runs of periodic tasks. The schedule row advances with a compare-and-
    /// set on its old value and the job carries an idempotency key of the planned time, so
    /// several instances planning together enqueue each run once. A run is skipped when the
    /// previous run of the same task has not finished yet.
    private func planPeriodicJobs() throws {
        guard !periodic.isEmpty else { return }
        let now = services.clock.now()
        let queue = services.jobs
        // Look first on a reader, so that the writer is only taken when a run is due.
        let planned = try services.storage.read(.global) { db in
            var planned: [String: Date] = [:]
            for row in try db.query("SELECT name, region, next_run_at FROM kernel_job_schedules") {
                planned["\(try row.get("name", as: String.self))|\(try row.get("region", as: String.self))"] = try row.get("next_run_at", as: Date.self)
            }
            return planned
        }
        let due = periodic.filter { task in planned["\(task.name)|\(task.regionKey)"].map { $0 <= now } ?? true }
        guard !due.isEmpty else { return }
        try services.storage.write(.global) { db in
            for task in due {
                let planned = try db.scalar(Date.self, """
                    SELECT next_run_at FROM kernel_job_schedules WHERE name = \(task.name) AND region = \(task.regionKey)
                    """)
                guard let planned else {
                    try db.execute("""
                        INSERT INTO kernel_job_schedules (name, region, next_run_at)
                        VALUES (\(task.name), \(task.regionKey), \(task.firstRun(now: now)))
                        ON CONFLICT (name, region) DO NOTHING
                        """)
                    continue
                }
                guard planned <= now else { continue }
                let following = task.run(after: planned, now: now)
                let advanced = try db.execute("""
                    UPDATE kernel_job_schedules SET next_run_at = \(following)
                    WHERE name = \(task.name) AND region = \(task.regionKey) AND next_run_at = \(planned)
                    """)
                guard advanced == 1 else { continue }
                let unfinished = try db.scalar(Int.self, """
                    SELECT COUNT(*) FROM kernel_jobs
                    WHERE name = \(task.name) AND COALESCE(region, '') = \(task.regionKey) AND state IN ('pending', 'running')
                    """) ?? 0
                guard unfinished == 0 else {
                    services.logger.warning("periodic job skipped: its previous run has not finished", [
                        "job": .string(task.name), "region": task.region.map(JSONValue.string) ?? .null,
                    ])
                    continue
                }
                let key = "periodic:\(task.name):\(task.regionKey):\(Int64(planned.timeIntervalSince1970 * 1000))"
                try queue.enqueue(task.name, payload: .object([:]), region: task.region, runAt: planned, idempotencyKey: key, in: db)
            }
        }
    }
}
