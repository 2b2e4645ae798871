/// Cuts the passage around the first matched word out of an item's plain text and marks
/// every matched word in it. Matching normalizes and folds words the way the index does, so
/// what is marked is what was found; the text itself is shown as written (with its
/// diacritics and harakat), not in the index's normalized form.
///
/// Search answers build twenty of these per request, so the text is scanned once, word by
/// word, only as far as the passage needs, and words are compared scalar by scalar.
enum SnippetBuilder {
    static let wordsBefore = 8
    static let length = 32
    /// How far into a text a match is looked for; beyond it the passage is not worth the scan.
    static let searchedScalars = 4_000

    /// A snippet from the first of `texts` containing a term, or the start of the first
    /// non-empty one.
    static func snippet(from texts: [String], terms: [String]) -> Snippet {
        let matcher = Matcher(terms: terms)
        var fallback: Snippet?
        for text in texts where !text.isEmpty {
            if let found = passage(of: text, matcher: matcher, requireMatch: true) { return found }
            if fallback == nil { fallback = passage(of: text, matcher: matcher, requireMatch: false) }
        }
        return fallback ?? Snippet(parts: [])
    }

    /// The passage of `text` starting a few words before its first match (or at its start
    /// when no match is required), or nil when a match is required and there is none.
    static func passage(of text: String, matcher: Matcher, requireMatch: Bool) -> Snippet? {
        var scanner = WordScanner(text)
        var recent: [Range<String.Index>] = []  // the words before the first match, at most `wordsBefore`
        var window: [(range: Range<String.Index>, isMatch: Bool)] = []
        var skippedBefore = false
        while let word = scanner.next() {
            if window.isEmpty {
                if requireMatch, scanner.scanned > searchedScalars { return nil }
                let isMatch = matcher.matches(text.unicodeScalars[word])
                if !isMatch && requireMatch {
                    recent.append(word)
                    if recent.count > wordsBefore {
                        recent.removeFirst()
                        skippedBefore = true
                    }
                    continue
                }
                window = recent.map { ($0, false) } + [(word, isMatch)]
            } else {
                guard window.count < length else { return snippet(text, window, skippedBefore: skippedBefore, more: true) }
                window.append((word, matcher.matches(text.unicodeScalars[word])))
            }
        }
        guard !window.isEmpty else { return requireMatch ? nil : Snippet(parts: [.init(text: String(text.prefix(200)), isMatch: false)]) }
        return snippet(text, window, skippedBefore: skippedBefore, more: false)
    }

    private static func snippet(
        _ text: String, _ window: [(range: Range<String.Index>, isMatch: Bool)], skippedBefore: Bool, more: Bool
    ) -> Snippet {
        var parts: [Snippet.Part] = []
        if skippedBefore { parts.append(.init(text: "… ", isMatch: false)) }
        let scalars = text.unicodeScalars
        var cursor = window[0].range.lowerBound
        for word in window where word.isMatch {
            if cursor < word.range.lowerBound { parts.append(.init(text: collapsed(scalars[cursor..<word.range.lowerBound]), isMatch: false)) }
            parts.append(.init(text: String(scalars[word.range]), isMatch: true))
            cursor = word.range.upperBound
        }
        let last = window[window.count - 1].range.upperBound
        if cursor < last { parts.append(.init(text: collapsed(scalars[cursor..<last]), isMatch: false)) }
        if more { parts.append(.init(text: " …", isMatch: false)) }
        return Snippet(parts: parts)
    }

    /// Runs of whitespace (line ends between paragraphs) as one space. Built as UTF-8 bytes:
    /// appending scalar by scalar to a string's scalar view cost a tenth of every search.
    private static func collapsed(_ text: Substring.UnicodeScalarView) -> String {
        var output: [UInt8] = []
        var lastWasSpace = false
        for scalar in text {
            let isSpace = scalar.isASCII ? scalar == " " || scalar == "\n" || scalar == "\t" || scalar == "\r" : scalar.properties.isWhitespace
            if isSpace {
                if !lastWasSpace { output.append(UInt8(ascii: " ")) }
                lastWasSpace = true
            } else {
                UTF8.encode(scalar) { output.append($0) }
                lastWasSpace = false
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The words of a text one at a time, as `SearchNormalization.words` finds them.
    struct WordScanner {
        let scalars: String.UnicodeScalarView
        var index: String.Index

        init(_ text: String) {
            scalars = text.unicodeScalars
            index = scalars.startIndex
        }

        /// Scalars looked at so far.
        var scanned = 0

        mutating func next() -> Range<String.Index>? {
            while index < scalars.endIndex, !SearchNormalization.isWordScalar(scalars[index]) {
                index = scalars.index(after: index)
                scanned += 1
            }
            guard index < scalars.endIndex else { return nil }
            let start = index
            while index < scalars.endIndex, SearchNormalization.isWordScalar(scalars[index]) {
                index = scalars.index(after: index)
                scanned += 1
            }
            return start..<index
        }
    }

    /// Whether a word of the text is one searched for (the last term as a prefix). The word
    /// is normalized and folded scalar by scalar while it is compared, so most words are
    /// refused after their first letter without building a string.
    struct Matcher {
        let terms: [[Unicode.Scalar]]

        init(terms: [String]) {
            self.terms = terms.map { Array(SearchNormalization.fold($0).unicodeScalars) }
        }

        func matches(_ word: Substring.UnicodeScalarView) -> Bool {
            terms.enumerated().contains { index, term in
                Self.compare(word, term, prefix: index == terms.count - 1 && term.count >= 2)
            }
        }

        static func compare(_ word: Substring.UnicodeScalarView, _ term: [Unicode.Scalar], prefix: Bool) -> Bool {
            var position = 0
            var last: Unicode.Scalar?
            func step(_ scalar: Unicode.Scalar?) -> Bool? {
                guard let scalar, let output = SearchNormalization.folded(scalar, after: last) else { return nil }
                guard position < term.count, term[position] == output else { return false }
                position += 1
                last = output
                return prefix && position == term.count ? true : nil
            }
            for scalar in word {
                let (first, second) = SearchNormalization.normalized(scalar)
                if let decided = step(first) { return decided }
                if let decided = step(second) { return decided }
            }
            return position == term.count
        }
    }
}
