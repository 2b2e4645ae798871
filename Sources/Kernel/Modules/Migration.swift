/// One schema change of a module: an id that sorts in order (`001-create-workshops`) and
/// portable SQL (statements separated by `;`). Once a migration has been applied anywhere it
/// must never be edited; the kernel records its checksum and refuses to boot when it changes.
public struct Migration: Sendable {
    public var id: String
    public var sql: String

    public init(_ id: String, sql: String) {
        self.id = id
        self.sql = sql
    }

    /// SHA-256 of the SQL text, hex-encoded.
    public var checksum: String { Digest.sha256Hex(Array(sql.utf8)) }
}
