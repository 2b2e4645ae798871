/// Errors of the SQLite backend that `StorageError` has no case for: files that cannot be
/// opened or written, and misuse that would otherwise deadlock or corrupt a transaction.
public enum SQLiteStorageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The database file (or its folder) could not be created or opened.
    case cannotOpen(path: String, reason: String)
    /// A backup could not be written to `path`.
    case backupFailed(path: String, reason: String)
    /// A `write` body called `write` again on the same thread; waiting would deadlock.
    case nestedWrite
    /// A `read` body called `read` again on the same thread; with every reader lent out,
    /// waiting would deadlock.
    case nestedRead
    /// A connection was used after the `read` or `write` body it was lent to returned.
    case connectionUsedAfterBody
    /// A body ran BEGIN, COMMIT or ROLLBACK; the storage alone opens and ends transactions.
    case transactionControlRefused(sql: String)
    /// An earlier error made SQLite roll the transaction back (a full disk, an I/O error);
    /// nothing more may run in this body, or it would run outside any transaction.
    case transactionAborted

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason):
            "cannot open database \(path): \(reason)"
        case .backupFailed(let path, let reason):
            "cannot write backup \(path): \(reason)"
        case .nestedWrite:
            "storage.write was called inside a write body on the same thread; use the transaction you were given"
        case .nestedRead:
            "storage.read was called inside a read body on the same thread; use the connection you were given"
        case .connectionUsedAfterBody:
            "a database connection was used after the read or write body it was lent to had returned"
        case .transactionControlRefused(let sql):
            "BEGIN, COMMIT and ROLLBACK are the storage's to run (use savepoint to undo part of a write): \(sql)"
        case .transactionAborted:
            "the transaction was rolled back by an earlier error; no further statement runs in this body"
        }
    }
}
