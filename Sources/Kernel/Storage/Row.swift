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
public final class ColumnNames: Sendable {
    public let names: [String]
    private let indexes: [String: Int]

    public init(_ names: [String]) {
        self.names = names
        var indexes: [String: Int] = [:]
        for (index, name) in names.enumerated() where indexes[name] == nil {
            indexes[name] = index
        }
        self.indexes = indexes
    }

    public func index(of name: String) -> Int? {
        // Comparing a few short names beats hashing one; decoding a row looks up every column.
        if names.count <= 16 { return names.firstIndex(of: name) }
        return indexes[name]
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
