import Foundation
import Testing
@testable import Web

/// Input written to break out of the markup: every case must come out as escaped text or
/// one of the few tags the renderer writes itself, with no attribute it did not write.
@Suite struct MarkupHostileInputTests {
    /// The tags and attributes the renderer may produce; anything else in the output means
    /// user text reached the page as markup.
    static let allowedTags: Set<String> = ["p", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre", "code", "hr", "em", "strong", "a", "br"]
    static let allowedAttributes: Set<String> = ["href", "rel", "title", "start"]

    /// Every `<tag attr="…">` in `html`, checked against the allow lists; attribute values
    /// must be quoted and contain no raw `"`, `<` or `>`.
    static func check(_ html: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let scalars = Array(html.unicodeScalars)
        var index = 0
        while index < scalars.count {
            guard scalars[index] == "<" else {
                #expect(scalars[index] != ">", "a bare > in \(html.prefix(200))", sourceLocation: sourceLocation)
                index += 1
                continue
            }
            var end = index + 1
            while end < scalars.count, scalars[end] != ">" { end += 1 }
            let tag = String(String.UnicodeScalarView(scalars[(index + 1)..<min(end, scalars.count)]))
            index = end + 1
            let name = tag.hasPrefix("/") ? String(tag.dropFirst()) : String(tag.prefix { $0 != " " })
            #expect(allowedTags.contains(name), "tag <\(tag)> in output", sourceLocation: sourceLocation)
            var rest = Substring(tag.dropFirst(name.count))
            while let space = rest.firstIndex(of: " ") {
                rest = rest[rest.index(after: space)...]
                guard let equals = rest.firstIndex(of: "=") else {
                    Issue.record("attribute without value in <\(tag)>", sourceLocation: sourceLocation)
                    break
                }
                let attribute = String(rest[..<equals])
                #expect(allowedAttributes.contains(attribute), "attribute \(attribute) in <\(tag)>", sourceLocation: sourceLocation)
                let valueStart = rest.index(after: equals)
                guard rest[valueStart...].first == "\"", let close = rest[rest.index(after: valueStart)...].firstIndex(of: "\"") else {
                    Issue.record("unquoted attribute in <\(tag)>", sourceLocation: sourceLocation)
                    break
                }
                rest = rest[rest.index(after: close)...]
            }
        }
    }

    /// The scheme a browser would see in an escaped attribute value (WHATWG URL: tabs and
    /// newlines removed, then ASCII letter, letters/digits/`+-.`, then `:`), or nil.
    static func scheme(ofAttribute value: String) -> String? {
        let decoded = value.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
        let url = decoded.unicodeScalars.filter { $0 != "\t" && $0 != "\n" && $0 != "\r" }
            .drop { $0.value <= 0x20 }
        guard let colon = url.firstIndex(of: ":") else { return nil }
        let candidate = url[..<colon]
        guard let first = candidate.first, first.isASCII, first.properties.isAlphabetic,
              candidate.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "+-.".unicodeScalars.contains($0)) })
        else { return nil }
        return String(String.UnicodeScalarView(candidate)).lowercased()
    }

    static func hrefs(_ html: String) -> [String] {
        html.components(separatedBy: "href=\"").dropFirst().compactMap { $0.split(separator: "\"", maxSplits: 1).first.map(String.init) }
    }

    @Test(arguments: [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "</p><script>x</script><p>",
        "<!-- comment --><style>body{}</style>",
        "<svg/onload=alert(1)>",
        "<<script>script>alert(1)<</script>/script>",
        "&lt;script&gt; &#x3C;script&#x3E;",
        "**<i>bold</i>**",
        "`</code><script>`",
        "```\n</code></pre><script>alert(1)</script>\n```",
        "# <h1>title</h1>",
        "- <li onclick=x>",
        "> <blockquote cite=javascript:x>",
    ])
    func rawHTMLIsShownAsText(source: String) {
        let html = Markup.html(source)
        Self.check(html)
        #expect(!html.contains("<script"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("<svg"))
        #expect(!html.contains("<i>"))
    }

    @Test(arguments: [
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x]( javascript:alert(1))",
        "[x](java\tscript:alert(1))",
        "[x](java&#115;cript:alert(1))",
        "[x](javascript&#58;alert(1))",
        "[x](&#106;avascript:alert(1))",
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "[x](vbscript:msgbox)",
        "[x](file:///etc/passwd)",
        "[x](\u{200B}javascript:alert(1))",
        "[x](<javascript:alert(1)>)",
        "<javascript:alert(1)>",
        "[x](http:alert(1))",
        "javascript:alert(1)",
    ])
    func dangerousLinksLoseTheirTarget(source: String) {
        let html = Markup.html(source)
        Self.check(html)
        for href in Self.hrefs(html) {
            let scheme = Self.scheme(ofAttribute: href)
            #expect(scheme == nil || ["http", "https", "mailto"].contains(scheme ?? ""), "href \(href) from \(source)")
        }
        #expect(!html.lowercased().contains("href=\"javascript"))
        #expect(!html.lowercased().contains("href=\"data"))
    }

    @Test(arguments: [
        "[x](https://example.org/\"onmouseover=\"alert(1))",
        "[x](https://example.org \"a\" onmouseover=\"alert(1)\")",
        "[x](https://example.org \"t\\\" onmouseover=alert(1) x=\\\"\")",
        "[x](https://example.org/'><script>alert(1)</script>)",
        "<https://example.org/\"><script>alert(1)</script>>",
        "https://example.org/\"onmouseover=\"alert(1)",
        "[x](https://example.org/>)",
    ])
    func attributesCannotBeInjected(source: String) {
        let html = Markup.html(source)
        Self.check(html)
        #expect(!html.contains("onmouseover=\""))
        #expect(!html.contains("<script"))
    }

    @Test(arguments: [
        "**a *b **c* d**",
        "*a **b* c**",
        "[a *b](c* d)",
        "[[[[x]]]]((((y))))",
        "`a ``b` c``",
        "_*_*_*_*",
        "> - > - > -",
        "1. - > ``` \n``",
        "]][[)(",
        "***\n***\n***",
    ])
    func unbalancedMarkupStaysWellFormed(source: String) {
        let html = Markup.html(source)
        Self.check(html)
        #expect(Self.tagsBalance(html), "unbalanced tags in \(html)")
    }

    /// Open and close tags nest properly (void tags aside).
    static func tagsBalance(_ html: String) -> Bool {
        var stack: [String] = []
        var rest = Substring(html)
        while let open = rest.firstIndex(of: "<") {
            guard let close = rest[open...].firstIndex(of: ">") else { return false }
            let tag = rest[rest.index(after: open)..<close]
            rest = rest[rest.index(after: close)...]
            let name = String(tag.prefix { $0 != " " })
            if name == "br" || name == "hr" { continue }
            if name.hasPrefix("/") {
                guard stack.popLast() == String(name.dropFirst()) else { return false }
            } else {
                stack.append(name)
            }
        }
        return stack.isEmpty
    }

    @Test func veryDeepNestingIsCapped() {
        let quotes = String(repeating: "> ", count: 10_000) + "deep"
        let html = Markup.html(quotes)
        #expect(html.components(separatedBy: "<blockquote>").count - 1 == Markup.maximumBlockDepth)
        #expect(html.contains("deep"))
        #expect(Self.tagsBalance(html))

        let lists = (0..<600).map { String(repeating: "  ", count: $0) + "- level \($0)" }.joined(separator: "\n")
        let listHTML = Markup.html(lists)
        #expect(listHTML.components(separatedBy: "<ul>").count - 1 <= Markup.maximumBlockDepth)
        #expect(listHTML.contains("level 599"))
        #expect(Self.tagsBalance(listHTML))

        let emphasis = String(repeating: "*a ", count: 20_000) + String(repeating: " a*", count: 20_000)
        let emphasisHTML = Markup.html(emphasis)
        #expect(emphasisHTML.components(separatedBy: "<em>").count - 1 <= Markup.maximumInlineDepth)
        #expect(Self.tagsBalance(emphasisHTML))

        let brackets = String(repeating: "[", count: 50_000) + "x" + String(repeating: "](y)", count: 50_000)
        #expect(Self.tagsBalance(Markup.html(brackets)))
    }

    /// Patterns that make naive parsers quadratic; each is a few hundred kilobytes. The test
    /// completes in seconds when the parser is linear; a quadratic one would take hours, so
    /// this guards the complexity without timing anything. (Built inside the test: as test
    /// arguments, megabyte strings are slow to describe.)
    @Test func hugeInputIsRenderedInLinearTime() {
        let patterns: [(String, Int)] = [
            ("*a ", 100_000), ("[a](", 75_000), ("`` ` ", 60_000), ("<https://x", 30_000),
            ("https://x.org/(", 20_000), ("- ", 150_000), ("a\n", 150_000), ("\\", 300_000), ("_", 300_000),
            ("> ", 150_000), ("1. ", 100_000), ("**a", 100_000), ("*a _b [c](d) `e` ", 20_000),
        ]
        for (pattern, count) in patterns {
            let html = Markup.html(String(repeating: pattern, count: count))
            #expect(!html.isEmpty, "pattern \(pattern)")
            #expect(Self.tagsBalance(html), "pattern \(pattern)")
            #expect(!html.contains("<script"), "pattern \(pattern)")
        }
    }

    @Test func controlCharactersAndNULAreHarmless() {
        let html = Markup.html("a\u{0}b\u{1}c\u{7F}")
        #expect(html == "<p>a\u{FFFD}b\u{1}c\u{7F}</p>\n")
    }
}
