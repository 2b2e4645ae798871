/// Percent-decoding for paths and `application/x-www-form-urlencoded` data (RFC 3986 §2.1,
/// WHATWG URL §5). Decoding happens once; decoded values are never decoded again.
public enum PercentDecoding {
    /// Splits a raw path on `/` and decodes each segment. Returns nil when a segment holds a
    /// malformed escape or decodes to invalid UTF-8, so that the server can answer 400.
    public static func pathSegments(of path: String) -> [String]? {
        var path = path
        return path.withUTF8 { bytes -> [String]? in
            var start = bytes.first == UInt8(ascii: "/") ? 1 : 0
            if start == bytes.count { return [] }
            var segments: [String] = []
            while true {
                let end = bytes[start...].firstIndex(of: UInt8(ascii: "/")) ?? bytes.count
                let segment = UnsafeBufferPointer(rebasing: bytes[start..<end])
                // Plain ASCII without escapes (nearly every path) needs no decoding or validation.
                let decoded = segment.allSatisfy { $0 < 0x80 && $0 != UInt8(ascii: "%") }
                    ? String(decoding: segment, as: UTF8.self)
                    : decode(segment, plusIsSpace: false)
                guard let decoded else { return nil }
                segments.append(decoded)
                if end == bytes.count { return segments }
                start = end + 1
            }
        }
    }

    /// Decodes `name=value&…` pairs; `+` is a space. Malformed escapes are kept literally.
    public static func formItems(_ query: String) -> [(name: String, value: String)] {
        query.utf8.split(separator: UInt8(ascii: "&")).map { pair in
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            let name = decode(parts[0], plusIsSpace: true) ?? String(decoding: parts[0], as: UTF8.self)
            let value = parts.count > 1
                ? (decode(parts[1], plusIsSpace: true) ?? String(decoding: parts[1], as: UTF8.self))
                : ""
            return (name, value)
        }
    }

    /// Decodes `%XX` escapes; nil for a truncated or non-hex escape or invalid UTF-8.
    public static func decode(_ bytes: some Collection<UInt8>, plusIsSpace: Bool) -> String? {
        guard bytes.contains(UInt8(ascii: "%")) || (plusIsSpace && bytes.contains(UInt8(ascii: "+"))) else {
            return String(validating: bytes, as: UTF8.self)
        }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index != bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                let first = bytes.index(after: index)
                guard first != bytes.endIndex else { return nil }
                let second = bytes.index(after: first)
                guard second != bytes.endIndex,
                      let high = hexValue(bytes[first]), let low = hexValue(bytes[second]) else { return nil }
                output.append(high << 4 | low)
                index = bytes.index(after: second)
            } else {
                output.append(plusIsSpace && byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
                index = bytes.index(after: index)
            }
        }
        return String(validating: output, as: UTF8.self)
    }

    /// Encodes everything except RFC 3986 unreserved characters.
    public static func encode(_ string: String) -> String {
        let hex: StaticString = "0123456789ABCDEF"
        var output: [UInt8] = []
        output.reserveCapacity(string.utf8.count + 16)
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                 UInt8(ascii: "_"), UInt8(ascii: "~"):
                output.append(byte)
            default:
                output.append(UInt8(ascii: "%"))
                output.append(hex.utf8Start[Int(byte >> 4)])
                output.append(hex.utf8Start[Int(byte & 0x0F)])
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
