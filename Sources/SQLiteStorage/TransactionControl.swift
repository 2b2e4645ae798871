import CSQLite

/// The statements with which the storage opens and ends transactions. Bodies may not run
/// BEGIN, COMMIT or ROLLBACK themselves: an authorizer refuses them when they are prepared,
/// so a body cannot commit half its work. Ours carry a marker comment, so a body's `COMMIT`
/// is never the cached statement the storage prepared for itself.
enum TransactionControl: String {
    case begin = "BEGIN /* teilhabe storage */"
    case beginImmediate = "BEGIN IMMEDIATE /* teilhabe storage */"
    case commit = "COMMIT /* teilhabe storage */"
    case rollback = "ROLLBACK /* teilhabe storage */"

    /// Installs the authorizer that refuses transaction statements unless the connection is
    /// running one of ours. Savepoints stay allowed: they nest inside our transaction.
    static func installAuthorizer(on connection: Connection) {
        // Unretained: the authorizer lives as long as the handle, closed before the connection goes.
        let context = Unmanaged.passUnretained(connection).toOpaque()
        sqlite3_set_authorizer(
            connection.handle,
            { context, action, first, second, _, origin in
                guard let context else { return SQLITE_OK }
                let connection = Unmanaged<Connection>.fromOpaque(context).takeUnretainedValue()
                guard action == SQLITE_TRANSACTION else {
                    RegionIsolation.record(on: connection, action: action, first: first, second: second, origin: origin)
                    return SQLITE_OK
                }
                guard connection.isRunningTransactionControl else {
                    connection.refusedTransactionControl = true
                    return SQLITE_DENY
                }
                return SQLITE_OK
            },
            context)
    }
}
