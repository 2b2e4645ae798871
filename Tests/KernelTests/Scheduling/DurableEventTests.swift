import Foundation
import Kernel
import Synchronization
import Testing
import TeilhabeTesting

struct ParcelArrived: Event {
    static let name = "parcels.parcel-arrived"
    var label: String
}

/// Failures a subscriber still has to produce, by parcel label.
let pendingFailures = Mutex<[String: Int]>([:])

/// Publishes parcels and records every delivery (attempts included) in its own table.
struct ParcelsModule: Module {
    static let manifest = ModuleManifest(
        id: "parcels", version: "1.0.0", kernel: "0.1.0"..<"0.2.0",
        migrations: [Migration("001-deliveries", sql: "CREATE TABLE parcels_deliveries (id INTEGER PRIMARY KEY, label TEXT NOT NULL, outcome TEXT NOT NULL)")],
        subscriptions: [
            EventSubscription(to: ParcelArrived.name) { event, context in
                let label = try event.decode(ParcelArrived.self).label
                let fail = pendingFailures.withLock { failures -> Bool in
                    guard let left = failures[label], left > 0 else { return false }
                    failures[label] = left - 1
                    return true
                }
                try context.services.storage.write(.global) { db in
                    _ = try db.execute("INSERT INTO parcels_deliveries (label, outcome) VALUES (\(label), \(fail ? "failed" : "delivered"))")
                }
                if fail { throw ChoreFailure(description: "not at home") }
            },
        ])
}

@Suite struct DurableEventTests {
    func outcomes(_ storage: any Storage, _ label: String) throws -> [String] {
        try storage.read { db in
            try db.query("SELECT outcome FROM parcels_deliveries WHERE label = \(label) ORDER BY id").map { try $0.get("outcome") }
        }
    }

    @Test func aFailingSubscriberIsRetriedUntilItSucceeds() throws {
        let server = try TestServer(modules: [ParcelsModule.self], server: ["jobs": fastJobs])
        defer { server.stop() }
        let label = "retry-\(UUID().uuidString)"
        pendingFailures.withLock { $0[label] = 2 }
        try server.storage.write(.region("demo")) { db in
            try server.application.services.events.publish(ParcelArrived(label: label), region: "demo", after: db)
        }
        #expect(eventually { (try? outcomes(server.storage, label)) == ["failed", "failed", "delivered"] })
        #expect(eventually { server.application.services.events.pendingDeliveries == 0 })
    }

    @Test func eventsPublishedBeforeAStopAreDeliveredAfterTheRestart() throws {
        let instance = try RestartableInstance(modules: [ParcelsModule.self], jobs: fastJobs)
        defer { instance.remove() }
        let label = "restart-\(UUID().uuidString)"
        // An instance that runs no jobs publishes, then stops before anyone delivered.
        let webOnly = try instance.start(workers: 0)
        try instance.storage.write(.region("demo")) { db in
            try webOnly.services.events.publish(ParcelArrived(label: label), region: "demo", after: db)
        }
        usleep(200_000)
        webOnly.shutdown()
        #expect(try outcomes(instance.storage, label).isEmpty)
        let restarted = try instance.start()
        defer { restarted.shutdown() }
        #expect(eventually { (try? outcomes(instance.storage, label)) == ["delivered"] })
    }
}
