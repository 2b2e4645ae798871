import Foundation
import Kernel
import SQLiteStorage
import Testing

@Suite("Values cross the storage boundary unchanged")
struct ValueRoundTripTests {
    @Test("every DatabaseValue storage class comes back as it went in")
    func databaseValues() throws {
        let folder = try TemporaryFolder()
        let storage = try folder.openStorage()
        defer { storage.close() }
        // A column without a declared type keeps each value's storage class.
        try storage.write { try $0.execute("CREATE TABLE value_store (position INTEGER PRIMARY KEY, value)") }
        let values: [DatabaseValue] = [
            .null, .integer(0), .integer(Int64.min), .integer(Int64.max), .real(3.25), .real(-1.5e300),
            .text(""), .text("Grüße 👩🏽‍🏫 مرحبا بكم سلام"), .text("semi;colon 'quoted' \"double\""),
            .text("nul\u{0}inside"), .blob([]), .blob([0, 1, 127, 128, 255]),
        ]
        try storage.write { transaction in
            for (position, value) in values.enumerated() {
                try transaction.execute("INSERT INTO value_store (position, value) VALUES (\(position), \(value))")
            }
        }
        let read = try storage.read { connection in
            try connection.query("SELECT value FROM value_store ORDER BY position").map { $0.values[0] }
        }
        #expect(read == values)
    }

    @Test("typed values round-trip through DatabaseValueConvertible")
    func convertibles() throws {
        let folder = try TemporaryFolder()
        let storage = try folder.openStorage()
        defer { storage.close() }
        try storage.write { try $0.execute("CREATE TABLE typed (label TEXT PRIMARY KEY, value)") }

        let date = Date(timeIntervalSince1970: 1_717_171_717.123)
        let uuid = UUID()
        let bytes: [UInt8] = [0xDE, 0xAD, 0xBE, 0xEF, 0x00]
        let missing: String? = nil
        let present: Int? = 42
        try storage.write { transaction in
            let rows: [(String, any DatabaseValueConvertible)] = [
                ("int", -7), ("int64", Int64.max), ("double", 0.1), ("string", "Привіт, 世界 🌍"),
                ("arabic", "الهجرة والمشاركة"), ("true", true), ("false", false), ("date", date), ("uuid", uuid),
                ("bytes", bytes), ("missing", missing), ("present", present),
            ]
            for (label, value) in rows {
                try transaction.execute(SQL(
                    "INSERT INTO typed (label, value) VALUES (?, ?)", bindings: [.text(label), value.databaseValue]))
            }
        }
        try storage.read { connection in
            func value<T: DatabaseValueConvertible>(_ label: String, as type: T.Type) throws -> T {
                let row = try #require(try connection.query("SELECT value FROM typed WHERE label = \(label)").first)
                return try row.get("value", as: T.self)
            }
            #expect(try value("int", as: Int.self) == -7)
            #expect(try value("int64", as: Int64.self) == Int64.max)
            #expect(try value("double", as: Double.self) == 0.1)
            #expect(try value("string", as: String.self) == "Привіт, 世界 🌍")
            #expect(try value("arabic", as: String.self) == "الهجرة والمشاركة")
            #expect(try value("true", as: Bool.self) == true)
            #expect(try value("false", as: Bool.self) == false)
            let readDate = try value("date", as: Date.self)
            #expect(Int64((readDate.timeIntervalSince1970 * 1000).rounded()) == 1_717_171_717_123)
            #expect(try value("uuid", as: UUID.self) == uuid)
            #expect(try value("bytes", as: [UInt8].self) == bytes)
            #expect(try value("missing", as: String?.self) == nil)
            #expect(try value("present", as: Int?.self) == 42)
            // Dates are stored as integer milliseconds, so they sort and compare as numbers.
            #expect(try connection.scalar(String.self, "SELECT typeof(value) FROM typed WHERE label = 'date'") == "integer")
        }
    }

    @Test("integers convert from whole reals and numeric text, and refuse the rest")
    func integerConversions() throws {
        #expect(try Int(databaseValue: .real(42)) == 42)
        #expect(try Int64(databaseValue: .text("-17")) == -17)
        #expect(throws: StorageError.typeMismatch(expected: "integer", found: .real(1e300))) {
            try Int64(databaseValue: .real(1e300))
        }
        #expect(throws: StorageError.typeMismatch(expected: "integer", found: .real(2.5))) {
            try Int64(databaseValue: .real(2.5))
        }
        #expect(throws: StorageError.typeMismatch(expected: "integer", found: .text("zwölf"))) {
            try Int64(databaseValue: .text("zwölf"))
        }
    }

    @Test("a column of the wrong type names the column")
    func typeMismatchNamesColumn() throws {
        let folder = try TemporaryFolder()
        let storage = try folder.openStorage()
        defer { storage.close() }
        let error = #expect(throws: StorageError.self) {
            try storage.read { connection in
                let row = try #require(try connection.query("SELECT 'not a number' AS capacity").first)
                return try row.get("capacity", as: Int.self)
            }
        }
        #expect(error == .columnTypeMismatch(column: "capacity", expected: "integer", found: .text("not a number")))
    }
}
