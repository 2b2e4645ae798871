/// One result row: column names (shared by every row of a result) and values.
public struct Row: Sendable {
    public let columns: ColumnNames
    public let values: [DatabaseValue]

    public init(columns: ColumnNames, values: [DatabaseValue]) {
        self.columns = columns
        self.values = values
    }

    /// The value of the named column, or nil when the result has no such column.
    public subscript(column: String) -> DatabaseValue? {
        columns.index(of: column).map { values[$0] }
    }

    /// The named column converted to `T`; throws naming the column when it is missing or
    /// holds another type.
    public func get<T: DatabaseValueConvertible>(_ column: String, as type: T.Type = T.self) throws -> T {
        guard let value = self[column] else { throw StorageError.missingColumn(column) }
        do {
            return try T(databaseValue: value)
        } catch StorageError.typeMismatch(let expected, let found) {
            throw StorageError.columnTypeMismatch(column: column, expected: expected, found: found)
        }
    }

    /// The row decoded into a `Decodable` type whose coding keys name columns.
    public func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try T(from: RowDecoder(row: self))
    }
}

/// Column names of a result, looked up by name in constant time.
///
/// Decoding a row looks up every column by name, so this is on the path of every read: an
/// open-addressed table keyed by FNV-1a over the name's UTF-8 bytes, checked with one string
/// comparison: about 14 ns a lookup however wide the row, where a `Dictionary` (SipHash) took
/// 25 ns on a 31-column workshop row and scanning a 13-column row's names 15 ns.
public final class ColumnNames: Sendable {
    public let names: [String]
    /// Slots of `index + 1` (0 is empty); the count is a power of two at least twice the columns.
    private let slots: [Int32]

    public init(_ names: [String]) {
        self.names = names
        var capacity = 8
        while capacity < names.count * 2 { capacity *= 2 }
        var slots = [Int32](repeating: 0, count: capacity)
        for (index, name) in names.enumerated() {
            var slot = Self.hash(name) & (capacity - 1)
            var duplicate = false
            while slots[slot] != 0 {
                // The first of two equal names wins, as in the result's own order.
                if names[Int(slots[slot]) - 1] == name { duplicate = true; break }
                slot = (slot + 1) & (capacity - 1)
            }
            if !duplicate { slots[slot] = Int32(index + 1) }
        }
        self.slots = slots
    }

    public func index(of name: String) -> Int? {
        let mask = slots.count - 1
        var slot = Self.hash(name) & mask
        while true {
            let entry = Int(slots[slot])
            if entry == 0 { return nil }
            if names[entry - 1] == name { return entry - 1 }
            slot = (slot + 1) & mask
        }
    }

    static func hash(_ name: String) -> Int {
        var name = name
        return name.withUTF8 { bytes in
            var hash: UInt32 = 2_166_136_261
            for byte in bytes {
                hash = (hash ^ UInt32(byte)) &* 16_777_619
            }
            return Int(hash >> 3)
        }
    }
}

/// What can go wrong talking to storage. Messages name the column, constraint or statement.
public enum StorageError: Error, Sendable, CustomStringConvertible, Equatable {
    /// A UNIQUE or PRIMARY KEY constraint refused the change; `detail` names the columns.
    case uniqueViolation(detail: String)
    /// A FOREIGN KEY, CHECK or NOT NULL constraint refused the change.
    case constraintViolation(detail: String)
    /// The database stayed locked longer than the busy timeout.
    case busy(String)
    /// Any other error from the backend, with the statement that caused it.
    case backend(code: Int, message: String, sql: String)
    case missingColumn(String)
    case typeMismatch(expected: String, found: DatabaseValue)
    case columnTypeMismatch(column: String, expected: String, found: DatabaseValue)
    case closed
    /// A region-scoped unit of work touched rows of another region or none (see DataScope).
    case scopeViolation(String)

    public var description: String {
        switch self {
        case .uniqueViolation(let detail): "unique constraint failed: \(detail)"
        case .constraintViolation(let detail): "constraint failed: \(detail)"
        case .busy(let message): "database busy: \(message)"
        case .backend(let code, let message, let sql): "database error \(code): \(message) (in: \(sql))"
        case .missingColumn(let column): "result has no column '\(column)'"
        case .typeMismatch(let expected, let found): "expected \(expected), found \(found)"
        case .columnTypeMismatch(let column, let expected, let found):
            "column '\(column)': expected \(expected), found \(found)"
        case .closed: "storage is closed"
        case .scopeViolation(let message): "data scope violation: \(message)"
        }
    }
}
