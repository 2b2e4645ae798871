/// Escaping for XML documents we write (feeds, sitemaps, XLIFF).
public enum XMLText {
    /// `text` safe in element content and in double-quoted attribute values. Characters
    /// XML 1.0 forbids (C0 controls other than tab and line ends, U+FFFE, U+FFFF, lone
    /// surrogates cannot occur in a String) become U+FFFD; CR is kept as a reference so that
    /// parsers do not fold it into LF.
    public static func escape(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&apos;"
            case "\r": output += "&#xD;"
            case "\t", "\n": output.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                    output += "\u{FFFD}"
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        return output
    }
}
