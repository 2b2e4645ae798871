import Kernel
import TeilhabeTesting
import Testing

/// Lists read the bookables and places of their rows by id within the region. SQLite's
/// planner, without statistics, once chose an index on `region` alone for that and read
/// every bookable of the region per list; these hold the plan to per-id lookups.
@Suite("Reading bookables and places by id")
struct IDListPlanTests {
    func plan(_ server: TestServer, _ sql: SQL) throws -> String {
        try server.storage.read(.global) { db in
            try db.query(sql).map { try $0.get("detail", as: String.self) }.joined(separator: "; ")
        }
    }

    @Test("bookables and places by id are looked up per id, not by scanning the region")
    func lookupsByID() throws {
        let server = try TestServer(modules: [])
        defer { server.stop() }
        for table in ["kernel_bookables", "kernel_places"] {
            let detail = try plan(server, "EXPLAIN QUERY PLAN SELECT * FROM \(raw: table) WHERE id IN (\(list: Array(Int64(1)...20))) AND region = \("demo")")
            #expect(detail.contains("rowid=?") || detail.contains("PRIMARY KEY"), "\(table): \(detail)")
        }
    }
}
