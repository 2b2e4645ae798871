import Kernel

/// What a `write` body gets: the writer connection inside `BEGIN IMMEDIATE`. It collects
/// after-commit actions and stops working when the body returns.
final class WriteSession: DatabaseTransaction {
    let scope: DataScope
    private let connection: Connection
    private var isActive = true
    private var savepointDepth = 0
    private(set) var afterCommitActions: [@Sendable () -> Void] = []
    /// Set when undoing a savepoint failed: the transaction's state is unknown, so the
    /// storage rolls it back even if the body goes on and returns normally.
    private(set) var failedRollback: (any Error)?

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

    @discardableResult
    func execute(_ sql: SQL) throws -> Int {
        try connection.checkUsable(by: isActive)
        return try connection.execute(sql)
    }

    /// Runs the script statement by statement inside this transaction; see
    /// `Connection.executeScript` for how statements are split.
    func executeScript(_ sql: String) throws {
        try connection.checkUsable(by: isActive)
        try connection.executeScript(sql, requireTransaction: true)
    }

    func savepoint<T>(_ body: () throws -> T) throws -> T {
        try connection.checkUsable(by: isActive)
        savepointDepth += 1
        defer { savepointDepth -= 1 }
        let name = "teilhabe_savepoint_\(savepointDepth)"
        let actionsBefore = afterCommitActions.count
        try connection.run("SAVEPOINT \(name)")
        do {
            let value = try body()
            try connection.run("RELEASE \(name)")
            return value
        } catch {
            // Actions registered by the undone work must not run when the rest commits.
            afterCommitActions.removeSubrange(actionsBefore...)
            do {
                try connection.run("ROLLBACK TO \(name)")
                try connection.run("RELEASE \(name)")
            } catch let rollbackError {
                failedRollback = rollbackError
            }
            throw error
        }
    }

    func afterCommit(_ action: @escaping @Sendable () -> Void) {
        afterCommitActions.append(action)
    }
}
