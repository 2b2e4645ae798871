import Foundation

/// Compact JSON text for a `JSONValue`, written directly into bytes: keys sorted (by their
/// UTF-8 bytes), `/` not escaped, non-ASCII as UTF-8. Every JSON answer of the API goes
/// through here, so it avoids the generic `JSONEncoder` path.
extension JSONValue {
    func write(into output: inout [UInt8]) {
        switch self {
        case .null:
            output.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C])
        case .bool(let value):
            output.append(contentsOf: value ? Array("true".utf8) : Array("false".utf8))
        case .integer(let value):
            output.append(contentsOf: String(value).utf8)
        case .number(let value):
            if !value.isFinite {
                output.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C])
            } else if value.rounded() == value, abs(value) < 1e15 {
                output.append(contentsOf: String(Int64(value)).utf8)
            } else {
                output.append(contentsOf: String(value).utf8)
            }
        case .string(let value):
            JSONLine.appendString(value, to: &output)
        case .array(let values):
            output.append(UInt8(ascii: "["))
            for (index, value) in values.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                value.write(into: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let object):
            output.append(UInt8(ascii: "{"))
            // Members sorted as pairs, so that no value is looked up again by its key.
            let members = object.sorted { Self.precedes($0.key, $1.key) }
            for (index, member) in members.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                JSONLine.appendString(member.key, to: &output)
                output.append(UInt8(ascii: ":"))
                member.value.write(into: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    /// UTF-8 byte order of two keys, compared with `memcmp` rather than element by element.
    static func precedes(_ left: String, _ right: String) -> Bool {
        var left = left
        var right = right
        return left.withUTF8 { leftBytes in
            right.withUTF8 { rightBytes in
                let common = min(leftBytes.count, rightBytes.count)
                guard common > 0, let leftStart = leftBytes.baseAddress, let rightStart = rightBytes.baseAddress else {
                    return leftBytes.count < rightBytes.count
                }
                let order = memcmp(leftStart, rightStart, common)
                return order != 0 ? order < 0 : leftBytes.count < rightBytes.count
            }
        }
    }
}

/// Pieces of JSON text that code writing members in a fixed order appends as they are.
public enum JSONOutput {
    /// Appends literal JSON text (punctuation and keys the caller knows need no escaping).
    @inline(__always)
    public static func append(_ text: StaticString, to output: inout [UInt8]) {
        output.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }
}
