/// The rich text people write into content: a small, safe subset of Markdown, rendered by
/// our own parser so that no raw HTML from users ever reaches a page.
///
/// Supported: paragraphs, headings (`#` … `######`, rendered one level lower so that
/// content never competes with the page's `<h1>`), unordered (`-`, `*`, `+`) and ordered
/// (`1.`, `1)`) lists, block quotes (`>`), fenced code (```` ``` ````), thematic breaks
/// (`---`), emphasis (`*a*`, `_a_`), strong (`**a**`), code spans, links
/// (`[text](url "title")`, `<https://…>` and bare `https://…`), hard line breaks (two
/// trailing spaces or `\`) and backslash escapes.
///
/// Everything else is text and is escaped: `<script>` shows as `<script>`, `&amp;` as
/// `&amp;`. Links keep only `http`, `https` and `mailto` URLs and relative ones (see
/// `LinkPolicy`); any other link renders as its text alone. Nesting of lists and quotes is
/// capped at `maximumBlockDepth` and of emphasis at `maximumInlineDepth`; deeper markers
/// stay text. Work is linear in the input, so hostile input cannot stall a request.
public enum Markup {
    /// Lists and quotes nested deeper than this are read as text.
    public static let maximumBlockDepth = 16
    /// Emphasis opened while this many are open stays text.
    public static let maximumInlineDepth = 32

    /// The source rendered as an HTML fragment (block elements, no wrapper).
    public static func html(_ source: String) -> String {
        var output = ""
        output.reserveCapacity(source.utf8.count + source.utf8.count / 4)
        MarkupRenderer.html(BlockParser.parse(source), into: &output)
        return output
    }

    /// The source as plain text, markup removed: for search indexes, feed summaries and
    /// snippets. Blocks are separated by blank lines; links keep their text.
    public static func plainText(_ source: String) -> String {
        var output = ""
        output.reserveCapacity(source.utf8.count)
        MarkupRenderer.plainText(BlockParser.parse(source), into: &output)
        return output
    }
}
