/// Splits markup source into blocks: headings, lists, quotes, fenced code, breaks and
/// paragraphs. Containers (lists, quotes) strip their prefix and parse their lines again,
/// one level deeper; at `Markup.maximumBlockDepth` container markers are read as text, so
/// every line is looked at a bounded number of times.
enum BlockParser {
    static func parse(_ source: String) -> [MarkupBlock] {
        let lines = normalisedLines(source)
        return parseBlocks(lines[...], depth: 0)
    }

    /// Lines with CR/CRLF turned into LF, NUL into U+FFFD and leading tabs into spaces.
    static func normalisedLines(_ source: String) -> [Substring] {
        let text = source.utf8.contains(where: { $0 == 13 || $0 == 0 }) ? normalisedLineEnds(source) : source
        // Split at LF by bytes: a line feed always ends a grapheme, so these are valid String indices.
        var lines: [Substring] = []
        var lineStart = text.startIndex
        var index = text.utf8.startIndex
        while index < text.utf8.endIndex {
            if text.utf8[index] == 10 {
                lines.append(text[lineStart..<index])
                lineStart = text.utf8.index(after: index)
            }
            index = text.utf8.index(after: index)
        }
        lines.append(text[lineStart..<text.endIndex])
        return lines.map { line in
            guard let first = line.utf8.first, first == 9 || (first == 32 && line.utf8.prefix(while: { $0 == 32 || $0 == 9 }).contains(9)) else {
                return line
            }
            var expanded = ""
            var rest = line[...]
            while let first = rest.first, first == " " || first == "\t" {
                expanded += first == "\t" ? String(repeating: " ", count: 4 - expanded.count % 4) : " "
                rest = rest.dropFirst()
            }
            return Substring(expanded + rest)
        }
    }

    private static func normalisedLineEnds(_ source: String) -> String {
        var text = String.UnicodeScalarView()
        var previousWasCR = false
        for scalar in source.unicodeScalars {
            switch scalar {
            case "\r":
                text.append("\n")
                previousWasCR = true
                continue
            case "\n" where previousWasCR:
                break
            case "\0":
                text.append("\u{FFFD}")
            default:
                text.append(scalar)
            }
            previousWasCR = false
        }
        return String(text)
    }

    static func parseBlocks(_ lines: ArraySlice<Substring>, depth: Int) -> [MarkupBlock] {
        var blocks: [MarkupBlock] = []
        let containers = depth < Markup.maximumBlockDepth
        var index = lines.startIndex
        while index < lines.endIndex {
            let line = lines[index]
            if isBlank(line) {
                index += 1
                continue
            }
            if let fence = Fence(opening: line) {
                var code: [Substring] = []
                index += 1
                while index < lines.endIndex, !fence.isClosed(by: lines[index]) {
                    code.append(fence.strip(lines[index]))
                    index += 1
                }
                index += 1  // the closing fence, or past the end
                blocks.append(.code(code.joined(separator: "\n")))
                continue
            }
            if let heading = heading(line) {
                blocks.append(.heading(level: heading.level, InlineParser.parse(heading.text)))
                index += 1
                continue
            }
            if isThematicBreak(line) {
                blocks.append(.thematicBreak)
                index += 1
                continue
            }
            if containers, quoteContent(line) != nil {
                var inner: [Substring] = []
                while index < lines.endIndex, let content = quoteContent(lines[index]) {
                    inner.append(content)
                    index += 1
                }
                blocks.append(.quote(parseBlocks(inner[...], depth: depth + 1)))
                continue
            }
            if containers, let marker = ListMarker(line) {
                blocks.append(parseList(lines, from: &index, first: marker, depth: depth))
                continue
            }
            var paragraph: [Substring] = [trimLeadingSpaces(line)]
            index += 1
            while index < lines.endIndex, !isBlank(lines[index]), !interruptsParagraph(lines[index], containers: containers) {
                paragraph.append(trimLeadingSpaces(lines[index]))
                index += 1
            }
            blocks.append(.paragraph(InlineParser.parse(paragraph.joined(separator: "\n"))))
        }
        return blocks
    }

    /// One list: consecutive items with the same kind of marker. Item lines are those
    /// indented to the item's content column, plus lazy continuation lines of its text.
    private static func parseList(
        _ lines: ArraySlice<Substring>, from index: inout Int, first: ListMarker, depth: Int
    ) -> MarkupBlock {
        var items: [[MarkupBlock]] = []
        var loose = false
        var marker = first
        while true {
            var itemLines: [Substring] = [marker.content(of: lines[index])]
            index += 1
            var pendingBlanks = 0
            var lastWasText = !isBlank(itemLines[0])
            while index < lines.endIndex {
                let line = lines[index]
                if isBlank(line) {
                    pendingBlanks += 1
                    index += 1
                    continue
                }
                if indentation(line, limit: marker.contentOffset) >= marker.contentOffset {
                    if pendingBlanks > 0 {
                        loose = loose || !itemLines.allSatisfy(isBlank)
                        itemLines += Array(repeating: "", count: pendingBlanks)
                        pendingBlanks = 0
                    }
                    itemLines.append(line.dropFirst(marker.contentOffset))
                    lastWasText = true
                    index += 1
                    continue
                }
                if pendingBlanks == 0, lastWasText, ListMarker(line) == nil,
                   !interruptsParagraph(line, containers: true) {
                    itemLines.append(trimLeadingSpaces(line))
                    index += 1
                    continue
                }
                break
            }
            items.append(parseBlocks(itemLines[...], depth: depth + 1))
            guard index < lines.endIndex, let next = ListMarker(lines[index]), next.continues(marker) else {
                // Blank lines after the last item belong to no one.
                break
            }
            if pendingBlanks > 0 { loose = true }
            marker = next
        }
        return .list(start: first.start, tight: !loose, items: items)
    }

    // MARK: Line shapes

    static func isBlank(_ line: Substring) -> Bool {
        line.utf8.allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
    }

    /// Leading spaces, counted up to `limit`: callers only compare with small numbers, and
    /// a line indented by thousands of spaces must not cost thousands of steps per level.
    static func indentation(_ line: Substring, limit: Int = 4) -> Int {
        var count = 0
        for byte in line.utf8 {
            guard byte == UInt8(ascii: " "), count < limit else { break }
            count += 1
        }
        return count
    }

    static func trimLeadingSpaces(_ line: Substring) -> Substring {
        Substring(line.unicodeScalars.drop { $0 == " " })
    }

    /// Whether `line` starts a block that ends a running paragraph.
    private static func interruptsParagraph(_ line: Substring, containers: Bool) -> Bool {
        if Fence(opening: line) != nil || heading(line) != nil || isThematicBreak(line) { return true }
        guard containers else { return false }
        if quoteContent(line) != nil { return true }
        if let marker = ListMarker(line), !isBlank(marker.content(of: line)) {
            return marker.start == nil || marker.start == 1
        }
        return false
    }

    /// `# Title` … `###### Title`, with an optional closing run of `#`.
    private static func heading(_ line: Substring) -> (level: Int, text: String)? {
        guard indentation(line) <= 3 else { return nil }
        let rest = trimLeadingSpaces(line)
        let level = rest.prefix { $0 == "#" }.count
        guard (1...6).contains(level) else { return nil }
        let afterHashes = rest.dropFirst(level)
        guard afterHashes.isEmpty || afterHashes.first == " " || afterHashes.first == "\t" else { return nil }
        var text = afterHashes.drop { $0 == " " || $0 == "\t" }
        while text.last == " " || text.last == "\t" { text = text.dropLast() }
        let closing = text.reversed().prefix { $0 == "#" }.count
        if closing > 0 {
            let beforeClosing = text.dropLast(closing)
            if beforeClosing.isEmpty || beforeClosing.last == " " || beforeClosing.last == "\t" {
                text = beforeClosing
                while text.last == " " || text.last == "\t" { text = text.dropLast() }
            }
        }
        return (level, String(text))
    }

    /// `---`, `***` or `___` (three or more, spaces allowed between).
    private static func isThematicBreak(_ line: Substring) -> Bool {
        guard indentation(line) <= 3, let first = line.utf8.first(where: { $0 != 32 && $0 != 9 }),
              first == UInt8(ascii: "-") || first == UInt8(ascii: "*") || first == UInt8(ascii: "_") else { return false }
        let marks = line.filter { $0 != " " && $0 != "\t" }
        guard marks.count >= 3, let mark = marks.first, mark == "-" || mark == "*" || mark == "_" else { return false }
        return marks.allSatisfy { $0 == mark }
    }

    /// The line without its `>` (and one space after it), or nil when it is not a quote line.
    private static func quoteContent(_ line: Substring) -> Substring? {
        guard indentation(line) <= 3 else { return nil }
        let rest = trimLeadingSpaces(line)
        guard rest.first == ">" else { return nil }
        let content = rest.dropFirst()
        return content.first == " " ? content.dropFirst() : content
    }
}

/// A list item's marker: `-`, `*`, `+`, or a number followed by `.` or `)`.
struct ListMarker {
    /// The marker character (`-`, `*`, `+`) or the delimiter after the number (`.`, `)`).
    var symbol: Character
    /// The number of an ordered item; nil for bullets.
    var start: Int?
    /// The column where the item's content starts; continuation lines are indented to it.
    var contentOffset: Int

    init?(_ line: Substring) {
        let indent = BlockParser.indentation(line)
        guard indent <= 3 else { return nil }
        var rest = line.dropFirst(indent)
        guard let first = rest.first else { return nil }
        var width: Int
        if first == "-" || first == "*" || first == "+" {
            symbol = first
            start = nil
            width = 1
        } else {
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            guard (1...9).contains(digits.count), let number = Int(digits) else { return nil }
            let delimiter = rest.dropFirst(digits.count).first
            guard delimiter == "." || delimiter == ")", let delimiter else { return nil }
            symbol = delimiter
            start = number
            width = digits.count + 1
        }
        rest = rest.dropFirst(width)
        let spaces = rest.prefix { $0 == " " || $0 == "\t" }.count
        guard rest.isEmpty || spaces > 0 else { return nil }
        // Content indented five or more spaces past the marker keeps its extra indentation.
        contentOffset = indent + width + (spaces == 0 || spaces > 4 || spaces == rest.count ? 1 : spaces)
    }

    /// The item's first line without the marker.
    func content(of line: Substring) -> Substring {
        line.dropFirst(contentOffset)
    }

    /// Whether this marker starts another item of the list `previous` belongs to.
    func continues(_ previous: ListMarker) -> Bool {
        symbol == previous.symbol && (start == nil) == (previous.start == nil)
    }
}

/// An opening code fence (```` ``` ```` or `~~~`) and what closes it.
struct Fence {
    var mark: Character
    var length: Int
    var indent: Int

    init?(opening line: Substring) {
        indent = BlockParser.indentation(line)
        guard indent <= 3 else { return nil }
        let rest = line.dropFirst(indent)
        guard let first = rest.first, first == "`" || first == "~" else { return nil }
        length = rest.prefix { $0 == first }.count
        guard length >= 3 else { return nil }
        if first == "`", rest.dropFirst(length).contains("`") { return nil }
        mark = first
    }

    func isClosed(by line: Substring) -> Bool {
        guard BlockParser.indentation(line) <= 3 else { return false }
        let rest = BlockParser.trimLeadingSpaces(line)
        let run = rest.prefix { $0 == mark }.count
        return run >= length && BlockParser.isBlank(rest.dropFirst(run))
    }

    /// A content line without the fence's own indentation.
    func strip(_ line: Substring) -> Substring {
        line.dropFirst(BlockParser.indentation(line, limit: indent))
    }
}
