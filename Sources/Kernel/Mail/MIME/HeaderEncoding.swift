import Foundation

/// Header values that may hold any text: RFC 2047 encoded-words for non-ASCII text, quoted
/// strings for display names with special characters, and folding of long lines.
enum HeaderEncoding {
    /// Unstructured text (a subject): ASCII as it is, anything else as UTF-8 encoded-words.
    /// Line breaks and other control characters become spaces, so no text can add a header.
    static func text(_ value: String) -> String {
        let clean = sanitised(value)
        if clean.unicodeScalars.allSatisfy({ $0.isASCII }) { return clean }
        return encodedWords(clean)
    }

    /// A display name and address: `Name <a@b>`, `"Doe, Jane" <a@b>` or encoded-words.
    static func address(_ address: MailAddress) -> String {
        guard let raw = address.name, case let name = sanitised(raw), !name.isEmpty else { return "<\(address.email)>" }
        if !name.unicodeScalars.allSatisfy({ $0.isASCII }) {
            return "\(phrase(name)) <\(address.email)>"
        }
        if name.allSatisfy({ $0 == " " || atext.contains($0) }) { return "\(name) <\(address.email)>" }
        let quoted = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return "\"\(quoted)\" <\(address.email)>"
    }

    static let atext = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~")

    /// A display name with non-ASCII text: plain words stay plain, each run of words that
    /// needs encoding becomes one encoded-word (split only when very long). Runs are kept
    /// whole because some parsers (Python's among them) keep the space between adjacent
    /// encoded-words of a name, which RFC 2047 says to drop.
    static func phrase(_ name: String) -> String {
        var output: [String] = []
        var run: [Substring] = []
        func flush() {
            if !run.isEmpty { output.append(encodedWords(run.joined(separator: " "))) }
            run = []
        }
        for word in name.split(separator: " ", omittingEmptySubsequences: false) {
            if !word.isEmpty, word.allSatisfy({ atext.contains($0) }) {
                flush()
                output.append(String(word))
            } else {
                run.append(word)
            }
        }
        flush()
        return output.joined(separator: " ")
    }

    /// `=?utf-8?B?…?=` words of at most 75 characters, split between characters (never
    /// inside a UTF-8 sequence), separated by folding white space.
    static func encodedWords(_ text: String) -> String {
        var words: [String] = []
        var chunk: [UInt8] = []
        // 39 bytes make 52 base64 characters: with "=?utf-8?B?" and "?=" that is 64, which
        // leaves room for the header name on the first line.
        for character in text {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > 39, !chunk.isEmpty {
                words.append("=?utf-8?B?\(Data(chunk).base64EncodedString())?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append("=?utf-8?B?\(Data(chunk).base64EncodedString())?=") }
        return words.joined(separator: "\r\n ")
    }

    /// `name: value` with CRLF, folded at spaces so that lines stay within 78 characters
    /// where the words allow. Encoded-words come pre-split by "CRLF SP"; each starts a line.
    static func line(_ name: String, _ value: String) -> String {
        let start = name + ":"
        var lines: [String] = []
        var current = start
        for segment in value.components(separatedBy: "\r\n ") {
            if current != start {
                lines.append(current)
                current = ""
            }
            for word in segment.split(separator: " ", omittingEmptySubsequences: false) {
                if !current.isEmpty, current != start, current.count + 1 + word.count > 78 {
                    lines.append(current)
                    current = ""
                }
                current += " " + word
            }
        }
        lines.append(current)
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    private static func sanitised(_ value: String) -> String {
        String(String.UnicodeScalarView(value.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : $0 }))
            .trimmingCharacters(in: .whitespaces)
    }

    /// A MIME parameter value (`filename`), quoted when ASCII, RFC 2231 `name*=utf-8''…`
    /// when not.
    static func parameter(_ name: String, _ value: String) -> String {
        let clean = sanitised(value)
        if clean.unicodeScalars.allSatisfy({ $0.isASCII }) {
            let quoted = clean.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            return "\(name)=\"\(quoted)\""
        }
        let unreserved = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~".utf8)
        var encoded = ""
        for byte in clean.utf8 {
            encoded += unreserved.contains(byte) ? String(UnicodeScalar(byte)) : String(format: "%%%02X", byte)
        }
        return "\(name)*=utf-8''\(encoded)"
    }
}
