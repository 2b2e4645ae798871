import CSQLite
import Kernel

/// The SQL function `teilhabe_region()`: the region id of the scope the connection is lent
/// to, NULL in the global scope. Views and triggers can use it to keep regions apart.
enum RegionFunction {
    static let name = "teilhabe_region"

    static func register(on connection: Connection) throws {
        // Unretained: the function lives exactly as long as the connection's handle, which
        // the connection closes before it goes away.
        let context = Unmanaged.passUnretained(connection).toOpaque()
        // INNOCUOUS (no side effects) lets triggers and views call it; not DETERMINISTIC,
        // because the answer changes with each unit of work.
        let flags = SQLITE_UTF8 | SQLITE_INNOCUOUS
        let code = sqlite3_create_function_v2(
            connection.handle, name, 0, flags, context,
            { context, _, _ in
                guard let context, let data = sqlite3_user_data(context) else { return }
                let connection = Unmanaged<Connection>.fromOpaque(data).takeUnretainedValue()
                RegionFunction.result(connection.scope.region, in: context)
            },
            nil, nil, nil)
        guard code == SQLITE_OK else {
            throw ErrorMapping.error(code: code, handle: connection.handle, sql: "register \(name)()")
        }
    }

    private static func result(_ region: String?, in context: OpaquePointer) {
        guard var region else {
            sqlite3_result_null(context)
            return
        }
        region.withUTF8 { bytes in
            guard let base = bytes.baseAddress else {
                _ = csqlite_result_text_transient(context, "", 0)
                return
            }
            UnsafeRawPointer(base).withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                _ = csqlite_result_text_transient(context, $0, Int32(clamping: bytes.count))
            }
        }
    }
}
