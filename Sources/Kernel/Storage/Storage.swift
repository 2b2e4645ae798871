/// The database as modules see it. Backends (SQLite by default, PostgreSQL for several
/// server instances) implement it; modules write portable SQL through it and never name
/// a backend.
///
/// Bodies run synchronously on the calling thread, which is a worker thread, never an
/// event loop. A `read` sees one consistent snapshot; a `write` is one transaction on the
/// single writer, committed when the body returns and rolled back when it throws.
public protocol Storage: Sendable {
    var dialect: SQLDialect { get }

    @discardableResult
    func read<T>(_ scope: DataScope, _ body: (any DatabaseConnection) throws -> T) throws -> T
    @discardableResult
    func write<T>(_ scope: DataScope, _ body: (any DatabaseTransaction) throws -> T) throws -> T

    /// Writes a consistent copy of the whole database to `path` while the server runs.
    func backup(to path: String) throws
    /// Throws when the database cannot be reached (for `/readyz`).
    func checkReachable() throws
    /// Closes every connection; further calls throw.
    func close()
}

extension Storage {
    @discardableResult
    public func read<T>(_ body: (any DatabaseConnection) throws -> T) throws -> T {
        try read(.global, body)
    }

    @discardableResult
    public func write<T>(_ body: (any DatabaseTransaction) throws -> T) throws -> T {
        try write(.global, body)
    }
}

/// Whose rows a unit of work may see. Requests run in their region's scope; kernel tasks
/// that span regions (migrations, privacy erasure, operator reports) run in `.global`.
public enum DataScope: Sendable, Hashable, CustomStringConvertible {
    case global
    case region(String)

    public var region: String? { if case .region(let id) = self { id } else { nil } }
    public var description: String { region.map { "region \($0)" } ?? "global" }
}

/// The SQL dialect of a backend, for the few places where portable SQL is not enough.
public enum SQLDialect: String, Sendable {
    case sqlite
    case postgresql
}

/// A connection lent to one `read` body. Not Sendable: it belongs to the thread running the body.
public protocol DatabaseConnection {
    var scope: DataScope { get }
    /// Runs a statement and returns every row.
    func query(_ sql: SQL) throws -> [Row]
    /// Runs a statement and hands each row to `body` without collecting them.
    func forEachRow(_ sql: SQL, _ body: (Row) throws -> Void) throws
    /// Runs a statement and hands `body` a cursor on each row in turn (see `RowCursor`).
    func forEachRow(_ sql: SQL, cursor body: (any RowCursor) throws -> Void) throws
}

extension DatabaseConnection {
    /// Cursors over rows read as `Row`s, for backends without a cursor of their own.
    public func forEachRow(_ sql: SQL, cursor body: (any RowCursor) throws -> Void) throws {
        try forEachRow(sql) { row in try body(RowValuesCursor(row: row)) }
    }
}

/// The connection lent to one `write` body: an open transaction.
public protocol DatabaseTransaction: DatabaseConnection {
    /// Runs a statement and returns the number of rows it changed.
    @discardableResult
    func execute(_ sql: SQL) throws -> Int
    /// Runs several `;`-separated statements without parameters (migrations). The backend's
    /// parser decides where a statement ends, so `;` in literals, comments and trigger bodies
    /// is safe. BEGIN, COMMIT and ROLLBACK are refused: the storage owns the transaction.
    func executeScript(_ sql: String) throws
    /// Runs `body` in a savepoint: its changes are undone if it throws, the rest of the
    /// transaction goes on.
    func savepoint<T>(_ body: () throws -> T) throws -> T
    /// Runs `action` after this transaction commits; never if it rolls back.
    func afterCommit(_ action: @escaping @Sendable () -> Void)
}

/// A type read from a row by its own initializer: for rows on hot paths (every list reads
/// them), where going through `Decodable` costs several times the column lookups themselves.
public protocol RowDecodable {
    init(row: Row) throws
}

extension DatabaseConnection {
    /// The rows read into `T` by its `init(row:)`.
    public func fetchAll<T: RowDecodable>(_ type: T.Type, _ sql: SQL) throws -> [T] {
        try query(sql).map { try T(row: $0) }
    }

    /// The first row read into `T`, or nil when there is none.
    public func fetchOne<T: RowDecodable>(_ type: T.Type, _ sql: SQL) throws -> T? {
        var result: T?
        try forEachRow(sql) { row in
            if result == nil { result = try T(row: row) }
        }
        return result
    }

    /// The rows decoded into `T`, matching coded keys to column names.
    public func fetchAll<T: Decodable>(_ type: T.Type, _ sql: SQL) throws -> [T] {
        try query(sql).map { try $0.decode(T.self) }
    }

    /// The first row decoded into `T`, or nil when there is none.
    public func fetchOne<T: Decodable>(_ type: T.Type, _ sql: SQL) throws -> T? {
        var result: T?
        try forEachRow(sql) { row in
            if result == nil { result = try row.decode(T.self) }
        }
        return result
    }

    /// The first column of the first row, or nil when there is no row or it is NULL.
    public func scalar<T: DatabaseValueConvertible>(_ type: T.Type, _ sql: SQL) throws -> T? {
        var result: T?
        var seen = false
        try forEachRow(sql) { row in
            guard !seen else { return }
            seen = true
            let value = row.values.first ?? .null
            if value != .null { result = try T(databaseValue: value) }
        }
        return result
    }
}
