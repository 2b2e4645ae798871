/// The byte buffer a page renders into. Text and attribute values go through
/// `appendEscaped`; only tags and trusted markup are appended as they are.
public struct HTMLWriter: Sendable {
    public private(set) var bytes: [UInt8]

    public init(capacity: Int = 4096) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Appends `text` with `& < > " '` replaced by character references, which makes it safe
    /// both as element content and inside a quoted attribute value.
    public mutating func appendEscaped(_ text: String) {
        var text = text
        text.withUTF8 { source in
            var runStart = 0
            for index in 0..<source.count {
                let reference: [UInt8]
                switch source[index] {
                case 0x26: reference = HTMLWriter.ampersand
                case 0x3C: reference = HTMLWriter.lessThan
                case 0x3E: reference = HTMLWriter.greaterThan
                case 0x22: reference = HTMLWriter.quote
                case 0x27: reference = HTMLWriter.apostrophe
                default: continue
                }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: source[runStart..<index]))
                bytes.append(contentsOf: reference)
                runStart = index + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: source[runStart...]))
        }
    }

    /// Appends markup unchanged. Internal: outside this module markup enters through
    /// `HTML.unsafeTrustedMarkup` only.
    mutating func appendMarkup(_ markup: String) {
        bytes.append(contentsOf: markup.utf8)
    }

    mutating func append(_ name: HTMLName) {
        name.literal.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func openTag(_ name: HTMLName, _ attributes: Attributes) {
        bytes.append(0x3C)
        append(name)
        for attribute in attributes.list {
            bytes.append(0x20)
            append(attribute.name)
            if attribute.value.isEmpty && attribute.name.isBoolean { continue }
            bytes.append(contentsOf: HTMLWriter.equalsQuote)
            if attribute.name.isURL, !URLAttribute.isSafe(attribute.value) {
                appendMarkup(URLAttribute.replacement)
            } else {
                appendEscaped(attribute.value)
            }
            bytes.append(0x22)
        }
        bytes.append(0x3E)
    }

    mutating func closeTag(_ name: HTMLName) {
        bytes.append(0x3C)
        bytes.append(0x2F)
        append(name)
        bytes.append(0x3E)
    }

    private static let ampersand = Array("&amp;".utf8)
    private static let lessThan = Array("&lt;".utf8)
    private static let greaterThan = Array("&gt;".utf8)
    private static let quote = Array("&quot;".utf8)
    private static let apostrophe = Array("&#39;".utf8)
    private static let equalsQuote = Array("=\"".utf8)
}
