import Testing
@testable import Web

@Suite struct HTMLTests {
    @Test func textAndAttributeValuesAreEscaped() {
        let hostile = #"<script>alert("x") & 'y'</script>"#
        let html = element("p", ["title": hostile, "class": "note"]) { hostile }
        #expect(html.string == #"<p title="&lt;script&gt;alert(&quot;x&quot;) &amp; &#39;y&#39;&lt;/script&gt;" class="note">&lt;script&gt;alert(&quot;x&quot;) &amp; &#39;y&#39;&lt;/script&gt;</p>"#)
    }

    @Test func builderTakesStringsConditionalsAndLoops() {
        let names = ["Ada", "Bülent", "علي"]
        let showCount = true
        let html = element("ul") {
            for name in names {
                element("li") { name }
            }
            if showCount {
                element("li", ["class": "count"]) { "\(names.count)" }
            } else {
                "none"
            }
        }
        #expect(html.string == #"<ul><li>Ada</li><li>Bülent</li><li>علي</li><li class="count">3</li></ul>"#)
    }

    @Test func voidElementsHaveNoEndTagAndBooleanAttributesNoValue() {
        let html = element("input", ["type": "text", "name": "n", "required": .flag(true), "disabled": .flag(false)])
        #expect(html.string == #"<input type="text" name="n" required>"#)
        #expect(element("br").string == "<br>")
    }

    @Test func nilAttributesAreLeftOutAndLaterValuesReplace() {
        var attributes: Attributes = ["id": "a", "hidden": nil, "class": "x"]
        attributes.append("y", to: "class")
        attributes["id"] = "b"
        attributes.append("first", to: "aria-describedby")
        #expect(element("div", attributes).string == #"<div id="b" class="x y" aria-describedby="first"></div>"#)
    }

    @Test(arguments: [
        "javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
        "java\nscript:alert(1)", "data:text/html,<script>alert(1)</script>", "vbscript:msgbox", "\u{1}javascript:x",
    ])
    func scriptURLsNeverReachLinkTargets(url: String) {
        let html = element("a", ["href": url]) { "link" }
        #expect(html.string == #"<a href="about:invalid">link</a>"#)
        #expect(element("form", ["action": url]).string == #"<form action="about:invalid"></form>"#)
    }

    @Test(arguments: [
        "/demo/de/workshops?page=2", "https://example.org/a?b=c&d=e", "mailto:info@example.org", "tel:+49301234",
        "#main", "?q=x", "relative/path:with-colon", "HTTPS://EXAMPLE.ORG",
    ])
    func ordinaryURLsAreKept(url: String) {
        #expect(element("a", ["href": url]).string == "<a href=\"\(escapeHTML(url))\"></a>")
    }

    @Test func nonURLAttributesAreNotFiltered() {
        #expect(element("input", ["value": "javascript:x"]).string == #"<input value="javascript:x">"#)
    }

    @Test func trustedMarkupIsInsertedAsIs() {
        let html = element("div") { HTML.unsafeTrustedMarkup("<p>from the <em>renderer</em></p>") }
        #expect(html.string == "<div><p>from the <em>renderer</em></p></div>")
    }

    @Test func documentStartsWithDoctypeAndKeepsUnicode() {
        let bytes = HTML.document(element("html", ["lang": "fa", "dir": "rtl"]) { "سلام & خوش آمدید" })
        #expect(String(decoding: bytes, as: UTF8.self) == #"<!doctype html><html lang="fa" dir="rtl">سلام &amp; خوش آمدید</html>"#)
    }

    @Test func emptinessLooksThroughFragments() {
        #expect(HTML.empty.isEmpty)
        #expect(HTML.fragment([.empty, .text("")]).isEmpty)
        #expect(!HTML.fragment([.empty, element("br")]).isEmpty)
    }

    @Test func escapeHTMLMatchesTheWriter() {
        #expect(escapeHTML("a<b>&\"'") == "a&lt;b&gt;&amp;&quot;&#39;")
        #expect(escapeHTML("") == "")
        #expect(escapeHTML("plain ünïcödé") == "plain ünïcödé")
    }
}
