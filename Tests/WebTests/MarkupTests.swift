import Testing
@testable import Web

/// What the markup subset renders, construct by construct.
@Suite struct MarkupTests {
    @Test func paragraphsAreSeparatedByBlankLines() {
        #expect(Markup.html("One\ntwo\n\nThree") == "<p>One\ntwo</p>\n<p>Three</p>\n")
    }

    @Test func headingsStartAtH2() {
        #expect(Markup.html("# Title") == "<h2>Title</h2>\n")
        #expect(Markup.html("### Part ###") == "<h4>Part</h4>\n")
        #expect(Markup.html("###### Deep") == "<h6>Deep</h6>\n")
        #expect(Markup.html("#NoSpace") == "<p>#NoSpace</p>\n")
    }

    @Test func emphasisAndStrong() {
        #expect(Markup.html("*a* _b_ **c** __d__") == "<p><em>a</em> <em>b</em> <strong>c</strong> <strong>d</strong></p>\n")
        #expect(Markup.html("***both***") == "<p><em><strong>both</strong></em></p>\n")
        #expect(Markup.html("snake_case_name") == "<p>snake_case_name</p>\n")
        #expect(Markup.html("2 * 3 * 4") == "<p>2 * 3 * 4</p>\n")
        #expect(Markup.html("**unclosed") == "<p>**unclosed</p>\n")
    }

    @Test func codeSpansKeepTheirContentLiterally() {
        #expect(Markup.html("Use `<b>*x*</b>` here") == "<p>Use <code>&lt;b&gt;*x*&lt;/b&gt;</code> here</p>\n")
        #expect(Markup.html("`` a ` b ``") == "<p><code>a ` b</code></p>\n")
        #expect(Markup.html("`open") == "<p>`open</p>\n")
    }

    @Test func unorderedAndOrderedLists() {
        #expect(Markup.html("- one\n- two") == "<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n")
        #expect(Markup.html("3. three\n4. four") == "<ol start=\"3\">\n<li>three</li>\n<li>four</li>\n</ol>\n")
        #expect(Markup.html("1) a\n2) b") == "<ol>\n<li>a</li>\n<li>b</li>\n</ol>\n")
    }

    @Test func nestedAndLooseLists() {
        #expect(Markup.html("- a\n  - b\n- c") == "<ul>\n<li>a\n<ul>\n<li>b</li>\n</ul>\n</li>\n<li>c</li>\n</ul>\n")
        #expect(Markup.html("- a\n\n- b") == "<ul>\n<li>\n<p>a</p>\n</li>\n<li>\n<p>b</p>\n</li>\n</ul>\n")
        #expect(Markup.html("- item\ncontinued") == "<ul>\n<li>item\ncontinued</li>\n</ul>\n")
    }

    @Test func listsInterruptParagraphs() {
        #expect(Markup.html("Bring:\n- bread\n- tea") == "<p>Bring:</p>\n<ul>\n<li>bread</li>\n<li>tea</li>\n</ul>\n")
        #expect(Markup.html("The year\n2024. was good") == "<p>The year\n2024. was good</p>\n")
    }

    @Test func quotesCodeAndBreaks() {
        #expect(Markup.html("> quoted\n> more") == "<blockquote>\n<p>quoted\nmore</p>\n</blockquote>\n")
        #expect(Markup.html("```swift\nlet a = \"<b>\"\n```") == "<pre><code>let a = &quot;&lt;b&gt;&quot;</code></pre>\n")
        #expect(Markup.html("---") == "<hr>\n")
        #expect(Markup.html("line  \nnext\\\nlast") == "<p>line<br>\nnext<br>\nlast</p>\n")
    }

    @Test func links() {
        #expect(Markup.html("[Rathaus](https://example.org/a?b=1&c=2)")
            == "<p><a href=\"https://example.org/a?b=1&amp;c=2\" rel=\"nofollow ugc\">Rathaus</a></p>\n")
        #expect(Markup.html("[mail](mailto:info@example.org \"Write\")")
            == "<p><a href=\"mailto:info@example.org\" rel=\"nofollow ugc\" title=\"Write\">mail</a></p>\n")
        #expect(Markup.html("[here](/demo/de/echo)") == "<p><a href=\"/demo/de/echo\" rel=\"nofollow ugc\">here</a></p>\n")
        #expect(Markup.html("[*em* link](#top)") == "<p><a href=\"#top\" rel=\"nofollow ugc\"><em>em</em> link</a></p>\n")
        #expect(Markup.html("[wiki](https://en.wikipedia.org/wiki/Foo_(bar))")
            == "<p><a href=\"https://en.wikipedia.org/wiki/Foo_(bar)\" rel=\"nofollow ugc\">wiki</a></p>\n")
        #expect(Markup.html("[not a link] (x)") == "<p>[not a link] (x)</p>\n")
    }

    @Test func autolinks() {
        #expect(Markup.html("See https://example.org/x.") == "<p>See <a href=\"https://example.org/x\" rel=\"nofollow ugc\">https://example.org/x</a>.</p>\n")
        #expect(Markup.html("<https://example.org>") == "<p><a href=\"https://example.org\" rel=\"nofollow ugc\">https://example.org</a></p>\n")
        #expect(Markup.html("(https://example.org/a)") == "<p>(<a href=\"https://example.org/a\" rel=\"nofollow ugc\">https://example.org/a</a>)</p>\n")
        #expect(Markup.html("nothttps://x.org") == "<p>nothttps://x.org</p>\n")
    }

    @Test func backslashEscapesMarkup() {
        #expect(Markup.html("\\*not em\\* \\# \\[x\\](y)") == "<p>*not em* # [x](y)</p>\n")
    }

    @Test func plainTextDropsMarkupButKeepsWords() {
        let source = "# Title\n\nSome **bold** and [a link](https://example.org).\n\n- one\n- two\n\n> quote <b>"
        #expect(Markup.plainText(source) == "Title\n\nSome bold and a link.\n\none\ntwo\n\nquote <b>")
    }

    @Test func scriptsOtherThanLatinPassThrough() {
        #expect(Markup.html("**Привет** _мир_ مرحبا") == "<p><strong>Привет</strong> <em>мир</em> مرحبا</p>\n")
    }

    @Test func lineEndingsAndTabsAreNormalised() {
        #expect(Markup.html("a\r\nb\rc") == "<p>a\nb\nc</p>\n")
        #expect(Markup.html("-\tone\n-\ttwo") == "<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n")
    }
}
