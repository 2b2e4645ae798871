import Testing
@testable import Web

/// Feeds a hostile string through every component and every attribute the kernel renders and
/// checks that it adds no markup: the page's structural characters (`<`, `>`, `"`, `'`) are the
/// same as with a harmless string, and the hostile one appears only escaped.
@Suite struct EscapingSweepTests {
    static let hostile = #"<script>alert("x&y")</script>' onmouseover='z"#
    static let harmless = "harmless"

    func everything(_ s: String) -> String {
        let page = PageContext(
            language: "de", siteName: s, homeURL: "/" + s,
            navigation: [PageLink(title: s, url: "/n/" + s, isCurrent: true)],
            alternates: [LanguageAlternate(language: "de", url: "/de/" + s), LanguageAlternate(language: "en", url: "/en/" + s)],
            searchURL: "/search/" + s, searchQuery: s, signedInName: s,
            accountLinks: [PageLink(title: s, url: "/account/" + s)], signOutURL: "/out/" + s,
            notices: [Notice(.success, s), Notice(.error, s), Notice(.info, s)], csrfToken: s)
        var state = FormState(submitted: [
            (s, s), ("text", s), ("area", s), ("select", s), ("radio", s), ("boxes", s), ("box", s), ("number", s),
        ])
        for field in [s, "text", "area", "select", "radio", "boxes", "box", "number"] { state.addError(s, field: field) }
        let content = HTML.fragment([
            Form(action: "/act/" + s, state: state, in: page) { form in
                form.text(s, label: s, hint: s, required: true, autocomplete: s)
                form.input(.text, "text", label: s, hint: s, attributes: ["placeholder": s, "class": s])
                form.textarea("area", label: s, hint: s)
                form.select("select", label: s, options: [Choice(s, s)], hint: s)
                form.radios("radio", legend: s, options: [Choice(s, s), Choice("b", s)], hint: s)
                form.checkboxes("boxes", legend: s, options: [Choice(s, s)], hint: s)
                form.checkbox("box", label: s, hint: s)
                form.number("number", label: s, hint: s)
                form.hidden(s, value: s)
                form.submit(s, name: s, value: s)
            }.html,
            Form(action: "/get/" + s, method: .get, in: page) { form in form.email(s, label: s); form.tel(s, label: s) }.html,
            Pagination(previous: "/p/" + s, next: "/n/" + s, in: page).html,
            Table(caption: s, columns: [s, s], rows: [[s, s]]).html,
            DefinitionList([(term: s, details: s)]).html,
            CardList([Card(title: s, url: "/c/" + s, meta: [s, s], summary: s)]).html,
            ButtonLink(s, url: "/b/" + s).html,
            HomeSection(id: s, title: s, content: text(s)).html,
            element("p", ["title": s, "data-x": s]) { s },
        ])
        return String(decoding: Layout.render(title: s, context: page, content: content), as: UTF8.self)
    }

    func structure(_ html: String) -> [Character: Int] {
        html.reduce(into: [:]) { counts, character in
            if "<>\"'".contains(character) { counts[character, default: 0] += 1 }
        }
    }

    @Test func hostileTextAddsNoMarkupAnywhere() {
        let hostile = everything(Self.hostile)
        let harmless = everything(Self.harmless)
        #expect(structure(hostile) == structure(harmless))
        #expect(!hostile.contains("<script"))
        #expect(!hostile.contains("onmouseover='"))
        #expect(hostile.contains("&lt;script&gt;alert(&quot;x&amp;y&quot;)&lt;/script&gt;&#39; onmouseover=&#39;z"))
        // Every place the harmless string shows up, the escaped hostile one does too.
        // (Field ids replace the space, so count the part before it.)
        let start = escapeHTML(#"<script>alert("x&y")</script>'"#)
        #expect(occurrences(of: start, in: hostile) == occurrences(of: Self.harmless, in: harmless))
    }

    @Test func hostileLinkTargetsAreNeutralised() {
        let page = PageContext(
            language: "en", siteName: "x", homeURL: "javascript:alert(1)",
            navigation: [PageLink(title: "n", url: "javascript:alert(2)")],
            alternates: [LanguageAlternate(language: "en", url: "data:text/html,x"), LanguageAlternate(language: "de", url: " JAVASCRIPT:x")],
            searchURL: "javascript:alert(3)")
        let html = String(decoding: Layout.render(title: "t", context: page, content: CardList([Card(title: "c", url: "vbscript:x")]).html), as: UTF8.self)
        #expect(!html.lowercased().contains("javascript:"))
        #expect(!html.contains("data:text"))
        #expect(!html.contains("vbscript:"))
        #expect(occurrences(of: "about:invalid", in: html) == 8)
    }
}

func occurrences(of needle: String, in haystack: String) -> Int {
    haystack.ranges(of: needle).count
}
