import Foundation

/// Decodes a `Row` into a `Decodable` type: each coding key names a column. Scalars use
/// `DatabaseValueConvertible`; other nested types are read from a JSON text column.
struct RowDecoder: Decoder {
    let row: Row
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(RowContainer<Key>(row: row))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        throw DecodingError.typeMismatch(
            [Any].self, .init(codingPath: codingPath, debugDescription: "a row decodes as a keyed container"))
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        throw DecodingError.typeMismatch(
            Any.self, .init(codingPath: codingPath, debugDescription: "a row decodes as a keyed container"))
    }
}

private struct RowContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let row: Row
    var codingPath: [any CodingKey] { [] }
    var allKeys: [Key] { row.columns.names.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { row[key.stringValue] != nil }

    func decodeNil(forKey key: Key) throws -> Bool {
        (row[key.stringValue] ?? .null) == .null
    }

    // Concrete overloads: synthesized `init(from:)` calls these directly, skipping the
    // dynamic casts of the generic path (the hot path of every list endpoint).
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try row.get(key.stringValue) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try row.get(key.stringValue) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try row.get(key.stringValue) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try row.get(key.stringValue) }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try row.get(key.stringValue) }

    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { try optional(key) }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try optional(key) }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { try optional(key) }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { try optional(key) }
    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try optional(key) }

    /// nil for a missing column or NULL, like the default `decodeIfPresent`, with one lookup.
    private func optional<T: DatabaseValueConvertible>(_ key: Key) throws -> T? {
        guard let value = row[key.stringValue], value != .null else { return nil }
        do {
            return try T(databaseValue: value)
        } catch StorageError.typeMismatch(let expected, let found) {
            throw StorageError.columnTypeMismatch(column: key.stringValue, expected: expected, found: found)
        }
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        // Dates are the common non-primitive column; comparing metatypes first skips the
        // costlier existential cast below.
        if T.self == Date.self, let date = try row.get(key.stringValue, as: Date.self) as? T {
            return date
        }
        if let convertible = type as? any DatabaseValueConvertible.Type,
           let value = try convert(convertible, key: key) as? T {
            return value
        }
        // Nested types (arrays, structs) live as JSON text.
        let text: String = try row.get(key.stringValue)
        return try JSONDecoder().decode(T.self, from: Data(text.utf8))
    }

    private func convert(_ type: any DatabaseValueConvertible.Type, key: Key) throws -> any DatabaseValueConvertible {
        guard let value = row[key.stringValue] else { throw StorageError.missingColumn(key.stringValue) }
        do {
            return try type.init(databaseValue: value)
        } catch StorageError.typeMismatch(let expected, let found) {
            throw StorageError.columnTypeMismatch(column: key.stringValue, expected: expected, found: found)
        }
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        throw StorageError.missingColumn(key.stringValue)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        throw StorageError.missingColumn(key.stringValue)
    }

    func superDecoder() throws -> any Decoder { RowDecoder(row: row) }
    func superDecoder(forKey key: Key) throws -> any Decoder { RowDecoder(row: row) }
}
