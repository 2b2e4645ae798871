import Foundation
import Kernel
import SQLiteStorage
import Testing

@Suite("Rows decode into Decodable types")
struct DecodingTests {
    struct Venue: Codable, Equatable {
        var name: String
        var stepFree: Bool
    }

    struct Workshop: Decodable, Equatable {
        var id: Int
        var title: String
        var startsAt: Date
        var isPublished: Bool
        var capacity: Int?
        var tags: [String]
        var venue: Venue?

        enum CodingKeys: String, CodingKey {
            case id, title, tags, venue, capacity
            case startsAt = "starts_at"
            case isPublished = "is_published"
        }
    }

    @Test("fetchAll maps snake_case columns, optionals and JSON text fields")
    func fetchAll() throws {
        let folder = try TemporaryFolder()
        let storage = try folder.openStorage()
        defer { storage.close() }
        let startsAt = Date(timeIntervalSince1970: 1_750_000_000.5)
        try storage.write { transaction in
            try transaction.executeScript("""
                CREATE TABLE workshops (
                    id INTEGER PRIMARY KEY, title TEXT NOT NULL, starts_at INTEGER NOT NULL,
                    is_published INTEGER NOT NULL, capacity INTEGER, tags TEXT NOT NULL, venue TEXT
                );
                """)
            try transaction.execute("""
                INSERT INTO workshops (id, title, starts_at, is_published, capacity, tags, venue)
                VALUES (1, \("Bewerbungstraining"), \(startsAt), \(true), \(12), \("[\"jobs\",\"de\"]"),
                        \("{\"name\":\"Nachbarschaftshaus\",\"stepFree\":true}"))
                """)
            try transaction.execute("""
                INSERT INTO workshops (id, title, starts_at, is_published, capacity, tags, venue)
                VALUES (2, \("ورشة الكتابة"), \(startsAt), \(false), NULL, '[]', NULL)
                """)
        }
        let workshops = try storage.read { try $0.fetchAll(Workshop.self, "SELECT * FROM workshops ORDER BY id") }
        #expect(workshops == [
            Workshop(
                id: 1, title: "Bewerbungstraining", startsAt: startsAt, isPublished: true, capacity: 12,
                tags: ["jobs", "de"], venue: Venue(name: "Nachbarschaftshaus", stepFree: true)),
            Workshop(
                id: 2, title: "ورشة الكتابة", startsAt: startsAt, isPublished: false, capacity: nil, tags: [],
                venue: nil),
        ])
        let first = try storage.read { try $0.fetchOne(Workshop.self, "SELECT * FROM workshops WHERE id = \(2)") }
        #expect(first?.title == "ورشة الكتابة")
        let none = try storage.read { try $0.fetchOne(Workshop.self, "SELECT * FROM workshops WHERE id = \(99)") }
        #expect(none == nil)
    }

    struct Seat: Decodable, Equatable {
        var label: String
        var row: Int?
        var price: Double?
        var accessible: Bool?
    }

    @Test("missing and NULL columns decode as nil; a wrong type names the column")
    func optionalsAndMismatches() throws {
        let folder = try TemporaryFolder()
        let storage = try folder.openStorage()
        defer { storage.close() }
        let seats = try storage.read { try $0.fetchAll(Seat.self, "SELECT 'A1' AS label, NULL AS row, 12.5 AS price") }
        #expect(seats == [Seat(label: "A1", row: nil, price: 12.5, accessible: nil)])
        let error = #expect(throws: StorageError.self) {
            try storage.read { try $0.fetchAll(Seat.self, "SELECT x'00ff' AS label") }
        }
        #expect(error == .columnTypeMismatch(column: "label", expected: "text", found: .blob([0x00, 0xFF])))
        let optionalError = #expect(throws: StorageError.self) {
            try storage.read { try $0.fetchAll(Seat.self, "SELECT 'B2' AS label, 'front' AS row") }
        }
        #expect(optionalError == .columnTypeMismatch(column: "row", expected: "integer", found: .text("front")))
        let missing = #expect(throws: StorageError.self) {
            try storage.read { try $0.fetchAll(Seat.self, "SELECT 3 AS row") }
        }
        #expect(missing == .missingColumn("label"))
    }

    @Test("rows of one result share one ColumnNames")
    func sharedColumnNames() throws {
        let folder = try TemporaryFolder()
        let storage = try folder.openStorage()
        defer { storage.close() }
        let rows = try storage.read { try $0.query("SELECT 1 AS a, 2 AS b UNION ALL SELECT 3, 4 UNION ALL SELECT 5, 6") }
        #expect(rows.count == 3)
        #expect(rows.allSatisfy { $0.columns === rows[0].columns })
        #expect(rows[0].columns.names == ["a", "b"])
        #expect(rows.map { $0["b"] } == [.integer(2), .integer(4), .integer(6)])
    }

    @Test("forEachRow streams rows without collecting them")
    func forEachRowStreams() throws {
        let folder = try TemporaryFolder()
        let storage = try folder.openStorage()
        defer { storage.close() }
        var sum: Int64 = 0
        var count = 0
        try storage.read { connection in
            try connection.forEachRow("""
                WITH RECURSIVE numbers(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM numbers WHERE n < 10000)
                SELECT n FROM numbers
                """) { row in
                sum += try row.get("n", as: Int64.self)
                count += 1
            }
        }
        #expect(count == 10000)
        #expect(sum == 50_005_000)
    }
}
