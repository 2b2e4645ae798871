import Foundation
import Kernel

/// Reader connections, opened on demand up to `capacity` and lent to one `read` at a time.
/// Idle readers are reused last-in first-out, so the busiest ones keep warm caches.
///
/// `@unchecked Sendable`: every stored property is read and written only while holding
/// `condition`'s lock; a lent connection is touched only by the thread that borrowed it.
final class ReaderPool: @unchecked Sendable {
    private let condition = NSCondition()
    private let capacity: Int
    private let open: @Sendable () throws -> Connection
    private var idle: [Connection] = []
    private var openCount = 0
    /// Threads holding a reader, to refuse a nested read (it could wait forever for a reader).
    private var borrowers: Set<ObjectIdentifier> = []
    private var isClosed = false

    init(capacity: Int, open: @escaping @Sendable () throws -> Connection) {
        self.capacity = max(1, capacity)
        self.open = open
    }

    func borrow() throws -> Connection {
        let thread = ObjectIdentifier(Thread.current)
        condition.lock()
        guard !borrowers.contains(thread) else {
            condition.unlock()
            throw SQLiteStorageError.nestedRead
        }
        while true {
            if isClosed {
                condition.unlock()
                throw StorageError.closed
            }
            if let connection = idle.popLast() {
                borrowers.insert(thread)
                condition.unlock()
                return connection
            }
            if openCount < capacity {
                openCount += 1
                borrowers.insert(thread)
                condition.unlock()
                do {
                    return try open()
                } catch {
                    condition.lock()
                    openCount -= 1
                    borrowers.remove(thread)
                    condition.signal()
                    condition.unlock()
                    throw error
                }
            }
            condition.wait()
        }
    }

    /// Takes a reader back. One left inside a transaction (a failed rollback) is closed
    /// rather than lent again.
    func giveBack(_ connection: Connection) {
        let thread = ObjectIdentifier(Thread.current)
        condition.lock()
        defer { condition.unlock() }
        borrowers.remove(thread)
        if isClosed || connection.isInTransaction {
            connection.close()
            openCount -= 1
        } else {
            idle.append(connection)
        }
        condition.signal()
    }

    /// Closes idle readers now and lent ones when they come back; later borrows throw.
    func close() {
        condition.lock()
        defer { condition.unlock() }
        isClosed = true
        for connection in idle { connection.close() }
        openCount -= idle.count
        idle = []
        condition.broadcast()
    }

    /// The readers waiting to be lent, for tests.
    var idleConnections: [Connection] {
        condition.lock()
        defer { condition.unlock() }
        return idle
    }
}
