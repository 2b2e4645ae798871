/// Cuts the passage around the first matched word out of an item's plain text and marks
/// every matched word in it. Matching normalizes and folds words the way the index does, so
/// what is marked is what was found; the text itself is shown as written (with its
/// diacritics and harakat), not in the index's normalized form.
///
/// Search answers build ten of these per request, so the text is scanned once, as UTF-8
/// bytes, word by word and only as far as the passage needs; words are compared scalar by
/// scalar, and the passage's parts are cut out of the bytes without building other strings.
enum SnippetBuilder {
    static let wordsBefore = 8
    static let length = 32
    /// How far into a text a match is looked for; beyond it the passage is not worth the scan.
    static let searchedScalars = 4_000

    /// A snippet from the first of `texts` containing a term, or the start of the first
    /// non-empty one.
    static func snippet(from texts: [String], terms: [String]) -> Snippet {
        snippet(from: texts, matcher: Matcher(terms: terms))
    }

    /// As `snippet(from:terms:)`, with the terms prepared once for every hit of a search.
    static func snippet(from texts: [String], matcher: Matcher) -> Snippet {
        for var text in texts where !text.isEmpty {
            if let found = text.withUTF8({ passage(of: $0, matcher: matcher, requireMatch: true) }) { return found }
        }
        guard var first = texts.first(where: { !$0.isEmpty }) else { return Snippet(parts: []) }
        return first.withUTF8 { passage(of: $0, matcher: matcher, requireMatch: false) } ?? Snippet(parts: [])
    }

    /// The passage of `bytes` (a text's UTF-8) starting a few words before its first match
    /// (or at its start when no match is required), or nil when a match is required and
    /// there is none.
    static func passage(of bytes: UnsafeBufferPointer<UInt8>, matcher: Matcher, requireMatch: Bool) -> Snippet? {
        var scanner = WordScanner(bytes)
        // The starts of the last words before the first match, `wordsBefore` of them at most.
        var recent = [Int](repeating: 0, count: wordsBefore)
        var recentCount = 0
        var windowStart = -1
        var windowCount = 0
        var windowEnd = 0
        var matches: [Range<Int>] = []
        while let word = scanner.next() {
            if windowStart < 0 {
                if requireMatch, scanner.scanned > searchedScalars { return nil }
                let isMatch = matcher.matches(bytes, word)
                if !isMatch && requireMatch {
                    recent[recentCount % wordsBefore] = word.lowerBound
                    recentCount += 1
                    continue
                }
                let kept = min(recentCount, wordsBefore)
                windowStart = kept == 0 ? word.lowerBound : recent[(recentCount - kept) % wordsBefore]
                windowCount = kept + 1
                windowEnd = word.upperBound
                if isMatch { matches.append(word) }
            } else {
                guard windowCount < length else {
                    return snippet(bytes, windowStart..<windowEnd, matches: matches, skippedBefore: recentCount > wordsBefore, more: true)
                }
                windowCount += 1
                windowEnd = word.upperBound
                if matcher.matches(bytes, word) { matches.append(word) }
            }
        }
        guard windowStart >= 0 else {
            guard !requireMatch else { return nil }
            let text = String(decoding: bytes, as: UTF8.self)
            return Snippet(parts: [.init(text: String(text.prefix(200)), isMatch: false)])
        }
        return snippet(bytes, windowStart..<windowEnd, matches: matches, skippedBefore: recentCount > wordsBefore, more: false)
    }

    private static func snippet(
        _ bytes: UnsafeBufferPointer<UInt8>, _ window: Range<Int>, matches: [Range<Int>], skippedBefore: Bool, more: Bool
    ) -> Snippet {
        var parts: [Snippet.Part] = []
        parts.reserveCapacity(matches.count * 2 + 3)
        if skippedBefore { parts.append(.init(text: "… ", isMatch: false)) }
        var cursor = window.lowerBound
        for word in matches {
            if cursor < word.lowerBound { parts.append(.init(text: collapsed(bytes, cursor..<word.lowerBound), isMatch: false)) }
            parts.append(.init(text: String(decoding: UnsafeBufferPointer(rebasing: bytes[word]), as: UTF8.self), isMatch: true))
            cursor = word.upperBound
        }
        if cursor < window.upperBound { parts.append(.init(text: collapsed(bytes, cursor..<window.upperBound), isMatch: false)) }
        if more { parts.append(.init(text: " …", isMatch: false)) }
        return Snippet(parts: parts)
    }

    /// The bytes of `range` with runs of whitespace (line ends between paragraphs) as one space.
    /// Bytes that cannot start whitespace are copied in runs.
    private static func collapsed(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        String(unsafeUninitializedCapacity: range.count, initializingUTF8With: { output in
            var count = 0
            var lastWasSpace = false
            var run = range.lowerBound
            var index = range.lowerBound
            func copyRun() {
                guard run < index else { return }
                for offset in run..<index { output[count + offset - run] = bytes[offset] }
                count += index - run
            }
            while index < range.upperBound {
                guard UTF8Scalars.mayStartWhitespace(bytes[index]) else {
                    index += 1
                    lastWasSpace = false
                    continue
                }
                let (scalar, width) = UTF8Scalars.decode(bytes, at: index)
                guard UTF8Scalars.isWhitespace(scalar) else {
                    index += width
                    lastWasSpace = false
                    continue
                }
                copyRun()
                if !lastWasSpace {
                    output[count] = UInt8(ascii: " ")
                    count += 1
                }
                lastWasSpace = true
                index += width
                run = index
            }
            copyRun()
            return count
        })
    }

    /// The words of a text one at a time, as `SearchNormalization.words` finds them, as byte
    /// ranges of its UTF-8.
    struct WordScanner {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0
        /// Scalars looked at so far.
        var scanned = 0

        init(_ bytes: UnsafeBufferPointer<UInt8>) {
            self.bytes = bytes
        }

        mutating func next() -> Range<Int>? {
            var start = -1
            while index < bytes.count {
                let (scalar, width) = UTF8Scalars.decode(bytes, at: index)
                let isWord = UTF8Scalars.isWordScalar(scalar)
                if isWord && start < 0 { start = index }
                if !isWord && start >= 0 { return start..<index }
                index += width
                scanned += 1
            }
            return start >= 0 ? start..<index : nil
        }
    }

    /// Whether a word of the text is one searched for (the last term as a prefix). The word
    /// is normalized and folded scalar by scalar while it is compared, so most words are
    /// refused after their first letter without building a string.
    struct Matcher {
        let terms: [[Unicode.Scalar]]
        /// The first letter of each term, to refuse most words after decoding one scalar.
        let firstLetters: [Unicode.Scalar]

        init(terms: [String]) {
            self.terms = terms.map { Array(SearchNormalization.fold($0).unicodeScalars) }
            firstLetters = self.terms.compactMap(\.first)
        }

        func matches(_ bytes: UnsafeBufferPointer<UInt8>, _ word: Range<Int>) -> Bool {
            let (scalar, _) = UTF8Scalars.decode(bytes, at: word.lowerBound)
            if let first = SearchNormalization.normalized(scalar).0.flatMap({ SearchNormalization.folded($0, after: nil) }),
               !firstLetters.contains(first) {
                return false
            }
            for (index, term) in terms.enumerated() where Self.compare(bytes, word, term, prefix: index == terms.count - 1 && term.count >= 2) {
                return true
            }
            return false
        }

        static func compare(_ bytes: UnsafeBufferPointer<UInt8>, _ word: Range<Int>, _ term: [Unicode.Scalar], prefix: Bool) -> Bool {
            var position = 0
            var last: Unicode.Scalar?
            /// Compares one normalized scalar: false or true when decided, nil to go on.
            func step(_ scalar: Unicode.Scalar?) -> Bool? {
                guard let scalar, let output = SearchNormalization.folded(scalar, after: last) else { return nil }
                guard position < term.count, term[position] == output else { return false }
                position += 1
                last = output
                return prefix && position == term.count ? true : nil
            }
            var index = word.lowerBound
            while index < word.upperBound {
                let (scalar, width) = UTF8Scalars.decode(bytes, at: index)
                index += width
                let (first, second) = SearchNormalization.normalized(scalar)
                if let decided = step(first) { return decided }
                if let decided = step(second) { return decided }
            }
            return position == term.count
        }
    }
}

/// Decoding scalars from the UTF-8 of a Swift string (valid by construction).
enum UTF8Scalars {
    /// The scalar starting at `index` and its length in bytes.
    @inline(__always)
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (Unicode.Scalar, Int) {
        let lead = UInt32(bytes[index])
        if lead < 0x80 { return (Unicode.Scalar(UInt8(lead)), 1) }
        let width = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
        guard index + width <= bytes.count else { return ("\u{FFFD}", 1) }
        var value = lead & (0x7F >> UInt32(width))
        for offset in 1..<width { value = value << 6 | (UInt32(bytes[index + offset]) & 0x3F) }
        return (Unicode.Scalar(value) ?? "\u{FFFD}", width)
    }

    /// Whether `byte` can be the first byte of a whitespace scalar: ASCII space and controls,
    /// or the lead bytes of U+0085…U+00A0, U+1680, U+2000…U+205F and U+3000.
    @inline(__always)
    static func mayStartWhitespace(_ byte: UInt8) -> Bool {
        byte <= 0x20 || byte == 0xC2 || byte == 0xE1 || byte == 0xE2 || byte == 0xE3
    }

    @inline(__always)
    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x80 ? SearchNormalization.isASCIIWordCharacter(scalar.value) : SearchNormalization.isWordScalar(scalar)
    }

    /// Unicode's White_Space property, without a property lookup.
    @inline(__always)
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }
}
