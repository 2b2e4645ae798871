/// The `modules` array in Package.swift's text: the module targets it lists, and where a new
/// `ModuleTarget(...)` line goes (its own line, right before the closing `]`). Comments and
/// string literals are skipped while reading, so a commented-out entry does not count.
struct ModuleList {
    struct Entry {
        var name: String
        /// 1-based line in Package.swift.
        var line: Int
    }

    let entries: [Entry]
    private let characters: [Character]
    /// Start of the line holding the closing `]`.
    private let closingLineStart: Int
    /// The last character of the last entry, when it lacks a trailing comma.
    private let missingCommaAfter: Int?
    private let indent: String

    var names: [String] { entries.map(\.name) }

    init(packageSwift text: String) throws(ScaffoldError) {
        let characters = Array(text)
        guard let open = Self.openingBracket(in: text, characters: characters) else {
            throw .packageManifest("found no `let modules: [ModuleTarget] = [` line; new-module adds its line to that array, so restore it (one `ModuleTarget(\"Name\"),` per line)")
        }
        let body = Self.scanArray(characters, from: open + 1)
        guard let close = body.close else {
            throw .packageManifest("the modules array that opens on line \(Self.line(of: open, in: characters)) never closes with `]`")
        }

        var lineStart = close
        while lineStart > 0, !characters[lineStart - 1].isNewline { lineStart -= 1 }
        guard characters[lineStart..<close].allSatisfy(\.isWhitespace), lineStart > open else {
            throw .packageManifest("the closing `]` of the modules array (line \(Self.line(of: close, in: characters))) must stand on its own line, after one `ModuleTarget(...)` line per module")
        }

        // Entries, read from the code with comments blanked out.
        var entries: [Entry] = []
        var firstEntryIndex: Int?
        var index = open + 1
        let code = body.code
        let marker = Array("ModuleTarget(")
        while index < close {
            if code[index] == marker[0], index + marker.count < close, Array(code[index..<index + marker.count]) == marker {
                var cursor = index + marker.count
                while cursor < close, code[cursor].isWhitespace { cursor += 1 }
                if cursor < close, code[cursor] == "\"" {
                    var end = cursor + 1
                    while end < close, code[end] != "\"" { end += 1 }
                    entries.append(Entry(name: String(characters[(cursor + 1)..<end]), line: Self.line(of: index, in: characters)))
                    if firstEntryIndex == nil { firstEntryIndex = index }
                }
                index = cursor
            } else {
                index += 1
            }
        }

        var indent = "    "
        if let first = firstEntryIndex {
            var start = first
            while start > 0, !characters[start - 1].isNewline { start -= 1 }
            indent = String(characters[start..<first].prefix { $0 == " " || $0 == "\t" })
        }

        self.entries = entries
        self.characters = characters
        self.closingLineStart = lineStart
        self.indent = indent
        if let last = body.lastSignificant, characters[last] != "," {
            self.missingCommaAfter = last
        } else {
            self.missingCommaAfter = nil
        }
    }

    /// The 1-based line the new entry will have.
    var insertionLine: Int { Self.line(of: closingLineStart, in: characters) }

    /// Package.swift's text with `entry` (e.g. `ModuleTarget("FoodBank")`) on its own line
    /// before the closing `]`, indented like the other entries, ending in a comma.
    func inserting(_ entry: String) -> String {
        var result = characters
        result.insert(contentsOf: Array(indent + entry + ",\n"), at: closingLineStart)
        if let last = missingCommaAfter { result.insert(",", at: last + 1) }
        return String(result)
    }

    private static func openingBracket(in text: String, characters: [Character]) -> Int? {
        // Match line by line so that a commented-out declaration does not count.
        var offset = 0
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            let compact = trimmed.filter { !$0.isWhitespace }
            for prefix in ["letmodules:[ModuleTarget]=[", "varmodules:[ModuleTarget]=[", "letmodules=[", "varmodules=["] where compact.hasPrefix(prefix) {
                // The first `[` after `=` opens the array.
                guard let equals = line.firstIndex(of: "="),
                      let bracket = line[equals...].firstIndex(of: "[") else { return nil }
                return offset + line.distance(from: line.startIndex, to: bracket)
            }
            offset += Array(line).count + 1
        }
        return nil
    }

    /// Walks from just after the opening `[` to its matching `]`, skipping string literals and
    /// comments. `code` is the text with comments blanked, so entries are read from code only.
    private static func scanArray(_ characters: [Character], from start: Int) -> (close: Int?, lastSignificant: Int?, code: [Character]) {
        var code = characters
        var depth = 1
        var lastSignificant: Int?
        var index = start
        while index < characters.count {
            let character = characters[index]
            let next = index + 1 < characters.count ? characters[index + 1] : nil
            if character == "/", next == "/" {
                while index < characters.count, !characters[index].isNewline {
                    code[index] = " "
                    index += 1
                }
                continue
            }
            if character == "/", next == "*" {
                while index < characters.count, !(characters[index] == "*" && index + 1 < characters.count && characters[index + 1] == "/") {
                    if !characters[index].isNewline { code[index] = " " }
                    index += 1
                }
                if index + 1 < characters.count {
                    code[index] = " "
                    code[index + 1] = " "
                }
                index += 2
                continue
            }
            if character == "\"" {
                index += 1
                while index < characters.count, characters[index] != "\"", !characters[index].isNewline {
                    index += characters[index] == "\\" ? 2 : 1
                }
                lastSignificant = index
                index += 1
                continue
            }
            if character == "[" { depth += 1 }
            if character == "]" {
                depth -= 1
                if depth == 0 { return (index, lastSignificant, code) }
            }
            if !character.isWhitespace { lastSignificant = index }
            index += 1
        }
        return (nil, lastSignificant, code)
    }

    private static func line(of index: Int, in characters: [Character]) -> Int {
        characters[..<min(index, characters.count)].reduce(1) { $1.isNewline ? $0 + 1 : $0 }
    }
}
