import Foundation
import Kernel

/// Lends the single writer connection to one `write` at a time, in the order the writes
/// arrived (a ticket queue), so our own writers wait for each other instead of meeting
/// SQLITE_BUSY. It also knows which thread holds the writer, to refuse a nested write.
///
/// `@unchecked Sendable`: every stored property is read and written only while holding
/// `condition`'s lock.
final class WriterGate: @unchecked Sendable {
    private let condition = NSCondition()
    private let connection: Connection
    private var nextTicket: UInt64 = 0
    private var nowServing: UInt64 = 0
    private var holder: ObjectIdentifier?
    private var isClosed = false

    init(connection: Connection) {
        self.connection = connection
    }

    /// Waits for this caller's turn and lends it the writer. Throws at once when the calling
    /// thread already holds it (waiting would deadlock) or the storage is closed.
    func enter() throws -> Connection {
        let thread = ObjectIdentifier(Thread.current)
        condition.lock()
        defer { condition.unlock() }
        if holder == thread { throw SQLiteStorageError.nestedWrite }
        guard !isClosed else { throw StorageError.closed }
        let ticket = nextTicket
        nextTicket += 1
        while nowServing != ticket { condition.wait() }
        guard !isClosed else {
            nowServing += 1
            condition.broadcast()
            throw StorageError.closed
        }
        holder = thread
        return connection
    }

    /// Hands the writer to the next ticket, or closes it when the storage was closed meanwhile.
    func leave() {
        condition.lock()
        defer { condition.unlock() }
        holder = nil
        nowServing += 1
        if isClosed { connection.close() }
        condition.broadcast()
    }

    /// Refuses new writes; the writer is closed now, or when the write holding it ends.
    func close() {
        condition.lock()
        defer { condition.unlock() }
        guard !isClosed else { return }
        isClosed = true
        if holder == nil { connection.close() }
        condition.broadcast()
    }
}
