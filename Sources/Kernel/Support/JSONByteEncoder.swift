import Foundation

/// Encodes `Encodable` values to JSON bytes, for API responses. It follows the API's
/// conventions (keys sorted, so equal values give equal bytes and ETags; dates as ISO 8601 UTC
/// with milliseconds; `/` unescaped) and is several times faster than Foundation's
/// `JSONEncoder`, which boxes every value and keeps a dictionary per object: containers here
/// collect plain entries, and the whole document is written into one buffer at the end.
public struct JSONByteEncoder {
    public init() {}

    public func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let root = try JSONByteEncoder.node(for: value, codingPath: { [] })
        var output: [UInt8] = []
        output.reserveCapacity(1024)
        try root.write(to: &output)
        return output
    }

    /// The node for one value: scalars directly, everything else through its `encode(to:)`.
    /// The coding path is built only when an encoder is needed (it costs an array per value,
    /// and dates, the commonest generic value, never use it).
    static func node<T: Encodable>(for value: T, codingPath: () -> [any CodingKey]) throws -> JSONNode {
        // Metatype comparisons first: they are cheap, the casts are not.
        if T.self == Date.self, let date = value as? Date { return .date(date) }
        if T.self == URL.self, let url = value as? URL { return .string(url.absoluteString) }
        if T.self == Data.self, let data = value as? Data { return .string(data.base64EncodedString()) }
        if T.self == Decimal.self, let decimal = value as? Decimal { return .raw(decimal.description) }
        let encoder = NodeEncoder(codingPath: codingPath())
        try value.encode(to: encoder)
        return encoder.result
    }
}

/// A value on its way to bytes.
enum JSONNode {
    case null
    case bool(Bool)
    case integer(Int64)
    case unsigned(UInt64)
    case double(Double)
    case string(String)
    case date(Date)
    /// Text already in JSON form (numbers that must keep their exact digits).
    case raw(String)
    case object(JSONObjectNode)
    case array(JSONArrayNode)
    /// Whatever an encoder handed out by `superEncoder` produced, read at write time.
    case deferred(NodeEncoder)

    func write(to output: inout [UInt8]) throws {
        switch self {
        case .null: output += [0x6E, 0x75, 0x6C, 0x6C]  // null
        case .bool(let value): output += Array((value ? "true" : "false").utf8)
        case .integer(let value): JSONLine.appendInteger(Int(value), to: &output)
        case .unsigned(let value): output += Array(String(value).utf8)
        case .double(let value):
            guard value.isFinite else {
                throw EncodingError.invalidValue(value, .init(codingPath: [], debugDescription: "JSON cannot hold \(value)"))
            }
            if value.rounded() == value, abs(value) < 1e15 {
                JSONLine.appendInteger(Int(value), to: &output)
            } else {
                output += Array(String(value).utf8)
            }
        case .string(let value): JSONLine.appendString(value, to: &output)
        case .date(let date):
            output.append(UInt8(ascii: "\""))
            Timestamp.appendISO8601(date, to: &output)
            output.append(UInt8(ascii: "\""))
        case .raw(let text): output += Array(text.utf8)
        case .object(let object): try object.write(to: &output)
        case .array(let array): try array.write(to: &output)
        case .deferred(let encoder): try encoder.result.write(to: &output)
        }
    }
}

final class JSONObjectNode {
    var entries: [(key: String, value: JSONNode)]

    init() {
        // Room for a typical API object, so that it is allocated once rather than grown five times.
        entries = []
        entries.reserveCapacity(16)
    }

    func set(_ key: String, _ value: JSONNode) {
        entries.append((key, value))
    }

    func write(to output: inout [UInt8]) throws {
        output.append(UInt8(ascii: "{"))
        // Sorted keys (stable, so of a key encoded twice the last value is the one kept, as
        // in JSONEncoder). Objects are small: an insertion sort of indexes in a stack buffer
        // beats hashing and allocating.
        try entries.withUnsafeBufferPointer { entries in
            try withUnsafeTemporaryAllocation(of: Int.self, capacity: entries.count) { order in
                for index in 0..<entries.count {
                    order[index] = index
                    var current = index
                    while current > 0, entries[order[current]].key < entries[order[current - 1]].key {
                        order.swapAt(current, current - 1)
                        current -= 1
                    }
                }
                var first = true
                for position in 0..<entries.count {
                    let index = order[position]
                    if position + 1 < entries.count, entries[order[position + 1]].key == entries[index].key { continue }
                    if !first { output.append(UInt8(ascii: ",")) }
                    first = false
                    JSONLine.appendString(entries[index].key, to: &output)
                    output.append(UInt8(ascii: ":"))
                    try entries[index].value.write(to: &output)
                }
            }
        }
        output.append(UInt8(ascii: "}"))
    }
}

final class JSONArrayNode {
    var items: [JSONNode] = []

    func write(to output: inout [UInt8]) throws {
        output.append(UInt8(ascii: "["))
        for (index, item) in items.enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            try item.write(to: &output)
        }
        output.append(UInt8(ascii: "]"))
    }
}

/// The `Encoder` handed to a value's `encode(to:)`: it records which container the value asked
/// for and what went into it.
final class NodeEncoder: Encoder {
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    private var node: JSONNode?

    init(codingPath: [any CodingKey]) {
        self.codingPath = codingPath
    }

    /// What the value encoded; a value that encoded nothing is an empty object, as in JSONEncoder.
    var result: JSONNode { node ?? .object(JSONObjectNode()) }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let object: JSONObjectNode
        if case .object(let existing)? = node {
            object = existing
        } else {
            object = JSONObjectNode()
            node = .object(object)
        }
        return KeyedEncodingContainer(ObjectContainer<Key>(object: object, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let array: JSONArrayNode
        if case .array(let existing)? = node {
            array = existing
        } else {
            array = JSONArrayNode()
            node = .array(array)
        }
        return ArrayContainer(array: array, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleContainer(encoder: self)
    }

    fileprivate func set(_ value: JSONNode) {
        node = value
    }
}

private struct ObjectContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let object: JSONObjectNode
    let codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws { object.set(key.stringValue, .null) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { object.set(key.stringValue, .bool(value)) }
    mutating func encode(_ value: String, forKey key: Key) throws { object.set(key.stringValue, .string(value)) }
    mutating func encode(_ value: Double, forKey key: Key) throws { object.set(key.stringValue, .double(value)) }
    mutating func encode(_ value: Float, forKey key: Key) throws { object.set(key.stringValue, .double(Double(value))) }
    mutating func encode(_ value: Int, forKey key: Key) throws { object.set(key.stringValue, .integer(Int64(value))) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { object.set(key.stringValue, .integer(Int64(value))) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { object.set(key.stringValue, .integer(Int64(value))) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { object.set(key.stringValue, .integer(Int64(value))) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { object.set(key.stringValue, .integer(value)) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { object.set(key.stringValue, .unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { object.set(key.stringValue, .integer(Int64(value))) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { object.set(key.stringValue, .integer(Int64(value))) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { object.set(key.stringValue, .integer(Int64(value))) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { object.set(key.stringValue, .unsigned(value)) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        object.set(key.stringValue, try JSONByteEncoder.node(for: value, codingPath: { codingPath + [key] }))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey>
    {
        let nested = JSONObjectNode()
        object.set(key.stringValue, .object(nested))
        return KeyedEncodingContainer(ObjectContainer<NestedKey>(object: nested, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested = JSONArrayNode()
        object.set(key.stringValue, .array(nested))
        return ArrayContainer(array: nested, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder {
        superEncoder(named: "super")
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        superEncoder(named: key.stringValue)
    }

    private func superEncoder(named key: String) -> any Encoder {
        let encoder = NodeEncoder(codingPath: codingPath)
        object.set(key, .deferred(encoder))
        return encoder
    }
}

private struct ArrayContainer: UnkeyedEncodingContainer {
    let array: JSONArrayNode
    let codingPath: [any CodingKey]
    var count: Int { array.items.count }

    mutating func encodeNil() throws { array.items.append(.null) }
    mutating func encode(_ value: Bool) throws { array.items.append(.bool(value)) }
    mutating func encode(_ value: String) throws { array.items.append(.string(value)) }
    mutating func encode(_ value: Double) throws { array.items.append(.double(value)) }
    mutating func encode(_ value: Int) throws { array.items.append(.integer(Int64(value))) }
    mutating func encode(_ value: Int64) throws { array.items.append(.integer(value)) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        array.items.append(try JSONByteEncoder.node(for: value, codingPath: { codingPath }))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let nested = JSONObjectNode()
        array.items.append(.object(nested))
        return KeyedEncodingContainer(ObjectContainer<NestedKey>(object: nested, codingPath: codingPath))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = JSONArrayNode()
        array.items.append(.array(nested))
        return ArrayContainer(array: nested, codingPath: codingPath)
    }

    mutating func superEncoder() -> any Encoder {
        let encoder = NodeEncoder(codingPath: codingPath)
        array.items.append(.deferred(encoder))
        return encoder
    }
}

private struct SingleContainer: SingleValueEncodingContainer {
    let encoder: NodeEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    mutating func encodeNil() throws { encoder.set(.null) }
    mutating func encode(_ value: Bool) throws { encoder.set(.bool(value)) }
    mutating func encode(_ value: String) throws { encoder.set(.string(value)) }
    mutating func encode(_ value: Double) throws { encoder.set(.double(value)) }
    mutating func encode(_ value: Float) throws { encoder.set(.double(Double(value))) }
    mutating func encode(_ value: Int) throws { encoder.set(.integer(Int64(value))) }
    mutating func encode(_ value: Int64) throws { encoder.set(.integer(value)) }
    mutating func encode(_ value: UInt64) throws { encoder.set(.unsigned(value)) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        encoder.set(try JSONByteEncoder.node(for: value, codingPath: { codingPath }))
    }
}

