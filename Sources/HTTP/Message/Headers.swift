/// Header fields in the order received or set. Names compare case-insensitively
/// (RFC 9110 §5.1); repeated fields are kept as separate entries.
public struct Headers: Sendable, Sequence, ExpressibleByDictionaryLiteral {
    public struct Field: Sendable, Equatable {
        public var name: String
        public var value: String
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    private var fields: [Field]

    public init() { fields = [] }
    public init(_ fields: [(String, String)]) {
        self.fields = fields.map { Field(name: $0.0, value: $0.1) }
    }
    init(fields: [Field]) { self.fields = fields }
    /// Headers with a content type and room for the few fields the server adds, so that
    /// adding them does not reallocate.
    public init(contentType: String) {
        fields = [Field(name: "Content-Type", value: contentType)]
        fields.reserveCapacity(6)
    }

    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(elements)
    }

    public var count: Int { fields.count }
    public func makeIterator() -> IndexingIterator<[Field]> { fields.makeIterator() }

    /// The first value of the named field.
    public subscript(name: String) -> String? {
        get { fields.first { $0.name.equalsIgnoringASCIICase(name) }?.value }
        set {
            remove(name)
            if let newValue { fields.append(Field(name: name, value: newValue)) }
        }
    }

    /// Every value of the named field, in order.
    public func values(_ name: String) -> [String] {
        fields.filter { $0.name.equalsIgnoringASCIICase(name) }.map(\.value)
    }

    public func contains(_ name: String) -> Bool {
        fields.contains { $0.name.equalsIgnoringASCIICase(name) }
    }

    /// Adds a field without replacing existing ones (`Set-Cookie`, `Vary`).
    public mutating func add(_ name: String, _ value: String) {
        fields.append(Field(name: name, value: value))
    }

    public mutating func remove(_ name: String) {
        fields.removeAll { $0.name.equalsIgnoringASCIICase(name) }
    }

    /// Comma-separated list elements of every named field, trimmed, lowercased
    /// (for `Connection`, `Transfer-Encoding`, `Expect`).
    public func tokens(_ name: String) -> [String] {
        values(name).flatMap { $0.split(separator: ",") }.map {
            $0.trimmingASCIIWhitespace().lowercasedASCII()
        }.filter { !$0.isEmpty }
    }
}

extension StringProtocol {
    /// ASCII case-insensitive comparison, without Unicode case folding (header names are
    /// ASCII tokens). Works on contiguous UTF-8 when both sides have it (native strings do).
    public func equalsIgnoringASCIICase(_ other: some StringProtocol) -> Bool {
        guard utf8.count == other.utf8.count else { return false }
        if let result = utf8.withContiguousStorageIfAvailable({ mine in
            other.utf8.withContiguousStorageIfAvailable { theirs in equalIgnoringASCIICase(mine, theirs) }
        }), let result {
            return result
        }
        return zip(utf8, other.utf8).allSatisfy { x, y in asciiLowercase(x) == asciiLowercase(y) }
    }

    public func lowercasedASCII() -> String {
        String(decoding: utf8.map { $0 >= 65 && $0 <= 90 ? $0 | 0x20 : $0 }, as: UTF8.self)
    }

    public func trimmingASCIIWhitespace() -> Substring {
        let string = Substring(self)
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let start = string.firstIndex(where: { !isSpace($0) }) else { return string[string.endIndex...] }
        let end = string.lastIndex(where: { !isSpace($0) }) ?? start
        return string[start...end]
    }
}

@inline(__always)
private func asciiLowercase(_ byte: UInt8) -> UInt8 {
    byte &- UInt8(ascii: "A") < 26 ? byte | 0x20 : byte
}

private func equalIgnoringASCIICase(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
    for index in 0..<a.count where a[index] != b[index] {
        guard asciiLowercase(a[index]) == asciiLowercase(b[index]) else { return false }
    }
    return true
}
