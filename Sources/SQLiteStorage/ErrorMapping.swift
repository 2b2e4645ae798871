import CSQLite
import Foundation
import Kernel

/// Turns SQLite result codes into `StorageError`s that name what a person needs: the
/// columns of a failed unique constraint, the statement that failed.
enum ErrorMapping {
    // Extended result codes are C macros built with `|` and `<<`, which Swift does not import.
    static let constraintUnique: Int32 = SQLITE_CONSTRAINT | (8 << 8)
    static let constraintPrimaryKey: Int32 = SQLITE_CONSTRAINT | (6 << 8)

    /// The error for the last failed call on `handle`, which returned `code`.
    static func error(code: Int32, handle: OpaquePointer?, sql: String) -> StorageError {
        let extended = handle.map { sqlite3_extended_errcode($0) } ?? code
        let message = handle.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
            ?? String(cString: sqlite3_errstr(code))
        return error(extendedCode: extended, message: message, sql: sql)
    }

    static func error(extendedCode: Int32, message: String, sql: String) -> StorageError {
        switch extendedCode {
        case _ where message.hasPrefix(RegionIsolation.violationMarker):
            return .scopeViolation(String(message.dropFirst(RegionIsolation.violationMarker.count)) + " (in: \(sql))")
        case constraintUnique, constraintPrimaryKey:
            // "UNIQUE constraint failed: workshops.region, workshops.title" → the column list.
            return .uniqueViolation(detail: detail(after: "constraint failed: ", in: message))
        case _ where extendedCode & 0xFF == SQLITE_CONSTRAINT:
            // "NOT NULL constraint failed: workshops.title" → "NOT NULL: workshops.title".
            return .constraintViolation(detail: message.replacingFirst(" constraint failed", with: ""))
        case _ where extendedCode & 0xFF == SQLITE_BUSY:
            return .busy("\(message) (in: \(sql))")
        default:
            return .backend(code: Int(extendedCode), message: message, sql: sql)
        }
    }

    private static func detail(after marker: String, in message: String) -> String {
        guard let range = message.range(of: marker) else { return message }
        return String(message[range.upperBound...])
    }
}

extension String {
    fileprivate func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { return self }
        return replacingCharacters(in: range, with: replacement)
    }
}
