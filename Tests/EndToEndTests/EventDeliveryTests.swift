import Foundation
import HTTP
import Kernel
import Synchronization
import Testing
import TeilhabeTesting

/// Two modules that know each other only by an event name: one publishes when a note is
/// written, the other records what it heard.
struct NoteWritten: Event {
    static let name = "notes.note-written"
    var text: String
}

struct NotesModule: Module {
    static let manifest = ModuleManifest(
        id: "notes", version: "1.0.0", kernel: "0.1.0"..<"0.2.0",
        migrations: [Migration("001-notes", sql: "CREATE TABLE notes (id INTEGER PRIMARY KEY, region TEXT NOT NULL, text TEXT NOT NULL)")],
        routes: [
            .api(.post, "/notes", access: .public, summary: "Write a note") { request, context in
                struct Input: Decodable { var text: String; var fail: Bool? }
                let input = try request.decodeJSON(Input.self)
                try context.write { db in
                    try db.execute("INSERT INTO notes (region, text) VALUES (\(context.region.id), \(input.text))")
                    try context.publish(NoteWritten(text: input.text), after: db)
                    if input.fail == true { throw HTTPError.conflict("refused after publishing") }
                }
                return .json(JSONValue.object(["ok": true]).encoded(), status: .created)
            },
        ])
}

let heard = Mutex<[String]>([])

struct ListenerModule: Module {
    static let manifest = ModuleManifest(
        id: "listener", version: "1.0.0", kernel: "0.1.0"..<"0.2.0",
        subscriptions: [
            EventSubscription(to: NoteWritten.name) { event, _ in
                let note = try event.decode(NoteWritten.self)
                heard.withLock { $0.append("\(event.region ?? "-"):\(note.text)") }
            },
        ])
}

@Suite struct EventDeliveryTests {
    @Test func subscribersHearCommittedEventsOnly() throws {
        let server = try TestServer(modules: [NotesModule.self, ListenerModule.self])
        defer { server.stop() }
        let client = server.client()
        #expect(try client.sendJSON(.post, "/api/v1/demo/de/notes", #"{"text": "kept"}"#).status == 201)
        #expect(try client.sendJSON(.post, "/api/v1/demo/de/notes", #"{"text": "rolled back", "fail": true}"#).status == 409)
        // Delivery is asynchronous: wait until the bus is idle.
        for _ in 0..<200 where server.application.services.events.pendingDeliveries > 0 { usleep(10_000) }
        #expect(heard.withLock { $0 } == ["demo:kept"])
        let rows = try server.storage.read { db in try db.scalar(Int.self, "SELECT COUNT(*) FROM notes") }
        #expect(rows == 1)
    }
}
