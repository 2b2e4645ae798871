/// Quoted-printable (RFC 2045 §6.7) for text bodies: readable where the text is ASCII, safe
/// for 7-bit relays everywhere, lines at most 76 characters.
enum QuotedPrintable {
    /// Encodes UTF-8 text. Line breaks of any kind (`\n`, `\r\n`) become CRLF hard breaks.
    static func encode(_ text: String) -> String {
        var output = ""
        let normalised = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        let lines = normalised.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, line) in lines.enumerated() {
            if index > 0 { output += "\r\n" }
            output += encodeLine(Array(line.utf8))
        }
        return output
    }

    private static func encodeLine(_ bytes: [UInt8]) -> String {
        var output = ""
        var lineLength = 0
        for (index, byte) in bytes.enumerated() {
            let isLast = index == bytes.count - 1
            let literal = (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "="))
                || ((byte == 32 || byte == 9) && !isLast)  // whitespace at the end of a line is encoded
            let token = literal ? String(UnicodeScalar(byte)) : escape(byte)
            // Soft line break: room for "=" at the end of every encoded line.
            if lineLength + token.count > (isLast ? 76 : 75) {
                output += "=\r\n"
                lineLength = 0
            }
            output += token
            lineLength += token.count
        }
        return output
    }

    private static let hex = Array("0123456789ABCDEF")

    private static func escape(_ byte: UInt8) -> String {
        "=" + String(hex[Int(byte >> 4)]) + String(hex[Int(byte & 0x0F)])
    }
}
