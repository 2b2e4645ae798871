/// Parses the text of a paragraph or heading into inline spans.
///
/// Code spans and bracket pairs are found first, each in one pass, so that nothing later
/// searches ahead more than a bounded distance. Emphasis uses a delimiter stack capped at
/// `Markup.maximumInlineDepth` openers: that bounds both the nesting depth and the work per
/// closing delimiter, keeping the whole parse linear in the input.
struct InlineParser {
    private let scalars: [Unicode.Scalar]
    /// Start of an opening backtick run → (start of its closing run, run length).
    private var codeSpans: [Int: (close: Int, length: Int)] = [:]
    /// Position of `[` → position of its matching `]`.
    private var brackets: [Int: Int] = [:]

    static func parse(_ text: String) -> [MarkupInline] {
        let parser = InlineParser(Array(text.unicodeScalars))
        return parser.parse(parser.scalars.startIndex..<parser.scalars.endIndex, links: true)
    }

    private init(_ scalars: [Unicode.Scalar]) {
        self.scalars = scalars
        findCodeSpans()
        findBrackets()
    }

    // MARK: Pre-passes

    /// Pairs each backtick run with the next run of the same length; unpaired runs are text.
    private mutating func findCodeSpans() {
        var runs: [(start: Int, length: Int)] = []
        var index = 0
        while index < scalars.count {
            if scalars[index] == "`" {
                let start = index
                while index < scalars.count, scalars[index] == "`" { index += 1 }
                let escaped = start > 0 && scalars[start - 1] == "\\" && !isEscaped(start - 1)
                let begin = escaped ? start + 1 : start
                if index > begin { runs.append((begin, index - begin)) }
            } else {
                index += 1
            }
        }
        var nextOfLength: [Int: Int] = [:]
        var next = Array(repeating: -1, count: runs.count)
        for run in runs.indices.reversed() {
            next[run] = nextOfLength[runs[run].length] ?? -1
            nextOfLength[runs[run].length] = run
        }
        var run = 0
        while run < runs.count {
            let closing = next[run]
            if closing >= 0 {
                codeSpans[runs[run].start] = (runs[closing].start, runs[run].length)
                run = closing + 1
            } else {
                run += 1
            }
        }
    }

    /// Matches `[` with `]`, skipping code spans and escaped brackets.
    private mutating func findBrackets() {
        var open: [Int] = []
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "\\" {
                index += 2
                continue
            }
            if let span = codeSpans[index] {
                index = span.close + span.length
                continue
            }
            if scalar == "[" {
                open.append(index)
            } else if scalar == "]", let start = open.popLast() {
                brackets[start] = index
            }
            index += 1
        }
    }

    private func isEscaped(_ index: Int) -> Bool {
        var backslashes = 0
        var position = index - 1
        while position >= 0, scalars[position] == "\\" {
            backslashes += 1
            position -= 1
        }
        return backslashes % 2 == 1
    }

    // MARK: Main pass

    /// A parsed span, or a run of `*`/`_` that may still open or close emphasis.
    private enum Piece {
        case inline(MarkupInline)
        case delimiter(Unicode.Scalar, count: Int)
    }

    private func parse(_ range: Range<Int>, links: Bool) -> [MarkupInline] {
        var pieces: [Piece] = []
        var openers: [Int] = []  // indexes into `pieces` of delimiters that can open
        var text = String.UnicodeScalarView()

        func flush() {
            guard !text.isEmpty else { return }
            pieces.append(.inline(.text(String(text))))
            text = String.UnicodeScalarView()
        }
        func append(_ inline: MarkupInline) {
            flush()
            pieces.append(.inline(inline))
        }

        var index = range.lowerBound
        while index < range.upperBound {
            let scalar = scalars[index]
            switch scalar {
            case "\\":
                let next = index + 1 < range.upperBound ? scalars[index + 1] : nil
                if next == "\n" {
                    append(.hardBreak)
                    index = skipSpaces(from: index + 2, to: range.upperBound)
                } else if let next, next.isASCII, next.properties.generalCategory.isPunctuationOrSymbol {
                    text.append(next)
                    index += 2
                } else {
                    text.append(scalar)
                    index += 1
                }
            case "`":
                if let span = codeSpans[index], span.close < range.upperBound {
                    append(.code(codeText(index + span.length..<span.close)))
                    index = span.close + span.length
                } else {
                    while index < range.upperBound, scalars[index] == "`" {
                        text.append("`")
                        index += 1
                    }
                }
            case "\n":
                var trailingSpaces = 0
                while text.last == " " {
                    text.removeLast()
                    trailingSpaces += 1
                }
                append(trailingSpaces >= 2 ? .hardBreak : .softBreak)
                index = skipSpaces(from: index + 1, to: range.upperBound)
            case "[" where links:
                if let link = bracketLink(at: index, within: range) {
                    flush()
                    if let url = link.url {
                        pieces.append(.inline(.link(url: url, title: link.title, parse(index + 1..<link.textEnd, links: false))))
                    } else {
                        // A refused URL: keep the words, drop the link.
                        pieces += parse(index + 1..<link.textEnd, links: false).map { .inline($0) }
                    }
                    index = link.end
                } else {
                    text.append(scalar)
                    index += 1
                }
            case "<" where links:
                if let (url, end) = angleLink(at: index, within: range) {
                    append(.link(url: url, title: nil, [.text(url.hasPrefix("mailto:") ? String(url.dropFirst(7)) : url)]))
                    index = end
                } else {
                    text.append(scalar)
                    index += 1
                }
            case "h", "H":
                if links, let (url, end) = bareLink(at: index, within: range) {
                    append(.link(url: url, title: nil, [.text(url)]))
                    index = end
                } else {
                    text.append(scalar)
                    index += 1
                }
            case "*", "_":
                let start = index
                while index < range.upperBound, scalars[index] == scalar { index += 1 }
                let flanking = Flanking(
                    before: start > range.lowerBound ? scalars[start - 1] : nil,
                    after: index < range.upperBound ? scalars[index] : nil, mark: scalar)
                flush()
                var remaining = index - start
                if flanking.canClose {
                    remaining = close(scalar, count: remaining, pieces: &pieces, openers: &openers)
                }
                if remaining > 0 {
                    if flanking.canOpen, openers.count < Markup.maximumInlineDepth {
                        openers.append(pieces.count)
                    }
                    pieces.append(.delimiter(scalar, count: remaining))
                }
            default:
                text.append(scalar)
                index += 1
            }
        }
        flush()
        return Self.inlines(pieces[...])
    }

    /// Matches a closing run against the openers, innermost first, wrapping what lies
    /// between in emphasis or strong. Returns the delimiters of the run left unused.
    private func close(_ mark: Unicode.Scalar, count: Int, pieces: inout [Piece], openers: inout [Int]) -> Int {
        var remaining = count
        while remaining > 0, let stackIndex = openers.lastIndex(where: { index in
            if case .delimiter(let other, _) = pieces[index] { return other == mark }
            return false
        }) {
            let openerIndex = openers[stackIndex]
            guard case .delimiter(_, let openerCount) = pieces[openerIndex] else { break }
            let used = remaining >= 2 && openerCount >= 2 ? 2 : 1
            let inner = Self.inlines(pieces[(openerIndex + 1)...])
            pieces.removeSubrange((openerIndex + 1)...)
            openers.removeSubrange((stackIndex + 1)...)
            if openerCount == used {
                pieces.removeLast()
                openers.removeLast()
            } else {
                pieces[openerIndex] = .delimiter(mark, count: openerCount - used)
            }
            pieces.append(.inline(used == 2 ? .strong(inner) : .emphasis(inner)))
            remaining -= used
        }
        return remaining
    }

    /// Pieces as inlines: unused delimiters become text, neighbouring texts merge.
    private static func inlines(_ pieces: ArraySlice<Piece>) -> [MarkupInline] {
        var result: [MarkupInline] = []
        var text = ""
        for piece in pieces {
            switch piece {
            case .inline(.text(let value)):
                text += value
            case .delimiter(let mark, let count):
                text += String(repeating: String(mark), count: count)
            case .inline(let inline):
                if !text.isEmpty {
                    result.append(.text(text))
                    text = ""
                }
                result.append(inline)
            }
        }
        if !text.isEmpty { result.append(.text(text)) }
        return result
    }

    private func skipSpaces(from index: Int, to end: Int) -> Int {
        var index = index
        while index < end, scalars[index] == " " || scalars[index] == "\t" { index += 1 }
        return index
    }

    /// Code span content: line ends become spaces; one space on both sides is dropped.
    private func codeText(_ range: Range<Int>) -> String {
        var content = String.UnicodeScalarView(scalars[range].map { $0 == "\n" ? " " : $0 })
        if content.count >= 2, content.first == " ", content.last == " ", content.contains(where: { $0 != " " }) {
            content.removeFirst()
            content.removeLast()
        }
        return String(content)
    }

    // MARK: Links

    private struct BracketLink {
        /// Nil when the URL was refused by `LinkPolicy`.
        var url: String?
        var title: String?
        /// Position of the `]` ending the link text.
        var textEnd: Int
        /// Position after the closing `)`.
        var end: Int
    }

    /// `[text](destination "title")` starting at `start`.
    private func bracketLink(at start: Int, within range: Range<Int>) -> BracketLink? {
        guard let close = brackets[start], close + 1 < range.upperBound, scalars[close + 1] == "(" else { return nil }
        var index = skipSpaces(from: close + 2, to: range.upperBound)
        var destination = String.UnicodeScalarView()
        let limit = min(range.upperBound, index + LinkPolicy.maximumLength)
        if index < range.upperBound, scalars[index] == "<" {
            index += 1
            while index < limit, scalars[index] != ">" {
                guard scalars[index] != "<", scalars[index] != "\n" else { return nil }
                destination.append(scalars[index])
                index += 1
            }
            guard index < limit else { return nil }
            index += 1
        } else {
            var depth = 0
            while index < limit {
                let scalar = scalars[index]
                if scalar == "\\", index + 1 < limit, scalars[index + 1].isASCII,
                   scalars[index + 1].properties.generalCategory.isPunctuationOrSymbol {
                    destination.append(scalars[index + 1])
                    index += 2
                    continue
                }
                if scalar.properties.isWhitespace || scalar == "[" || scalar == "]" || scalar == "<" { break }
                if scalar == "(" {
                    depth += 1
                    if depth > 8 { return nil }
                } else if scalar == ")" {
                    if depth == 0 { break }
                    depth -= 1
                }
                destination.append(scalar)
                index += 1
            }
        }
        index = skipSpaces(from: index, to: range.upperBound)
        var title: String?
        if index < range.upperBound, scalars[index] == "\"" || scalars[index] == "'" {
            let quote = scalars[index]
            var value = String.UnicodeScalarView()
            index += 1
            let titleLimit = min(range.upperBound, index + LinkPolicy.maximumLength)
            while index < titleLimit, scalars[index] != quote {
                if scalars[index] == "\\", index + 1 < titleLimit, scalars[index + 1] == quote {
                    index += 1
                }
                value.append(scalars[index])
                index += 1
            }
            guard index < titleLimit else { return nil }
            title = String(value)
            index = skipSpaces(from: index + 1, to: range.upperBound)
        }
        guard index < range.upperBound, scalars[index] == ")" else { return nil }
        return BracketLink(url: LinkPolicy.safeURL(String(destination)), title: title, textEnd: close, end: index + 1)
    }

    /// `<https://…>` or `<mailto:…>`.
    private func angleLink(at start: Int, within range: Range<Int>) -> (String, Int)? {
        var index = start + 1
        let limit = min(range.upperBound, index + LinkPolicy.maximumLength)
        var url = String.UnicodeScalarView()
        while index < limit, scalars[index] != ">" {
            let scalar = scalars[index]
            if scalar == "<" || scalar.properties.isWhitespace { return nil }
            url.append(scalar)
            index += 1
        }
        guard index < limit else { return nil }
        let text = String(url)
        let lowered = text.lowercased()
        guard lowered.hasPrefix("http://") || lowered.hasPrefix("https://") || lowered.hasPrefix("mailto:"),
              let safe = LinkPolicy.safeURL(text) else { return nil }
        return (safe, index + 1)
    }

    /// A bare `http://…` or `https://…` at the start of a word, without trailing punctuation.
    private func bareLink(at start: Int, within range: Range<Int>) -> (String, Int)? {
        if start > range.lowerBound {
            let before = scalars[start - 1]
            if before.properties.isAlphabetic || before.properties.numericType != nil || before == "/" { return nil }
        }
        guard let prefixLength = ["https://", "http://"].lazy.compactMap({ prefix -> Int? in
            let expected = Array(prefix.unicodeScalars)
            guard start + expected.count < range.upperBound else { return nil }
            for (offset, scalar) in expected.enumerated() {
                let actual = scalars[start + offset].value
                let lowered = (65...90).contains(actual) ? actual + 32 : actual
                if lowered != scalar.value { return nil }
            }
            return expected.count
        }).first else { return nil }
        var end = start + prefixLength
        let limit = min(range.upperBound, start + LinkPolicy.maximumLength)
        while end < limit, !scalars[end].properties.isWhitespace, scalars[end] != "<", scalars[end].value >= 0x20 {
            end += 1
        }
        // Trailing punctuation ends the sentence, not the URL; a `)` stays when it closes one in the URL.
        while end > start + prefixLength {
            let last = scalars[end - 1]
            if ".,:;!?'\"*_~".unicodeScalars.contains(last) {
                end -= 1
            } else if last == ")" {
                let opening = scalars[start..<end].filter { $0 == "(" }.count
                let closing = scalars[start..<end].filter { $0 == ")" }.count
                guard closing > opening else { break }
                end -= 1
            } else {
                break
            }
        }
        guard end > start + prefixLength, let url = LinkPolicy.safeURL(String(String.UnicodeScalarView(scalars[start..<end]))) else {
            return nil
        }
        return (url, end)
    }
}

/// Whether a run of `*` or `_` can open or close emphasis (CommonMark's flanking rules;
/// `_` inside a word, as in `snake_case`, does neither).
private struct Flanking {
    var canOpen: Bool
    var canClose: Bool

    init(before: Unicode.Scalar?, after: Unicode.Scalar?, mark: Unicode.Scalar) {
        let beforeIsSpace = before.map { $0.properties.isWhitespace } ?? true
        let afterIsSpace = after.map { $0.properties.isWhitespace } ?? true
        let beforeIsPunctuation = before.map { $0.properties.generalCategory.isPunctuationOrSymbol } ?? false
        let afterIsPunctuation = after.map { $0.properties.generalCategory.isPunctuationOrSymbol } ?? false
        let left = !afterIsSpace && (!afterIsPunctuation || beforeIsSpace || beforeIsPunctuation)
        let right = !beforeIsSpace && (!beforeIsPunctuation || afterIsSpace || afterIsPunctuation)
        if mark == "_" {
            canOpen = left && (!right || beforeIsPunctuation)
            canClose = right && (!left || afterIsPunctuation)
        } else {
            canOpen = left
            canClose = right
        }
    }
}

extension Unicode.GeneralCategory {
    var isPunctuationOrSymbol: Bool {
        switch self {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
             .finalPunctuation, .otherPunctuation, .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
            true
        default:
            false
        }
    }
}
