/// Cuts the passage around the first matched word out of an item's plain text and marks
/// every matched word in it. Matching folds words the way the index does, so what is
/// marked is what was found; the text itself is shown as written (with its diacritics and
/// harakat), not in the index's normalized form.
enum SnippetBuilder {
    static let wordsBefore = 8
    static let length = 32

    /// A snippet from the first of `texts` containing a term, or the start of the first
    /// non-empty one.
    static func snippet(from texts: [String], terms: [String]) -> Snippet {
        let folded = terms.map { SearchNormalization.fold($0) }
        var fallback: Snippet?
        for text in texts where !text.isEmpty {
            let words = SearchNormalization.words(text)
            let matching = words.map { isMatch($0, folded) }
            if let first = matching.firstIndex(of: true) {
                return snippet(text, words: words, matching: matching, start: max(0, first - wordsBefore))
            }
            if fallback == nil { fallback = snippet(text, words: words, matching: matching, start: 0) }
        }
        return fallback ?? Snippet(parts: [])
    }

    private static func isMatch(_ word: Substring, _ terms: [String]) -> Bool {
        let candidate = SearchNormalization.fold(SearchNormalization.normalize(String(word)))
        return terms.enumerated().contains { index, term in
            index == terms.count - 1 && term.count >= 2 ? candidate.hasPrefix(term) : candidate == term
        }
    }

    private static func snippet(_ text: String, words: [Substring], matching: [Bool], start: Int) -> Snippet {
        guard !words.isEmpty else { return Snippet(parts: [.init(text: String(text.prefix(200)), isMatch: false)]) }
        let end = min(words.count, start + length)
        var parts: [Snippet.Part] = []
        if start > 0 { parts.append(.init(text: "… ", isMatch: false)) }
        var cursor = words[start].startIndex
        for index in start..<end where matching[index] {
            let word = words[index]
            if cursor < word.startIndex { parts.append(.init(text: collapsed(text[cursor..<word.startIndex]), isMatch: false)) }
            parts.append(.init(text: String(word), isMatch: true))
            cursor = word.endIndex
        }
        let last = words[end - 1].endIndex
        if cursor < last { parts.append(.init(text: collapsed(text[cursor..<last]), isMatch: false)) }
        if end < words.count { parts.append(.init(text: " …", isMatch: false)) }
        return Snippet(parts: parts)
    }

    /// Runs of whitespace (line ends between paragraphs) as one space.
    private static func collapsed(_ text: Substring) -> String {
        var output = ""
        var lastWasSpace = false
        for character in text {
            if character.isWhitespace {
                if !lastWasSpace { output.append(" ") }
                lastWasSpace = true
            } else {
                output.append(character)
                lastWasSpace = false
            }
        }
        return output
    }
}
