import Foundation
import Kernel
import SQLiteStorage
import Testing
import TeilhabeTesting

/// `teilhabe jobs` as an operator runs it, against a migrated database.
@Suite struct JobsCommandTests {
    @Test func listRetryAndPurge() throws {
        let deployment = try Deployment()
        defer { deployment.remove() }
        #expect(try deployment.run(["migrate"]).status == 0)
        let storage = try SQLiteStorage(path: deployment.directory + "/data/teilhabe.sqlite")
        let old = Date().addingTimeInterval(-10 * 86_400)
        let now = Date()
        try storage.write { db in
            for (state, finished, error) in [("dead", old, "relay refused"), ("succeeded", old, ""), ("succeeded", now, ""), ("dead", now, "gone")] {
                try db.execute("""
                    INSERT INTO kernel_jobs (name, region, payload, state, run_at, attempts, last_error, created_at, updated_at, finished_at)
                    VALUES ('kernel.send-mail', 'demo', '{"outbox":1}', \(state), \(old), 10, \(error.isEmpty ? nil : error), \(old), \(finished), \(finished))
                    """)
            }
        }
        storage.close()

        let list = try deployment.run(["jobs", "list"])
        #expect(list.status == 0, "\(list.errors)")
        let lines = list.output.split(separator: "\n")
        #expect(lines.first?.hasPrefix("id") == true)
        #expect(lines.contains { $0.hasPrefix("1 ") && $0.contains("dead") && $0.contains("kernel.send-mail") && $0.contains("relay refused") })
        #expect(list.output.contains("pending: 0  running: 0  succeeded: 2  dead: 2"))
        let dead = try deployment.run(["jobs", "list", "--state", "dead"])
        #expect(dead.output.split(separator: "\n").filter { $0.contains("kernel.send-mail") }.count == 2)

        let retry = try deployment.run(["jobs", "retry", "4"])
        #expect(retry.status == 0, "\(retry.errors)")
        #expect(retry.output.contains("job 4 (kernel.send-mail) is due now"))
        let refused = try deployment.run(["jobs", "retry", "2"])
        #expect(refused.status == 1)
        #expect(refused.errors.contains("job 2 has already succeeded"))
        #expect(try deployment.run(["jobs", "retry", "99"]).errors.contains("there is no job 99"))

        let purge = try deployment.run(["jobs", "purge"])
        #expect(purge.output.contains("purged 1 succeeded jobs that finished more than 7d ago"))
        let purgeDead = try deployment.run(["jobs", "purge", "--dead", "--older-than", "1d"])
        #expect(purgeDead.output.contains("purged 1 succeeded and dead jobs"))
        let after = try deployment.run(["jobs", "list"])
        #expect(after.output.contains("pending: 1  running: 0  succeeded: 1  dead: 0"))

        #expect(try deployment.run(["jobs"]).status == 2)
        #expect(try deployment.run(["jobs", "list", "--state", "weird"]).errors.contains("--state 'weird' is not one of pending, running, succeeded, dead"))
        #expect(try deployment.run(["jobs", "purge", "--older-than", "soon"]).status == 2)
    }
}
