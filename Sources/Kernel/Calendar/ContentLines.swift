/// iCalendar content lines (RFC 5545 §3.1): `NAME;PARAM=…:value`, CRLF-terminated, folded
/// after 75 octets (never inside a UTF-8 sequence), and TEXT values escaped.
struct ContentLines {
    private(set) var text = ""

    mutating func add(_ name: String, _ value: String, parameters: [(String, String)] = []) {
        var line = name
        for (key, parameter) in parameters { line += ";\(key)=\(parameter)" }
        line += ":" + value
        text += Self.fold(line)
    }

    /// A TEXT value with `\`, `;`, `,` and line breaks escaped.
    mutating func addText(_ name: String, _ value: String, parameters: [(String, String)] = []) {
        add(name, Self.escape(value), parameters: parameters)
    }

    static func escape(_ value: String) -> String {
        var escaped = ""
        let normalised = value.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        for character in normalised {
            switch character {
            case "\\": escaped += "\\\\"
            case ";": escaped += "\\;"
            case ",": escaped += "\\,"
            case "\n": escaped += "\\n"
            default:
                // Other control characters are not allowed in TEXT.
                if let scalar = character.unicodeScalars.first, character.unicodeScalars.count == 1,
                   scalar.value < 0x20 && scalar != "\t" || scalar.value == 0x7F {
                    continue
                }
                escaped.append(character)
            }
        }
        return escaped
    }

    /// Lines longer than 75 octets continue on lines starting with a space.
    static func fold(_ line: String) -> String {
        var output = ""
        var current = 0
        var limit = 75
        for scalar in line.unicodeScalars {
            let width = String(scalar).utf8.count
            if current + width > limit {
                output += "\r\n "
                current = 0
                limit = 74  // the leading space counts
            }
            output.unicodeScalars.append(scalar)
            current += width
        }
        return output + "\r\n"
    }
}
