/// Prepared statements of one connection keyed by SQL text, bounded by evicting the least
/// recently used. Modules build SQL from literals, so the set of texts is small and a hit
/// saves the parse and plan on every request.
final class StatementCache {
    let capacity: Int
    private var statements: [String: Statement] = [:]
    private var clock: UInt64 = 0

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    var count: Int { statements.count }

    /// The cached statement for `sql` when it is not in use, marked as just used.
    func statement(for sql: String) -> Statement? {
        guard let statement = statements[sql], !statement.inUse else { return nil }
        clock &+= 1
        statement.lastUsed = clock
        return statement
    }

    func contains(_ sql: String) -> Bool { statements[sql] != nil }

    /// Keeps `statement`, evicting the least recently used one that is not in use. Returns
    /// false when it was not kept (every cached statement is in use), so the caller finalizes it.
    func insert(_ statement: Statement) -> Bool {
        guard statements[statement.sql] == nil else { return false }
        if statements.count >= capacity {
            guard let victim = statements.values.filter({ !$0.inUse }).min(by: { $0.lastUsed < $1.lastUsed })
            else { return false }
            statements[victim.sql] = nil
            victim.finalize()
        }
        clock &+= 1
        statement.lastUsed = clock
        statements[statement.sql] = statement
        return true
    }

    func removeAll() {
        for statement in statements.values { statement.finalize() }
        statements = [:]
    }
}
