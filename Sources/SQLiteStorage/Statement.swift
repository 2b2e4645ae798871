import CSQLite
import Kernel

/// One prepared statement: binds `DatabaseValue`s, steps, and reads columns back by their
/// storage class. Belongs to one connection and is used by one thread at a time.
final class Statement {
    let handle: OpaquePointer
    let sql: String
    /// True while a call is stepping it; a nested call with the same SQL prepares its own.
    var inUse = false
    /// Tick of the cache clock when last used, for least-recently-used eviction.
    var lastUsed: UInt64 = 0
    /// What it does to region-owned tables, judged when it was prepared.
    let regionAccess: RegionIsolation.StatementAccess
    private var cachedColumns: ColumnNames?
    private var columnsPreparedAt: Int32 = -1

    init(handle: OpaquePointer, sql: String, regionAccess: RegionIsolation.StatementAccess = .init()) {
        self.handle = handle
        self.sql = sql
        self.regionAccess = regionAccess
    }

    func finalize() {
        sqlite3_finalize(handle)
    }

    /// Makes it ready for the next use: rewound, parameters unbound.
    func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// The column names, built once and shared by every row. SQLite re-prepares a statement
    /// when the schema changes (which can change `SELECT *`), so the names are rebuilt then.
    var columns: ColumnNames {
        let reprepared = sqlite3_stmt_status(handle, SQLITE_STMTSTATUS_REPREPARE, 0)
        if let cachedColumns, columnsPreparedAt == reprepared { return cachedColumns }
        let count = sqlite3_column_count(handle)
        let names = (0..<count).map { index in
            sqlite3_column_name(handle, index).map { String(cString: $0) } ?? "column\(index)"
        }
        let columns = ColumnNames(names)
        cachedColumns = columns
        columnsPreparedAt = reprepared
        return columns
    }

    func bind(_ values: [DatabaseValue], connection: OpaquePointer) throws {
        let expected = Int(sqlite3_bind_parameter_count(handle))
        guard expected == values.count else {
            throw StorageError.backend(
                code: Int(SQLITE_RANGE),
                message: "the statement has \(expected) parameters but \(values.count) values were given",
                sql: sql)
        }
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32
            switch value {
            case .null: code = sqlite3_bind_null(handle, index)
            case .integer(let integer): code = sqlite3_bind_int64(handle, index, integer)
            case .real(let real): code = sqlite3_bind_double(handle, index, real)
            case .text(let text): code = bindText(text, at: index)
            case .blob(let bytes): code = bindBlob(bytes, at: index)
            }
            guard code == SQLITE_OK else { throw ErrorMapping.error(code: code, handle: connection, sql: sql) }
        }
    }

    private func bindText(_ text: String, at index: Int32) -> Int32 {
        var text = text
        return text.withUTF8 { bytes in
            guard bytes.count <= Int32.max else { return SQLITE_TOOBIG }
            // A NULL pointer would bind SQL NULL, so the empty string gets a real (empty) one.
            guard let base = bytes.baseAddress else { return csqlite_bind_text_transient(handle, index, "", 0) }
            return UnsafeRawPointer(base).withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                csqlite_bind_text_transient(handle, index, $0, Int32(bytes.count))
            }
        }
    }

    private func bindBlob(_ bytes: [UInt8], at index: Int32) -> Int32 {
        guard bytes.count <= Int32.max else { return SQLITE_TOOBIG }
        // A NULL pointer would bind SQL NULL; an empty blob must stay a blob.
        guard !bytes.isEmpty else { return sqlite3_bind_zeroblob(handle, index, 0) }
        return bytes.withUnsafeBytes { buffer in
            csqlite_bind_blob_transient(handle, index, buffer.baseAddress, Int32(buffer.count))
        }
    }

    /// The value of column `index` of the current row, by its storage class.
    @inline(__always)
    func value(at index: Int32) -> DatabaseValue {
        switch sqlite3_column_type(handle, index) {
        case SQLITE_INTEGER:
            return .integer(sqlite3_column_int64(handle, index))
        case SQLITE_FLOAT:
            return .real(sqlite3_column_double(handle, index))
        case SQLITE_TEXT:
            guard let text = sqlite3_column_text(handle, index) else { return .text("") }
            let count = Int(sqlite3_column_bytes(handle, index))
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            guard let blob = sqlite3_column_blob(handle, index) else { return .blob([]) }
            let count = Int(sqlite3_column_bytes(handle, index))
            return .blob(Array(UnsafeRawBufferPointer(start: blob, count: count)))
        default:
            return .null
        }
    }

    /// The current row as values, one per column.
    @inline(__always)
    func row(columns: ColumnNames) -> Row {
        let count = Int32(columns.names.count)
        var values: [DatabaseValue] = []
        values.reserveCapacity(Int(count))
        for index in 0..<count {
            values.append(value(at: index))
        }
        return Row(columns: columns, values: values)
    }
}

/// A statement that has just stepped onto a row is the cursor on it: columns are read from
/// SQLite's own buffers, and text becomes a `String` only when asked for as one.
extension Statement: RowCursor {
    func isNull(_ index: Int) -> Bool {
        sqlite3_column_type(handle, Int32(index)) == SQLITE_NULL
    }

    func int64(_ index: Int) -> Int64 {
        sqlite3_column_int64(handle, Int32(index))
    }

    func string(_ index: Int) -> String {
        withUTF8(index) { String(decoding: $0, as: UTF8.self) }
    }

    func withUTF8<Result>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        // Text first, then its length: asking for the length first could convert the value twice.
        guard let text = sqlite3_column_text(handle, Int32(index)) else { return try body(UnsafeBufferPointer(start: nil, count: 0)) }
        return try body(UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(handle, Int32(index)))))
    }
}
