import Kernel

/// What a `read` body gets: a reader connection inside a deferred transaction, so every
/// statement of the body sees the same snapshot. It stops working when the body returns.
final class ReadSession: DatabaseConnection {
    let scope: DataScope
    private let connection: Connection
    private var isActive = true

    init(connection: Connection, scope: DataScope) {
        self.connection = connection
        self.scope = scope
    }

    func end() { isActive = false }

    func query(_ sql: SQL) throws -> [Row] {
        try connection.checkUsable(by: isActive)
        return try connection.query(sql)
    }

    func forEachRow(_ sql: SQL, _ body: (Row) throws -> Void) throws {
        try connection.checkUsable(by: isActive)
        try connection.forEachRow(sql, body)
    }

    func forEachRow(_ sql: SQL, cursor body: (any RowCursor) throws -> Void) throws {
        try connection.checkUsable(by: isActive)
        try connection.forEachRow(sql, cursor: body)
    }
}

extension Connection {
    /// Throws unless a body that is still running (`isActive`) may run a statement: its
    /// transaction must still be open, or the statement would run outside of it.
    func checkUsable(by isActive: Bool) throws {
        guard isActive else { throw SQLiteStorageError.connectionUsedAfterBody }
        guard isInTransaction else { throw SQLiteStorageError.transactionAborted }
    }
}
