import CSQLite
import Foundation
import Kernel

/// One SQLite connection with its prepared-statement cache and the data scope of the unit
/// of work it is lent to.
///
/// `@unchecked Sendable`: connections are opened with SQLITE_OPEN_NOMUTEX, so SQLite does not
/// lock them. They move between threads only through `WriterGate` and `ReaderPool`, which
/// lend each connection to one thread at a time under a lock; that lock hand-over orders
/// every access, so no two threads touch a connection (or its cache) concurrently.
final class Connection: @unchecked Sendable {
    enum Role {
        /// The single writer; it also switches the database to WAL.
        case writer
        /// A reader; `query_only` makes an accidental write fail instead of taking the lock.
        case reader
    }

    let handle: OpaquePointer
    let path: String
    /// The scope of the `read` or `write` currently using this connection.
    private(set) var scope: DataScope = .global
    private let statements: StatementCache
    /// Statements prepared so far (cache misses included), for tests of the cache.
    private(set) var preparedCount = 0
    private(set) var isClosed = false
    /// True while the storage runs one of its own `TransactionControl` statements.
    fileprivate(set) var isRunningTransactionControl = false
    /// Set by the authorizer when it refused a body's BEGIN, COMMIT or ROLLBACK.
    var refusedTransactionControl = false
    /// Schema knowledge and authorizer notes for tenant isolation (see `RegionIsolation`).
    var isolation = RegionIsolation.ConnectionState()

    /// Process-wide settings, made before the first connection opens (SQLite refuses them
    /// once it is initialised): no memory statistics, whose counters take a global mutex
    /// on every allocation of every connection.
    private static let configured: Void = {
        _ = csqlite_disable_memory_statistics()
    }()

    init(path: String, role: Role, busyTimeout: Duration, statementCacheCapacity: Int) throws {
        Self.configured
        var opened: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let code = sqlite3_open_v2(path, &opened, flags, nil)
        guard code == SQLITE_OK, let opened else {
            let reason = opened.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(code))
            sqlite3_close_v2(opened)
            throw SQLiteStorageError.cannotOpen(path: path, reason: reason)
        }
        handle = opened
        self.path = path
        statements = StatementCache(capacity: statementCacheCapacity)
        do {
            try configure(role: role, busyTimeout: busyTimeout)
            try RegionFunction.register(on: self)
            try SearchRankFunction.register(on: self)
            TransactionControl.installAuthorizer(on: self)
        } catch {
            close()
            throw SQLiteStorageError.cannotOpen(path: path, reason: "\(error)")
        }
    }

    deinit {
        if !isClosed { close() }
    }

    private func configure(role: Role, busyTimeout: Duration) throws {
        sqlite3_extended_result_codes(handle, 1)
        let (seconds, attoseconds) = busyTimeout.components
        let milliseconds = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        sqlite3_busy_timeout(handle, Int32(clamping: milliseconds))
        switch role {
        case .writer:
            // WAL lets readers keep reading while the one writer commits.
            let mode = try query(SQL("PRAGMA journal_mode = WAL")).first?.values.first
            guard mode == .text("wal") else {
                throw StorageError.backend(
                    code: Int(SQLITE_ERROR), message: "the database refused WAL mode (journal mode is \(mode ?? .null))",
                    sql: "PRAGMA journal_mode = WAL")
            }
            // In WAL mode NORMAL syncs at checkpoints, not at every commit: a crash of the
            // process loses nothing and a power cut can lose the last commits but never corrupts.
            try run("PRAGMA synchronous = NORMAL")
        case .reader:
            try run("PRAGMA query_only = ON")
        }
        try run("PRAGMA foreign_keys = ON")
    }

    func close() {
        guard !isClosed else { return }
        isClosed = true
        statements.removeAll()
        sqlite3_close_v2(handle)
    }

    var cachedStatementCount: Int { statements.count }

    /// Finalizes every cached statement, so that the next use prepares (and judges) it anew.
    func discardCachedStatements() { statements.removeAll() }

    /// True while a transaction is open on this connection.
    var isInTransaction: Bool { !isClosed && sqlite3_get_autocommit(handle) == 0 }

    /// Runs `body` with `scope` as this connection's scope (what `teilhabe_region()` returns).
    func withScope<T>(_ scope: DataScope, _ body: () throws -> T) rethrows -> T {
        self.scope = scope
        defer { self.scope = .global }
        return try body()
    }

    // MARK: Statements

    /// Runs a statement without parameters, such as a pragma or a savepoint.
    func run(_ text: String) throws {
        _ = try execute(SQL(text))
    }

    /// Opens or ends a transaction on behalf of the storage.
    func run(_ control: TransactionControl) throws {
        isRunningTransactionControl = true
        defer { isRunningTransactionControl = false }
        _ = try execute(SQL(control.rawValue))
    }

    /// Rolls back the open transaction, if any. Returns false when the connection is still in
    /// a transaction afterwards and so must not be used again.
    @discardableResult
    func rollback() -> Bool {
        guard isInTransaction else { return true }
        try? run(TransactionControl.rollback)
        return !isInTransaction
    }

    /// Runs one statement and returns the number of rows it changed.
    func execute(_ sql: SQL) throws -> Int {
        try withStatement(sql) { statement in
            while true {
                let code = sqlite3_step(statement.handle)
                if code == SQLITE_DONE { break }
                if code != SQLITE_ROW { throw ErrorMapping.error(code: code, handle: handle, sql: sql.text) }
            }
            return Int(sqlite3_changes(handle))
        }
    }

    /// Runs one statement and hands each row to `body` as it is stepped.
    func forEachRow(_ sql: SQL, _ body: (Row) throws -> Void) throws {
        try withStatement(sql) { statement in
            // Read after the first step: a schema change re-prepares the statement there.
            var columns: ColumnNames?
            while true {
                let code = sqlite3_step(statement.handle)
                if code == SQLITE_ROW {
                    let names = columns ?? statement.columns
                    columns = names
                    try body(statement.row(columns: names))
                } else if code == SQLITE_DONE {
                    return
                } else {
                    throw ErrorMapping.error(code: code, handle: handle, sql: sql.text)
                }
            }
        }
    }

    /// Steps `sql` and hands `body` the statement itself as the cursor on each row.
    func forEachRow(_ sql: SQL, cursor body: (any RowCursor) throws -> Void) throws {
        try withStatement(sql) { statement in
            while true {
                let code = sqlite3_step(statement.handle)
                if code == SQLITE_ROW {
                    try body(statement)
                } else if code == SQLITE_DONE {
                    return
                } else {
                    throw ErrorMapping.error(code: code, handle: handle, sql: sql.text)
                }
            }
        }
    }

    func query(_ sql: SQL) throws -> [Row] {
        var rows: [Row] = []
        try forEachRow(sql) { rows.append($0) }
        return rows
    }

    /// Borrows the cached statement for `sql` (preparing and caching it on a miss), binds the
    /// parameters and resets it afterwards. A statement already stepping further up the
    /// stack (same SQL inside a `forEachRow` body) is not shared: a private one is prepared.
    private func withStatement<T>(_ sql: SQL, _ body: (Statement) throws -> T) throws -> T {
        guard !isClosed else { throw StorageError.closed }
        let statement: Statement
        var isPrivate = false
        if let cached = statements.statement(for: sql.text) {
            statement = cached
        } else {
            statement = try prepare(sql.text)
            isPrivate = !statements.insert(statement)
        }
        statement.inUse = true
        defer {
            statement.reset()
            statement.inUse = false
            if isPrivate { statement.finalize() }
        }
        try statement.bind(sql.bindings, connection: handle)
        try RegionIsolation.check(statement.regionAccess, sql: sql.text, scope: scope, bindings: sql.bindings)
        return try body(statement)
    }

    private func prepare(_ text: String) throws -> Statement {
        try text.withCString { start in
            var prepared: OpaquePointer?
            var tail: UnsafePointer<CChar>?
            isolation.recording = []
            let code = sqlite3_prepare_v3(handle, start, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &prepared, &tail)
            let access = RegionIsolation.access(of: isolation.recording ?? [], schema: isolation.schema)
            isolation.recording = nil
            guard code == SQLITE_OK else { throw prepareError(code: code, sql: text) }
            guard let prepared else {
                throw StorageError.backend(code: Int(SQLITE_MISUSE), message: "the SQL holds no statement", sql: text)
            }
            preparedCount += 1
            if let tail, holdsStatement(tail) {
                sqlite3_finalize(prepared)
                throw StorageError.backend(
                    code: Int(SQLITE_MISUSE),
                    message: "the SQL holds more than one statement; run scripts with executeScript", sql: text)
            }
            return Statement(handle: prepared, sql: text, regionAccess: access)
        }
    }

    private func prepareError(code: Int32, sql: String) -> any Error {
        guard code == SQLITE_AUTH, refusedTransactionControl else {
            return ErrorMapping.error(code: code, handle: handle, sql: sql)
        }
        refusedTransactionControl = false
        return SQLiteStorageError.transactionControlRefused(sql: sql)
    }

    /// Whether `text` holds a statement, as opposed to nothing, `;`, whitespace or comments.
    private func holdsStatement(_ text: UnsafePointer<CChar>) -> Bool {
        var cursor = text
        while cursor.pointee == 0x20 || cursor.pointee == 0x0A || cursor.pointee == 0x09
            || cursor.pointee == 0x0D || cursor.pointee == 0x3B
        {
            cursor += 1
        }
        guard cursor.pointee != 0 else { return false }
        // Comments prepare to no statement; anything else, even text that fails to prepare, is one.
        var extra: OpaquePointer?
        let code = sqlite3_prepare_v2(handle, cursor, -1, &extra, nil)
        sqlite3_finalize(extra)
        refusedTransactionControl = false
        return code != SQLITE_OK || extra != nil
    }

    /// Runs a script statement by statement. SQLite's parser finds where each statement ends
    /// (`sqlite3_prepare_v2` reports the tail), so `;` inside string literals, comments and
    /// `CREATE TRIGGER … BEGIN …; …; END` bodies does not split a statement. Script statements
    /// are prepared once and not cached. With `requireTransaction`, a statement that ends the
    /// surrounding transaction (an error that makes SQLite roll back) stops the script.
    func executeScript(_ script: String, requireTransaction: Bool) throws {
        guard !isClosed else { throw StorageError.closed }
        try script.withCString { start in
            var cursor = start
            while cursor.pointee != 0 {
                var prepared: OpaquePointer?
                var tail: UnsafePointer<CChar>?
                isolation.recording = []
                let code = sqlite3_prepare_v2(handle, cursor, -1, &prepared, &tail)
                let access = RegionIsolation.access(of: isolation.recording ?? [], schema: isolation.schema)
                isolation.recording = nil
                guard code == SQLITE_OK else { throw prepareError(code: code, sql: statementText(from: cursor, to: nil)) }
                guard let tail, tail > cursor else { break }
                defer { cursor = tail }
                guard let prepared else { continue }
                defer { sqlite3_finalize(prepared) }
                try RegionIsolation.check(access, sql: statementText(from: cursor, to: tail), scope: scope, bindings: [])
                while true {
                    let code = sqlite3_step(prepared)
                    if code == SQLITE_DONE { break }
                    if code != SQLITE_ROW {
                        throw ErrorMapping.error(code: code, handle: handle, sql: statementText(from: cursor, to: tail))
                    }
                }
                if requireTransaction, !isInTransaction { throw SQLiteStorageError.transactionAborted }
            }
        }
    }

    /// The statement from `start` to `end`, for errors. Without `end` (the statement did not
    /// prepare, so SQLite reported no tail) it ends at the first `;` that completes it.
    private func statementText(from start: UnsafePointer<CChar>, to end: UnsafePointer<CChar>?) -> String {
        func text(length: Int) -> String {
            String(decoding: UnsafeRawBufferPointer(start: start, count: length), as: UTF8.self)
        }
        var length = end.map { $0 - start } ?? strlen(start)
        if end == nil {
            var cursor = start
            while cursor.pointee != 0 {
                if cursor.pointee == 0x3B, sqlite3_complete(text(length: cursor - start + 1)) != 0 {
                    length = cursor - start + 1
                    break
                }
                cursor += 1
            }
        }
        var statement = text(length: length).trimmingCharacters(in: .whitespacesAndNewlines)
        if statement.hasSuffix(";") { statement.removeLast() }
        return statement
    }
}
