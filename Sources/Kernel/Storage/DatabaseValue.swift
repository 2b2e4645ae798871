import Foundation

/// A value as it crosses the storage boundary: the five storage classes both SQLite and
/// PostgreSQL can hold portably.
public enum DatabaseValue: Sendable, Hashable, CustomStringConvertible {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])

    public var description: String {
        switch self {
        case .null: "NULL"
        case .integer(let value): String(value)
        case .real(let value): String(value)
        case .text(let value): "'\(value)'"
        case .blob(let value): "<\(value.count) bytes>"
        }
    }
}

/// A Swift type that can be bound as a parameter and read back from a column.
///
/// Conventions: `Bool` is 0/1, `Date` is milliseconds since 1970 UTC (an integer, so that
/// comparisons and indexes work the same on every backend), `UUID` is its text form.
public protocol DatabaseValueConvertible: Sendable {
    var databaseValue: DatabaseValue { get }
    init(databaseValue: DatabaseValue) throws
}

extension Int64: DatabaseValueConvertible {
    public var databaseValue: DatabaseValue { .integer(self) }
    public init(databaseValue: DatabaseValue) throws {
        let integer: Int64? =
            switch databaseValue {
            case .integer(let value): value
            case .real(let value): Int64(exactly: value)
            case .text(let text): Int64(text)
            default: nil
            }
        guard let integer else { throw StorageError.typeMismatch(expected: "integer", found: databaseValue) }
        self = integer
    }
}

extension Int: DatabaseValueConvertible {
    public var databaseValue: DatabaseValue { .integer(Int64(self)) }
    public init(databaseValue: DatabaseValue) throws { self = Int(try Int64(databaseValue: databaseValue)) }
}

extension Double: DatabaseValueConvertible {
    public var databaseValue: DatabaseValue { .real(self) }
    public init(databaseValue: DatabaseValue) throws {
        switch databaseValue {
        case .real(let value): self = value
        case .integer(let value): self = Double(value)
        default: throw StorageError.typeMismatch(expected: "real", found: databaseValue)
        }
    }
}

extension String: DatabaseValueConvertible {
    public var databaseValue: DatabaseValue { .text(self) }
    public init(databaseValue: DatabaseValue) throws {
        switch databaseValue {
        case .text(let value): self = value
        case .integer(let value): self = String(value)
        case .real(let value): self = String(value)
        default: throw StorageError.typeMismatch(expected: "text", found: databaseValue)
        }
    }
}

extension Bool: DatabaseValueConvertible {
    public var databaseValue: DatabaseValue { .integer(self ? 1 : 0) }
    public init(databaseValue: DatabaseValue) throws { self = try Int64(databaseValue: databaseValue) != 0 }
}

extension Date: DatabaseValueConvertible {
    public var databaseValue: DatabaseValue { .integer(Int64((timeIntervalSince1970 * 1000).rounded())) }
    public init(databaseValue: DatabaseValue) throws {
        self = Date(timeIntervalSince1970: Double(try Int64(databaseValue: databaseValue)) / 1000)
    }
}

extension UUID: DatabaseValueConvertible {
    public var databaseValue: DatabaseValue { .text(uuidString.lowercased()) }
    public init(databaseValue: DatabaseValue) throws {
        guard case .text(let text) = databaseValue, let uuid = UUID(uuidString: text) else {
            throw StorageError.typeMismatch(expected: "uuid text", found: databaseValue)
        }
        self = uuid
    }
}

extension Array: DatabaseValueConvertible where Element == UInt8 {
    public var databaseValue: DatabaseValue { .blob(self) }
    public init(databaseValue: DatabaseValue) throws {
        switch databaseValue {
        case .blob(let bytes): self = bytes
        case .text(let text): self = Array(text.utf8)
        default: throw StorageError.typeMismatch(expected: "blob", found: databaseValue)
        }
    }
}

extension Optional: DatabaseValueConvertible where Wrapped: DatabaseValueConvertible {
    public var databaseValue: DatabaseValue { self?.databaseValue ?? .null }
    public init(databaseValue: DatabaseValue) throws {
        self = databaseValue == .null ? nil : try Wrapped(databaseValue: databaseValue)
    }
}

extension DatabaseValue: DatabaseValueConvertible {
    public var databaseValue: DatabaseValue { self }
    public init(databaseValue: DatabaseValue) throws { self = databaseValue }
}
