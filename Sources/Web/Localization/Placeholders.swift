/// `{name}` placeholders in catalog messages: a brace, an identifier, a brace. Anything else
/// in braces is literal text.
public enum Placeholders {
    /// The placeholder names in `template`, in order of first appearance.
    public static func names(in template: String) -> [String] {
        var names: [String] = []
        scan(template) { piece in
            if case .placeholder(let name) = piece, !names.contains(name) { names.append(name) }
        }
        return names
    }

    /// `template` with each placeholder replaced by its value; unknown ones stay visible.
    public static func format(_ template: String, _ values: [String: String]) -> String {
        guard !values.isEmpty, template.utf8.contains(UInt8(ascii: "{")) else { return template }
        var output = ""
        output.reserveCapacity(template.utf8.count + 16)
        scan(template) { piece in
            switch piece {
            case .literal(let text): output += text
            case .placeholder(let name): output += values[name] ?? "{\(name)}"
            }
        }
        return output
    }

    private enum Piece {
        case literal(Substring)
        case placeholder(String)
    }

    private static func scan(_ template: String, _ visit: (Piece) -> Void) {
        var rest = template[...]
        while let open = rest.firstIndex(of: "{") {
            let afterOpen = rest.index(after: open)
            guard let close = rest[afterOpen...].firstIndex(of: "}"), isIdentifier(rest[afterOpen..<close]) else {
                visit(.literal(rest[...open]))
                rest = rest[afterOpen...]
                continue
            }
            if open > rest.startIndex { visit(.literal(rest[..<open])) }
            visit(.placeholder(String(rest[afterOpen..<close])))
            rest = rest[rest.index(after: close)...]
        }
        if !rest.isEmpty { visit(.literal(rest)) }
    }

    static func isIdentifier(_ text: Substring) -> Bool {
        guard let first = text.utf8.first, isLetter(first) else { return false }
        return text.utf8.allSatisfy { isLetter($0) || ($0 >= 0x30 && $0 <= 0x39) }
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || byte == 0x5F
    }
}
