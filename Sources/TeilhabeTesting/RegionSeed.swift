import Foundation
import Kernel

/// Rows for every region-owned table of every linked module, derived from the schema alone,
/// so that tests proving isolation keep covering tables that modules add later.
///
/// For each region it inserts one row per table with the id `idBase` (the same id in every
/// table): `region` set, text columns holding a marker naming region, table and column
/// (`south-secret-workshops-title`), numbers set to a time 30 days ahead (in milliseconds, so
/// date columns list the row as upcoming and flags read as set), foreign keys pointing at the
/// same region's row of the referenced table. A CHECK constraint that refuses a marker is
/// retried with the string literals of the table's own SQL (`kind IN ('stationary', …)`), one
/// that refuses a number with the whole numbers written in it (`slot_minutes BETWEEN 5 AND 480`).
/// Kernel tables (`kernel_…`) are left to the tests: their rows carry meaning (JSON, hashes).
public enum RegionSeed {
    /// The marker text in region `region`'s rows; any response containing it shows its data.
    public static func marker(_ region: String) -> String { "\(region)-secret" }

    public struct Problem: Error, CustomStringConvertible {
        public let description: String
    }

    /// Seeds `regions` (id → row id) and returns the tables it filled.
    @discardableResult
    public static func seed(_ storage: any Storage, regions: [String: Int64], now: Date = Date()) throws -> [String] {
        try storage.write(.global) { db in
            let tables = try regionOwnedTables(db)
            let order = try dependencyOrder(tables, db: db)
            for table in order {
                for (region, id) in regions.sorted(by: { $0.key < $1.key }) {
                    try insert(into: table, region: region, id: id, now: now, db: db)
                }
            }
            return order
        }
    }

    static func regionOwnedTables(_ db: any DatabaseConnection) throws -> [String] {
        try db.query("""
            SELECT m.name FROM sqlite_schema m
            WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite%' AND m.name NOT LIKE 'kernel%'
              AND m.sql NOT LIKE 'CREATE VIRTUAL%'
              AND EXISTS (SELECT 1 FROM pragma_table_info(m.name) c WHERE c.name = 'region')
            ORDER BY m.name
            """).map { try $0.get("name", as: String.self) }
    }

    struct ForeignKey {
        var column: String
        var parent: String
    }

    static func foreignKeys(_ table: String, db: any DatabaseConnection) throws -> [ForeignKey] {
        try db.query(SQL("SELECT \"from\", \"table\" FROM pragma_foreign_key_list(?)", bindings: [.text(table)]))
            .map { ForeignKey(column: try $0.get("from"), parent: try $0.get("table")) }
    }

    /// Tables after the region-owned tables they reference.
    static func dependencyOrder(_ tables: [String], db: any DatabaseConnection) throws -> [String] {
        var ordered: [String] = []
        var visiting: Set<String> = []
        func visit(_ table: String) throws {
            guard !ordered.contains(table), !visiting.contains(table) else { return }
            visiting.insert(table)
            for key in try foreignKeys(table, db: db) where tables.contains(key.parent) { try visit(key.parent) }
            ordered.append(table)
        }
        for table in tables { try visit(table) }
        return ordered
    }

    private static func insert(into table: String, region: String, id: Int64, now: Date, db: any DatabaseTransaction) throws {
        let columns = try db.query(SQL("SELECT name, type, pk FROM pragma_table_info(?)", bindings: [.text(table)]))
            .map { (name: try $0.get("name", as: String.self), type: try $0.get("type", as: String.self).uppercased(), pk: try $0.get("pk", as: Int.self)) }
        let keys = try foreignKeys(table, db: db)
        let sql = try db.scalar(String.self, SQL("SELECT sql FROM sqlite_schema WHERE name = ?", bindings: [.text(table)])) ?? ""
        let literals = stringLiterals(in: sql)
        let future = Int64(now.addingTimeInterval(30 * 86_400).timeIntervalSince1970 * 1000)

        var candidates: [String: [DatabaseValue]] = [:]
        for column in columns {
            if column.name == "region" {
                candidates[column.name] = [.text(region)]
            } else if column.pk > 0, column.type.contains("INT") {
                candidates[column.name] = [.integer(id)]
            } else if let key = keys.first(where: { $0.column == column.name }) {
                candidates[column.name] = [key.parent.hasPrefix("kernel") ? .null : .integer(id), .null]
            } else if column.type.contains("INT") || column.type.contains("REAL") || column.type.contains("NUM") {
                candidates[column.name] = [.integer(future), .integer(1), .integer(0)] + numberLiterals(in: sql).map(DatabaseValue.integer)
            } else {
                candidates[column.name] = [.text("\(marker(region))-\(table)-\(column.name)")] + literals.map(DatabaseValue.text)
            }
        }
        var choice: [String: Int] = [:]
        for _ in 0..<200 {
            let names = columns.map(\.name)
            let values = names.map { candidates[$0]?[choice[$0] ?? 0] ?? .null }
            let statement = SQL(
                "INSERT INTO \(quoted(table)) (\(names.map(quoted).joined(separator: ", "))) VALUES (\(names.map { _ in "?" }.joined(separator: ", ")))",
                bindings: values)
            do {
                _ = try db.savepoint { try db.execute(statement) }
                return
            } catch StorageError.constraintViolation(let detail) {
                // Move on the first column the failed constraint names that has another candidate.
                guard let column = names.first(where: { detail.contains($0) && (choice[$0] ?? 0) + 1 < (candidates[$0]?.count ?? 0) }) else {
                    throw Problem(description: "cannot seed \(table) for \(region) from its schema: \(detail)")
                }
                choice[column, default: 0] += 1
            }
        }
        throw Problem(description: "cannot seed \(table) for \(region): no combination of values satisfied its constraints")
    }

    static func stringLiterals(in sql: String) -> [String] {
        var literals: [String] = []
        var current: String?
        var iterator = Array(sql).makeIterator()
        while let character = iterator.next() {
            if character == "'" {
                if let text = current {
                    literals.append(text)
                    current = nil
                } else {
                    current = ""
                }
            } else if current != nil {
                current?.append(character)
            }
        }
        return Array(Set(literals)).sorted()
    }

    /// Whole numbers written in the SQL outside string literals and names (`5`, `480`, not `001`'s
    /// neighbours in `learning_sites_2`).
    static func numberLiterals(in sql: String) -> [Int64] {
        var numbers: Set<Int64> = []
        var current = ""
        var previous: Character = " "
        var inString = false
        for character in sql + " " {
            if character == "'" { inString.toggle() }
            if !inString, character.isASCII, character.isNumber, current.isEmpty ? !(previous.isLetter || previous == "_" || previous.isNumber) : true {
                current.append(character)
            } else {
                if !current.isEmpty, !(character.isLetter || character == "_"), let number = Int64(current) { numbers.insert(number) }
                current = ""
            }
            previous = character
        }
        return numbers.sorted()
    }

    static func quoted(_ name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
}
