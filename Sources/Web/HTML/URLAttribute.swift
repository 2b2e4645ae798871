/// Keeps script out of link targets: a URL attribute (`href`, `src`, `action`…) may be
/// relative or use http, https, mailto or tel; anything else (`javascript:`, `data:`,
/// `vbscript:`) renders as `about:invalid`. Escaping alone would not stop `javascript:`.
enum URLAttribute {
    static let replacement = "about:invalid"
    private static let allowedSchemes: Set<String> = ["http", "https", "mailto", "tel"]

    static func isSafe(_ value: String) -> Bool {
        var scheme: [UInt8] = []
        for byte in value.utf8 {
            // Browsers drop tabs and newlines anywhere and leading spaces and controls.
            if byte == 0x09 || byte == 0x0A || byte == 0x0D { continue }
            if scheme.isEmpty && byte <= 0x20 { continue }
            switch byte {
            case UInt8(ascii: ":"):
                return allowedSchemes.contains(String(decoding: scheme, as: UTF8.self).lowercased())
            case UInt8(ascii: "/"), UInt8(ascii: "?"), UInt8(ascii: "#"):
                return true
            default:
                scheme.append(byte)
            }
        }
        return true
    }
}
