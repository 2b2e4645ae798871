import Foundation
import HTTP
import Kernel
import SQLiteStorage
import Testing
import TeilhabeTesting

/// The durable job queue against a real server and SQLite file.
@Suite struct JobQueueTests {
    @Test func aJobExistsIfAndOnlyIfItsRequestCommitted() throws {
        let server = try TestServer(modules: [ChoresModule.self], server: ["jobs": fastJobs])
        defer { server.stop() }
        let client = server.client()
        #expect(try client.sendJSON(.post, "/api/v1/demo/de/chores", #"{"job": "chores.record", "note": "kept"}"#).status == 202)
        #expect(try client.sendJSON(.post, "/api/v1/demo/de/chores", #"{"job": "chores.record", "note": "dropped", "fail": true}"#).status == 409)
        #expect(eventually { (try? server.choreRuns("chores.record").count) == 1 })
        #expect(try server.choreRuns("chores.record").map(\.note) == ["kept"])
        let jobs = try server.storage.read { try JobAdministration.list(state: nil, limit: 10, in: $0) }
        #expect(jobs.filter { $0.name == "chores.record" }.count == 1)
        #expect(jobs.first { $0.name == "chores.record" }?.region == "demo")
    }

    @Test func undeclaredJobsAreRefusedWithTheirName() throws {
        let server = try TestServer(modules: [ChoresModule.self], server: ["jobs": fastJobs])
        defer { server.stop() }
        let response = try server.client().sendJSON(.post, "/api/v1/demo/de/chores", #"{"job": "chores.nothing", "note": "x"}"#)
        #expect(response.status == 500)
        #expect(throws: JobQueueError.undeclared("chores.nothing")) { try server.enqueue("chores.nothing", note: "x") }
        #expect(try server.jobIDs(named: "chores.nothing").isEmpty)
    }

    @Test func anIdempotencyKeyQueuesOnce() throws {
        let server = try TestServer(modules: [ChoresModule.self], server: ["jobs": fastJobs])
        defer { server.stop() }
        try server.enqueue("chores.record", note: "first", key: "welcome:42")
        try server.enqueue("chores.record", note: "second", key: "welcome:42")
        #expect(eventually { (try? server.choreRuns("chores.record").count) == 1 })
        // Even after the first succeeded, the key stays taken.
        try server.enqueue("chores.record", note: "third", key: "welcome:42")
        usleep(300_000)
        #expect(try server.choreRuns("chores.record").map(\.note) == ["first"])
        #expect(try server.jobIDs(named: "chores.record").count == 1)
    }

    @Test func aJobWaitsForItsTime() throws {
        let server = try TestServer(modules: [ChoresModule.self], server: ["jobs": fastJobs])
        defer { server.stop() }
        try server.enqueue("chores.record", note: "later", runAt: Date().addingTimeInterval(3600))
        try server.enqueue("chores.record", note: "now")
        #expect(eventually { (try? server.choreRuns("chores.record").count) == 1 })
        usleep(300_000)
        #expect(try server.choreRuns("chores.record").map(\.note) == ["now"])
        let waiting = try #require(try server.jobIDs(named: "chores.record").first)
        #expect(try server.job(waiting)?.state == .pending)
    }

    @Test func failingJobsAreRetriedThenDead() throws {
        let server = try TestServer(modules: [ChoresModule.self], server: ["jobs": fastJobs])
        defer { server.stop() }
        try server.enqueue("chores.flaky", note: "third time lucky")
        try server.enqueue("chores.broken", note: "never")
        let flaky = try #require(try server.jobIDs(named: "chores.flaky").first)
        let broken = try #require(try server.jobIDs(named: "chores.broken").first)
        #expect(eventually { (try? server.job(flaky)?.state) == .succeeded })
        #expect(try server.job(flaky)?.attempts == 3)
        #expect(try server.choreRuns("chores.flaky").map(\.attempt) == [3])
        #expect(eventually { (try? server.job(broken)?.state) == .dead })
        let dead = try #require(try server.job(broken))
        #expect(dead.attempts == 3)
        #expect(dead.lastError == "broken on purpose")

        // An operator's retry gives it a fresh set of attempts.
        let retried = try server.storage.write { try JobAdministration.retry(broken, now: Date(), in: $0) }
        #expect(retried.state == .pending)
        #expect(retried.attempts == 0)
        #expect(eventually { (try? server.job(broken)?.state) == .dead && (try? server.job(broken)?.attempts) == 3 })
        #expect(throws: JobAdministration.RetryError.succeeded(flaky)) {
            try server.storage.write { try JobAdministration.retry(flaky, now: Date(), in: $0) }
        }
    }

    @Test func anOverrunningJobCountsAsFailedWithoutStoppingOthers() throws {
        let server = try TestServer(modules: [ChoresModule.self], server: ["jobs": fastJobs])
        defer { server.stop() }
        let gate = "overrun-\(UUID().uuidString)"
        try server.enqueue("chores.slow", note: gate)
        let slow = try #require(try server.jobIDs(named: "chores.slow").first)
        #expect(eventually { (try? server.job(slow)?.state) == .dead })
        #expect(try server.job(slow)?.lastError?.contains("timed out") == true)

        // The slow handler still holds one worker; the other runs new jobs.
        try server.enqueue("chores.record", note: "meanwhile")
        #expect(eventually { (try? server.choreRuns("chores.record").count) == 1 })
        let metrics = try server.client().send(.get, "/metrics").text
        #expect(metrics.contains("teilhabe_jobs_overrunning 1"))
        #expect(metrics.contains("teilhabe_job_runs_total{outcome=\"timed-out\"} 1"))

        // When it finally finishes, its success still counts.
        Gates.release(gate)
        #expect(eventually { (try? server.job(slow)?.state) == .succeeded })
        #expect(try server.choreRuns("chores.slow").count == 1)
    }

    @Test func jobsOfAStoppedInstanceRunAgainWhenTheirLeaseExpires() throws {
        let server = try TestServer(modules: [ChoresModule.self], server: ["jobs": fastJobs])
        defer { server.stop() }
        // As another instance leaves them when it dies mid-run: claimed, lease run out.
        let past = Date().addingTimeInterval(-60)
        try server.storage.write { db in
            for (note, attempts) in [("orphan", 1), ("poison", 5)] {
                let name = note == "orphan" ? "chores.record" : "chores.flaky"
                try db.execute("""
                    INSERT INTO kernel_jobs (name, region, payload, state, run_at, attempts, lease_token, lease_until, created_at, updated_at)
                    VALUES (\(name), 'demo', \("{\"note\":\"\(note)\"}"), 'running', \(past), \(attempts), 'gone', \(past), \(past), \(past))
                    """)
            }
        }
        #expect(eventually { (try? server.choreRuns("chores.record").map(\.note)) == ["orphan"] })
        let orphan = try #require(try server.jobIDs(named: "chores.record").first)
        #expect(try server.job(orphan)?.attempts == 2)
        // A job that already used its last attempt when its instance died is dead, not rerun.
        let poison = try #require(try server.jobIDs(named: "chores.flaky").first)
        #expect(eventually { (try? server.job(poison)?.state) == .dead })
        #expect(try server.job(poison)?.lastError?.contains("lease expired") == true)
        #expect(try server.choreRuns("chores.flaky").isEmpty)
    }

    @Test func pendingJobsSurviveARestart() throws {
        let instance = try RestartableInstance(modules: [ChoresModule.self], jobs: fastJobs)
        defer { instance.remove() }
        var application = try instance.start()
        try instance.storage.write(.region("demo")) { db in
            try application.services.jobs.enqueue(
                "chores.record", payload: ["note": "after restart"], region: "demo",
                runAt: Date().addingTimeInterval(1.5), idempotencyKey: nil, in: db)
        }
        application.shutdown()
        let runsBefore = try instance.storage.read { try $0.scalar(Int.self, "SELECT COUNT(*) FROM chores_runs") }
        #expect(runsBefore == 0)
        application = try instance.start()
        defer { application.shutdown() }
        #expect(eventually { (try? instance.storage.read { try $0.scalar(Int.self, "SELECT COUNT(*) FROM chores_runs") }) == 1 })
    }

    @Test func periodicJobsRunOncePerPlannedTimeAcrossInstances() throws {
        let first = try TestServer(modules: [TickModule.self], server: ["jobs": fastJobs])
        defer { first.stop() }
        // A second instance on the same database file, planning and claiming concurrently.
        let storage = try SQLiteStorage(path: first.storage.path)
        let second = try Application(
            configuration: first.application.configuration, registry: first.application.services.registry,
            storage: storage, logger: Logger(level: .error, fd: 2, buffered: false))
        try second.start()
        #expect(eventually { (try? first.storage.read { try $0.scalar(Int.self, "SELECT COUNT(*) FROM tick_runs") }) ?? 0 >= 4 })
        second.shutdown()
        storage.close()
        let rows = try first.storage.read { db in
            try db.query("SELECT scheduled_for, COUNT(*) AS n FROM tick_runs GROUP BY scheduled_for ORDER BY scheduled_for")
        }
        #expect(rows.allSatisfy { (try? $0.get("n", as: Int.self)) == 1 })
        let planned = try rows.map { try $0.get("scheduled_for", as: Int64.self) }
        // Every second, measured from the previous planned run.
        for (earlier, later) in zip(planned, planned.dropFirst()) { #expect((later - earlier) % 1000 == 0) }
        #expect(try first.storage.read { try $0.scalar(String.self, "SELECT DISTINCT region FROM tick_runs") } == "demo")
    }

    @Test func metricsCountJobsByState() throws {
        let server = try TestServer(modules: [ChoresModule.self], server: ["jobs": fastJobs])
        defer { server.stop() }
        try server.enqueue("chores.broken", note: "x")
        try server.enqueue("chores.record", note: "later", runAt: Date().addingTimeInterval(3600))
        #expect(eventually {
            let text = (try? server.client().send(.get, "/metrics").text) ?? ""
            return text.contains("teilhabe_jobs{state=\"dead\"} 1") && text.contains("teilhabe_jobs{state=\"pending\"} 1")
        })
    }
}

/// A server's files that outlive one `Application`, to stop and start it again.
final class RestartableInstance {
    let directory: String
    let storage: SQLiteStorage
    let registry: ModuleRegistry
    let configuration: LoadedConfiguration

    init(modules: [any Module.Type], jobs: JSONValue) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("teilhabe-restart-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory + "/Configuration/regions", withIntermediateDirectories: true)
        let server: JSONValue = [
            "listen": ["127.0.0.1:0"], "dataDirectory": .string(directory + "/data"),
            "storage": .string("sqlite:\(directory)/data/teilhabe.sqlite"), "jobs": jobs,
        ]
        try Data(server.encoded()).write(to: URL(fileURLWithPath: directory + "/Configuration/teilhabe.json"))
        try TestServer.demoRegion(enabling: modules.map { $0.manifest.id })
            .write(toFile: directory + "/Configuration/regions/demo.json", atomically: true, encoding: .utf8)
        (registry, configuration) = try Boot.load(modules: modules, configurationDirectory: directory + "/Configuration", environment: [:])
        storage = try SQLiteStorage(path: directory + "/data/teilhabe.sqlite")
        try Migrator(storage: storage, modules: Boot.migrations(for: registry)).migrate()
    }

    /// Starts an application on these files; `workers: 0` runs no jobs (a web-only instance).
    func start(workers: Int? = nil) throws -> Application {
        var configuration = self.configuration
        if let workers { configuration.server.jobs.workers = workers }
        let application = try Application(
            configuration: configuration, registry: registry, storage: storage, logger: Logger(level: .error, fd: 2, buffered: false))
        try application.start()
        return application
    }

    func remove() {
        storage.close()
        try? FileManager.default.removeItem(atPath: directory)
    }
}
