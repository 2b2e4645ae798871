@testable import Kernel
import Testing

/// Passages cut by `SnippetBuilder`: where they start and end, what is marked, and the
/// whitespace between words.
@Suite struct SnippetBuilderTests {
    func marked(_ snippet: Snippet) -> String {
        snippet.parts.map { $0.isMatch ? "[\($0.text)]" : $0.text }.joined()
    }

    @Test func aPassageStartsAFewWordsBeforeTheMatchAndEndsAfterAFixedNumberOfWords() {
        let words = (1...60).map { "w\($0)" }
        var text = words
        text[20] = "Garten"
        let snippet = SnippetBuilder.snippet(from: [text.joined(separator: " ")], terms: ["garten"])
        let expected = "… " + (text[12..<20] + ["[Garten]"] + text[21..<44]).joined(separator: " ") + " …"
        #expect(marked(snippet) == expected)
    }

    @Test func whitespaceRunsBecomeOneSpaceAndTheTextIsKeptAsWritten() {
        let text = "Im  Hof\n\nder Straße\u{00A0}\u{2003}blühen die Gärten."
        let snippet = SnippetBuilder.snippet(from: [text], terms: ["strasse", "gart"])
        #expect(marked(snippet) == "Im Hof der [Straße] blühen die [Gärten]", "the passage ends with its last word")
    }

    @Test func theSummaryIsUsedFirstThenTheBodyThenTheStartOfTheSummary() {
        let summary = "Ein kurzer Überblick."
        #expect(marked(SnippetBuilder.snippet(from: [summary, "Im Text steht Garten."], terms: ["garten"])) == "Im Text steht [Garten]")
        #expect(marked(SnippetBuilder.snippet(from: ["Vom Garten.", "Im Text steht Garten."], terms: ["garten"])) == "Vom [Garten]")
        // Found in the title only: the summary's start stands for the item.
        #expect(marked(SnippetBuilder.snippet(from: [summary, "Anderes."], terms: ["garten"])) == "Ein kurzer Überblick")
        #expect(marked(SnippetBuilder.snippet(from: ["", "Anderes."], terms: ["garten"])) == "Anderes")
    }

    @Test func onlyTheLastTermMatchesAsAPrefix() {
        let snippet = SnippetBuilder.snippet(from: ["Gartenfest und Gartenhaus im Garten"], terms: ["garten", "haus"])
        #expect(marked(snippet) == "Gartenfest und Gartenhaus im [Garten]")
        let prefixed = SnippetBuilder.snippet(from: ["Gartenfest und Haus"], terms: ["haus", "garten"])
        #expect(marked(prefixed) == "[Gartenfest] und [Haus]")
    }

    @Test func cyrillicAndArabicWordsAreFoundInTheirScripts() {
        #expect(marked(SnippetBuilder.snippet(from: ["Соседи украшают ЁЛКУ вместе."], terms: ["елку"])) == "Соседи украшают [ЁЛКУ] вместе")
        #expect(marked(SnippetBuilder.snippet(from: ["زرنا المَدْرَسَة اليوم"], terms: ["المدرسه"])) == "زرنا [المَدْرَسَة] اليوم")
    }
}
