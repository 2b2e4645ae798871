import Kernel
import Testing

/// A backend without a cursor of its own gets one over its `Row`s: the same positions and
/// conversions the SQLite statement gives.
@Suite struct RowCursorTests {
    /// Rows from memory; only `query` and `forEachRow(_:_:)`, as a new backend would start.
    struct RowsOnly: DatabaseConnection {
        let rows: [Row]
        var scope: DataScope { .global }
        func query(_ sql: SQL) throws -> [Row] { rows }
        func forEachRow(_ sql: SQL, _ body: (Row) throws -> Void) throws { try rows.forEach(body) }
    }

    @Test func rowsWithoutABackendCursorAreReadByPosition() throws {
        let columns = ColumnNames(["id", "title", "published_at", "score"])
        let connection: any DatabaseConnection = RowsOnly(rows: [
            Row(columns: columns, values: [.integer(7), .text("Garten \"ü\""), .null, .real(2.5)]),
            Row(columns: columns, values: [.text("8"), .integer(42), .integer(1_790_000_000_000), .blob(Array("x".utf8))]),
        ])
        var read: [String] = []
        try connection.forEachRow("SELECT 1", cursor: { row in
            let bytes = row.withUTF8(1) { Array($0) }
            read.append("\(row.int64(0)) \(row.string(1)) \(bytes.count) \(row.isNull(2)) \(row.int64(2)) \(row.string(3)) \(row.isNull(9))")
        })
        #expect(read == [
            "7 Garten \"ü\" 11 true 0 2.5 true",
            "8 42 2 false 1790000000000 x true",
        ])
    }
}
