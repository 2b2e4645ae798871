/// Character classes of the HTTP/1.1 grammar (RFC 9110 §5.6, RFC 9112 §3), tested on bytes
/// so that the parser never builds a String to validate one.
extension UInt8 {
    /// `tchar`: the characters of methods, header names and transfer codings.
    @inline(__always)
    var isTokenCharacter: Bool {
        // Bit n of the masks is set when byte n (0–63, 64–127) is a tchar.
        if self < 64 { return (0x03FF_6CFA_0000_0000 as UInt64) >> UInt64(self) & 1 == 1 }
        if self < 128 { return (0x57FF_FFFF_C7FF_FFFE as UInt64) >> UInt64(self &- 64) & 1 == 1 }
        return false
    }

    /// Visible ASCII: what a request-target may contain (anything else must be percent-encoded).
    @inline(__always)
    var isTargetCharacter: Bool { self > 0x20 && self < 0x7F }

    /// `field-vchar` or whitespace: anything but control characters (HTAB allowed) and DEL.
    @inline(__always)
    var isFieldValueCharacter: Bool { self >= 0x20 ? self != 0x7F : self == 0x09 }

    /// `OWS`: space or horizontal tab.
    @inline(__always)
    var isOptionalWhitespace: Bool { self == 0x20 || self == 0x09 }

    /// What a Host value may hold: reg-name or IP-literal characters and a port (RFC 3986 §3.2.2).
    var isHostCharacter: Bool {
        switch self {
        case UInt8(ascii: "0")...UInt8(ascii: ";"), UInt8(ascii: "A")...UInt8(ascii: "["),
             UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "!"), UInt8(ascii: "$")...UInt8(ascii: "."),
             UInt8(ascii: "="), UInt8(ascii: "]"), UInt8(ascii: "_"), UInt8(ascii: "~"):
            true
        default:
            false
        }
    }

    @inline(__always)
    var isDecimalDigit: Bool { self >= 0x30 && self <= 0x39 }

    var hexDigitValue: Int? {
        switch self {
        case 0x30...0x39: Int(self &- 0x30)
        case 0x41...0x46: Int(self &- 0x41 &+ 10)
        case 0x61...0x66: Int(self &- 0x61 &+ 10)
        default: nil
        }
    }

    @inline(__always)
    var lowercasedASCII: UInt8 { self >= 0x41 && self <= 0x5A ? self | 0x20 : self }
}

extension UnsafeRawBufferPointer {
    /// Whether the bytes equal `lowercase` ignoring ASCII case; `lowercase` must be lower case.
    func equalsIgnoringASCIICase(_ lowercase: StaticString) -> Bool {
        guard count == lowercase.utf8CodeUnitCount else { return false }
        let expected = lowercase.utf8Start
        for index in 0..<count where self[index].lowercasedASCII != expected[index] {
            return false
        }
        return true
    }

    /// The bytes without leading and trailing spaces and tabs.
    func trimmingOptionalWhitespace() -> UnsafeRawBufferPointer {
        var start = 0, end = count
        while start < end, self[start].isOptionalWhitespace { start += 1 }
        while end > start, self[end - 1].isOptionalWhitespace { end -= 1 }
        return UnsafeRawBufferPointer(rebasing: self[start..<end])
    }

    /// The index of the first `byte` at or after `start`, using memchr.
    func firstIndex(of byte: UInt8, from start: Int) -> Int? {
        guard start < count, let base = baseAddress else { return nil }
        guard let found = memchr(base + start, Int32(byte), count - start) else { return nil }
        return base.distance(to: UnsafeRawPointer(found))
    }

    func slice(_ range: Range<Int>) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: self[range])
    }

    var string: String { String(decoding: self, as: UTF8.self) }
}

#if canImport(Glibc)
import Glibc
#endif
