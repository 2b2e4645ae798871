import CSQLite
import Kernel

/// Tenant isolation: in a unit of work scoped to a region, the storage refuses to touch
/// another region's rows of a region-owned table, so that a module cannot forget its filter.
///
/// A table is **region-owned** when it has a column named `region` (ordinary tables only;
/// virtual tables such as FTS indexes are not checked). The storage finds them in the schema
/// itself, so a module declares nothing: giving a table `region TEXT NOT NULL` is enough.
///
/// What is guaranteed in `.region(id)` scope:
/// - **Writes, row by row.** TEMP triggers on every region-owned table abort any INSERT,
///   UPDATE or DELETE (cascades and UPSERTs included) of a row whose `region` is another
///   region's, with `StorageError.scopeViolation`. Rows with a NULL region belong to no
///   region and may be written.
/// - **Reads, statement by statement.** When a statement is prepared, SQLite's authorizer
///   reports every table and column it reads. A statement that only reads (a SELECT) and reads
///   a region-owned table without reading that table's `region` column is refused; one that
///   does read it must also either bind this unit's region id as a parameter or call
///   `teilhabe_region()`. So `WHERE region = \(context.region.id)` passes, a forgotten filter,
///   `SELECT count(*) FROM t` or `WHERE id = ?` alone is refused, and so is a filter bound to
///   another region's id.
///
/// Limits (the check is a guard against mistakes, not a sandbox for hostile code):
/// - Reads are checked by which columns a statement mentions, not by its logic:
///   `WHERE region = ? OR 1` or `SELECT *` with this region bound for another purpose passes.
/// - In statements that write, reads of the written table are not checked (the triggers check
///   every row actually written), nor are reads of foreign-key columns (SQLite reads those to
///   enforce constraints); reads of other tables are. `INSERT … SELECT` copying another
///   region's rows into a table that is not region-owned is not caught.
/// - Reads inside triggers are not checked; reads through views are checked against the
///   tables the view reads.
/// - `INSERT OR REPLACE` may delete a conflicting row of another region without the delete
///   trigger firing; use `ON CONFLICT … DO UPDATE`, which is checked.
/// - `.global` units (migrations, privacy erasure, operator reports) are not restricted.
enum RegionIsolation {
    /// The prefix of the messages of the triggers' `RAISE`, mapped to `scopeViolation`.
    static let violationMarker = "teilhabe-scope-violation: "
    static let triggerPrefix = "teilhabe_scope_"
    static let regionColumn = "region"

    /// One authorizer report made while a statement was prepared.
    struct Event {
        enum Kind { case read, write, function }
        var kind: Kind
        /// Table for reads and writes, function name for calls (lowercased).
        var name: String
        var column: String
        /// The trigger or view the access comes from; nil for the statement itself.
        var origin: String?
    }

    /// What a prepared statement does to region-owned tables, decided when it was prepared.
    struct StatementAccess {
        /// Region-owned tables read without reading their region column.
        var unfiltered: [String] = []
        /// Region-owned tables whose region column is read.
        var filtered: [String] = []
        var callsRegionFunction = false

        var isEmpty: Bool { unfiltered.isEmpty && filtered.isEmpty }
    }

    /// What one connection knows about the schema, refreshed when the schema changes.
    struct Schema {
        var version: Int64 = -1
        var regionOwned: Set<String> = []
        var views: Set<String> = []
        /// Columns taking part in a foreign key, on either side, by table.
        var foreignKeyColumns: [String: Set<String>] = [:]
        /// The region-owned tables the writer's triggers currently guard.
        var guardedTables: Set<String> = []
    }

    /// The authorizer's notes for the statement being prepared, and the schema knowledge.
    struct ConnectionState {
        var schema = Schema()
        var recording: [Event]?
    }

    // MARK: Recording

    /// Called by the connection's authorizer for every access while a statement is prepared.
    static func record(
        on connection: Connection, action: Int32, first: UnsafePointer<CChar>?, second: UnsafePointer<CChar>?,
        origin: UnsafePointer<CChar>?
    ) {
        guard connection.isolation.recording != nil else { return }
        let kind: Event.Kind
        switch action {
        case SQLITE_READ: kind = .read
        case SQLITE_INSERT, SQLITE_UPDATE, SQLITE_DELETE: kind = .write
        case SQLITE_FUNCTION: kind = .function
        default: return
        }
        // For a function the name is the second argument; for tables the first.
        let name = (kind == .function ? second : first).map { String(cString: $0).lowercased() } ?? ""
        let column = kind == .read ? (second.map { String(cString: $0).lowercased() } ?? "") : ""
        connection.isolation.recording?.append(
            Event(kind: kind, name: name, column: column, origin: origin.map { String(cString: $0).lowercased() }))
    }

    /// Decides what a statement does to region-owned tables from what its preparation read.
    static func access(of events: [Event], schema: Schema) -> StatementAccess {
        // Events from triggers are left out (writes are guarded row by row); views count.
        let own = events.filter { event in event.origin.map { schema.views.contains($0) } ?? true }
        let written = Set(own.filter { $0.kind == .write && $0.origin == nil }.map(\.name))
        var reads: [String: Set<String>] = [:]
        for event in own where event.kind == .read && schema.regionOwned.contains(event.name) {
            if written.contains(event.name) { continue }
            if !written.isEmpty, schema.foreignKeyColumns[event.name]?.contains(event.column) == true { continue }
            reads[event.name, default: []].insert(event.column)
        }
        var access = StatementAccess()
        access.unfiltered = reads.filter { !$0.value.contains(regionColumn) }.keys.sorted()
        access.filtered = reads.filter { $0.value.contains(regionColumn) }.keys.sorted()
        access.callsRegionFunction = own.contains { $0.kind == .function && $0.name == RegionFunction.name }
        return access
    }

    // MARK: Checking

    /// Throws `scopeViolation` when `access`, used in `scope` with `bindings`, could reach
    /// another region's rows.
    static func check(_ access: StatementAccess, sql: String, scope: DataScope, bindings: [DatabaseValue]) throws {
        guard case .region(let region) = scope, !access.isEmpty else { return }
        if let table = access.unfiltered.first {
            throw StorageError.scopeViolation(
                "in region \(region), the statement reads \(table), a region-owned table, without filtering by \(table).region; add `\(table).region = <the region>` (in: \(sql))")
        }
        guard access.callsRegionFunction || bindings.contains(.text(region)) else {
            throw StorageError.scopeViolation(
                "in region \(region), the statement filters \(access.filtered.joined(separator: ", ")) by region but binds neither '\(region)' nor calls \(RegionFunction.name)() (in: \(sql))")
        }
    }

    // MARK: Keeping up with the schema

    /// Brings the connection's schema knowledge (and, on the writer, its triggers) up to date
    /// before a unit of work in `scope`. Runs outside any transaction: a trigger created inside
    /// one would vanish with its rollback.
    static func prepare(_ connection: Connection, for scope: DataScope, guardWrites: Bool) throws {
        guard scope.region != nil else { return }
        guard let version = try connection.query(SQL("PRAGMA schema_version")).first?.values.first,
              case .integer(let current) = version else { return }
        if current != connection.isolation.schema.version {
            var schema = try readSchema(connection, version: current)
            schema.guardedTables = connection.isolation.schema.guardedTables
            connection.isolation.schema = schema
            // Statements prepared before were judged against the old schema.
            connection.discardCachedStatements()
        }
        if guardWrites, connection.isolation.schema.guardedTables != connection.isolation.schema.regionOwned {
            try installTriggers(on: connection)
        }
    }

    private static func readSchema(_ connection: Connection, version: Int64) throws -> Schema {
        var schema = Schema(version: version)
        let objects = try connection.query(SQL("""
            SELECT name, type, sql FROM sqlite_schema
            WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
            """))
        var primaryKeys: [String: [String]] = [:]
        var tables: [String] = []
        for object in objects {
            let name = try object.get("name", as: String.self).lowercased()
            if try object.get("type", as: String.self) == "view" {
                schema.views.insert(name)
                continue
            }
            let sql = (try? object.get("sql", as: String.self)) ?? ""
            if sql.uppercased().hasPrefix("CREATE VIRTUAL") { continue }
            tables.append(name)
            let columns = try connection.query(SQL("SELECT name, pk FROM pragma_table_info(?)", bindings: [.text(name)]))
            if try columns.contains(where: { try $0.get("name", as: String.self).lowercased() == regionColumn }) {
                schema.regionOwned.insert(name)
            }
            primaryKeys[name] = try columns.filter { try $0.get("pk", as: Int.self) > 0 }
                .map { try $0.get("name", as: String.self).lowercased() }
        }
        for child in tables {
            let keys = try connection.query(SQL(
                "SELECT \"from\", \"table\", \"to\" FROM pragma_foreign_key_list(?)", bindings: [.text(child)]))
            for key in keys {
                let parent = try key.get("table", as: String.self).lowercased()
                schema.foreignKeyColumns[child, default: []].insert(try key.get("from", as: String.self).lowercased())
                // A reference without columns names the parent's primary key.
                let referenced = (try? key.get("to", as: String.self)).map { [$0.lowercased()] } ?? primaryKeys[parent] ?? []
                schema.foreignKeyColumns[parent, default: []].formUnion(referenced)
            }
        }
        return schema
    }

    /// Replaces the writer's guard triggers with one set per region-owned table.
    private static func installTriggers(on connection: Connection) throws {
        let existing = try connection.query(SQL(
            "SELECT name FROM temp.sqlite_schema WHERE type = 'trigger' AND name LIKE ?",
            bindings: [.text(triggerPrefix + "%")]))
        for row in existing {
            try connection.run("DROP TRIGGER IF EXISTS temp.\(quoted(try row.get("name", as: String.self)))")
        }
        let tables = connection.isolation.schema.regionOwned
        for table in tables.sorted() {
            for statement in triggerStatements(for: table) { try connection.run(statement) }
        }
        connection.isolation.schema.guardedTables = tables
    }

    static func triggerStatements(for table: String) -> [String] {
        let scoped = "\(RegionFunction.name)() IS NOT NULL"
        func foreign(_ row: String) -> String {
            "(\(row).region IS NOT NULL AND \(row).region IS NOT \(RegionFunction.name)())"
        }
        func raise(_ what: String) -> String {
            // RAISE takes a literal; the table name comes from the schema, so quote it as one.
            "SELECT RAISE(ABORT, '\(violationMarker)\(what) \(table.replacingOccurrences(of: "'", with: "''")) touches a row of another region');"
        }
        let target = "main.\(quoted(table))"
        return [
            "CREATE TEMP TRIGGER \(quoted(triggerPrefix + table + "_insert")) BEFORE INSERT ON \(target) WHEN \(scoped) AND \(foreign("NEW")) BEGIN \(raise("an insert into")) END",
            "CREATE TEMP TRIGGER \(quoted(triggerPrefix + table + "_update")) BEFORE UPDATE ON \(target) WHEN \(scoped) AND (\(foreign("OLD")) OR \(foreign("NEW"))) BEGIN \(raise("an update of")) END",
            "CREATE TEMP TRIGGER \(quoted(triggerPrefix + table + "_delete")) BEFORE DELETE ON \(target) WHEN \(scoped) AND \(foreign("OLD")) BEGIN \(raise("a delete from")) END",
        ]
    }

    static func quoted(_ identifier: String) -> String {
        "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
