import CSQLite
import Foundation
import Kernel

extension SQLiteStorage {
    /// Pages copied per `sqlite3_backup_step`.
    static let backupPagesPerStep: Int32 = 256

    /// Writes a consistent copy of the database to `path` while the server keeps running.
    ///
    /// A dedicated connection opens a read transaction first and holds it to the end, so the
    /// copy is one snapshot: in WAL mode writers go on committing meanwhile, and the backup
    /// never restarts because of them. The copy goes to a temporary file next to `path`,
    /// which is renamed over `path` only when complete.
    public func backup(to path: String) throws {
        guard !isClosed else { throw StorageError.closed }
        let destination = URL(fileURLWithPath: path)
        let folder = destination.deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw SQLiteStorageError.backupFailed(
                path: path, reason: "cannot create folder \(folder): \(error.localizedDescription)")
        }
        let temporary = folder + "/." + destination.lastPathComponent + ".backup-" + UUID().uuidString
        do {
            try copy(to: temporary)
        } catch {
            removeFile(temporary)
            throw SQLiteStorageError.backupFailed(path: path, reason: "\(error)")
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            removeFile(temporary)
            throw SQLiteStorageError.backupFailed(path: path, reason: "cannot move the finished copy into place: \(reason)")
        }
    }

    private func copy(to temporary: String) throws {
        let source = try openBackupSource()
        defer { source.close() }
        // Starts the read transaction whose snapshot the backup copies.
        try source.run(TransactionControl.begin)
        _ = try source.query("SELECT count(*) FROM sqlite_master")
        defer { source.rollback() }

        var opened: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let openCode = sqlite3_open_v2(temporary, &opened, flags, nil)
        defer { sqlite3_close_v2(opened) }
        guard openCode == SQLITE_OK, let target = opened else {
            throw ErrorMapping.error(code: openCode, handle: opened, sql: "open \(temporary)")
        }
        guard let backup = sqlite3_backup_init(target, "main", source.handle, "main") else {
            throw ErrorMapping.error(code: sqlite3_errcode(target), handle: target, sql: "sqlite3_backup_init")
        }
        var stepCode: Int32 = SQLITE_OK
        repeat {
            stepCode = sqlite3_backup_step(backup, Self.backupPagesPerStep)
            // BUSY or LOCKED means the temporary file is locked by something else for a moment.
            if stepCode == SQLITE_BUSY || stepCode == SQLITE_LOCKED { usleep(10_000) }
        } while stepCode == SQLITE_OK || stepCode == SQLITE_BUSY || stepCode == SQLITE_LOCKED
        let finishCode = sqlite3_backup_finish(backup)
        guard stepCode == SQLITE_DONE, finishCode == SQLITE_OK else {
            throw ErrorMapping.error(code: finishCode == SQLITE_OK ? stepCode : finishCode, handle: target, sql: "sqlite3_backup_step")
        }
    }

    private func removeFile(_ path: String) {
        for suffix in ["", "-journal", "-wal", "-shm"] {
            try? FileManager.default.removeItem(atPath: path + suffix)
        }
    }
}
