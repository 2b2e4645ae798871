import CSQLite
import Foundation
import Kernel
import Synchronization

/// `Storage` on one SQLite file: the embedded default backend.
///
/// The database runs in WAL mode with one writer connection and a pool of reader
/// connections. Writes are serialised in arrival order inside the process (our writers
/// never see SQLITE_BUSY from each other); `busyTimeout` only matters when another process,
/// such as the `teilhabe` CLI, holds the lock. Reads run in parallel, each on a snapshot.
public final class SQLiteStorage: Storage {
    public let path: String
    public var dialect: SQLDialect { .sqlite }

    private let writer: WriterGate
    private let readers: ReaderPool
    private let busyTimeout: Duration
    private let closed = Atomic<Bool>(false)

    /// As many readers as cores, at least four: reads are short, and a reader per worker
    /// thread beyond the core count only adds page caches.
    public static var defaultReaderCount: Int { max(4, ProcessInfo.processInfo.activeProcessorCount) }

    /// Prepared statements kept per connection.
    static let statementCacheCapacity = 64

    /// Opens (and creates, with its folder) the database at `path`.
    public init(path: String, readers: Int = SQLiteStorage.defaultReaderCount, busyTimeout: Duration = .seconds(5))
        throws
    {
        guard !path.isEmpty, path != ":memory:", !path.hasPrefix("file:") else {
            throw SQLiteStorageError.cannotOpen(
                path: path, reason: "give the path of a file; in-memory databases cannot be shared by the reader connections")
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw SQLiteStorageError.cannotOpen(path: path, reason: "cannot create folder \(folder): \(error.localizedDescription)")
        }
        self.path = path
        self.busyTimeout = busyTimeout
        let capacity = Self.statementCacheCapacity
        let writerConnection = try Connection(
            path: path, role: .writer, busyTimeout: busyTimeout, statementCacheCapacity: capacity)
        writer = WriterGate(connection: writerConnection)
        self.readers = ReaderPool(capacity: readers) {
            try Connection(path: path, role: .reader, busyTimeout: busyTimeout, statementCacheCapacity: capacity)
        }
    }

    deinit {
        close()
    }

    /// Runs `body` on a reader inside a deferred transaction: it sees one snapshot, however
    /// many statements it runs, while writers go on committing.
    @discardableResult
    public func read<T>(_ scope: DataScope, _ body: (any DatabaseConnection) throws -> T) throws -> T {
        let connection = try readers.borrow()
        defer { readers.giveBack(connection) }
        return try connection.withScope(scope) {
            try RegionIsolation.prepare(connection, for: scope, guardWrites: false)
            try connection.run(TransactionControl.begin)
            let session = ReadSession(connection: connection, scope: scope)
            defer {
                session.end()
                // Ends the read-only transaction; for a snapshot, rollback and commit are the same.
                connection.rollback()
            }
            return try body(session)
        }
    }

    /// Runs `body` on the writer inside `BEGIN IMMEDIATE`: committed when it returns, rolled
    /// back when it throws. After-commit actions run once the writer is free again, on this
    /// thread, in the order they were registered.
    @discardableResult
    public func write<T>(_ scope: DataScope, _ body: (any DatabaseTransaction) throws -> T) throws -> T {
        let connection = try writer.enter()
        let result: T
        let actions: [@Sendable () -> Void]
        do {
            defer { writer.leave() }
            (result, actions) = try connection.withScope(scope) {
                // A transaction left open by a failed rollback would hold the triggers' DDL.
                connection.rollback()
                try RegionIsolation.prepare(connection, for: scope, guardWrites: true)
                return try transaction(on: connection, scope: scope, body)
            }
        }
        for action in actions { action() }
        return result
    }

    private func transaction<T>(
        on connection: Connection, scope: DataScope, _ body: (any DatabaseTransaction) throws -> T
    ) throws -> (T, [@Sendable () -> Void]) {
        // A transaction left open by a failed rollback would make BEGIN fail forever.
        connection.rollback()
        try connection.run(TransactionControl.beginImmediate)
        let session = WriteSession(connection: connection, scope: scope)
        do {
            let value = try body(session)
            session.end()
            if let failedRollback = session.failedRollback { throw failedRollback }
            try connection.run(TransactionControl.commit)
            return (value, session.afterCommitActions)
        } catch {
            session.end()
            connection.rollback()
            throw error
        }
    }

    /// Runs `SELECT 1` on a reader.
    public func checkReachable() throws {
        let one = try read { try $0.scalar(Int.self, "SELECT 1") }
        guard one == 1 else {
            throw StorageError.backend(code: Int(SQLITE_ERROR), message: "SELECT 1 returned \(String(describing: one))", sql: "SELECT 1")
        }
    }

    /// Refuses further work. Idle connections close now; a connection lent to a running
    /// read or write closes when that body finishes.
    public func close() {
        guard closed.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged
        else { return }
        writer.close()
        readers.close()
    }

    var isClosed: Bool { closed.load(ordering: .acquiring) }

    /// Opens the dedicated connection a backup reads through.
    func openBackupSource() throws -> Connection {
        try Connection(path: path, role: .reader, busyTimeout: busyTimeout, statementCacheCapacity: 4)
    }

    /// Idle readers, for tests of the statement cache.
    var idleReaders: [Connection] { readers.idleConnections }
}
