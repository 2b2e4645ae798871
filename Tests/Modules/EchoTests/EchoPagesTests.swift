import Echo
import Foundation
import HTTP
import Kernel
import Testing
import TeilhabeTesting

/// Echo's pages through the region layout: the list, a story with its schema.org data and
/// its fallback notice, and the home page's latest stories.
@Suite(.serialized) final class EchoPagesTests {
    let clock = AdjustableClock()
    let server: TestServer

    init() throws {
        server = try TestServer(modules: [EchoModule.self], clock: clock)
    }

    deinit { server.stop() }

    func story(_ slug: String, title: String, body: String, languages: [String: ContentTexts] = [:]) throws {
        var texts = languages
        texts["de"] = ContentTexts(title: title, summary: "Zusammenfassung von \(title)", body: body)
        try server.storage.write(.region("demo")) { db in
            try server.application.services.content.create(
                NewContentItem(module: "echo", kind: "story", slug: slug, originalLanguage: "de", texts: texts, status: .published), in: db)
        }
        clock.advance(by: 60)
    }

    /// The JSON inside the page's `application/ld+json` script element.
    static func structuredData(_ html: String) throws -> JSONValue {
        let start = try #require(html.range(of: "<script type=\"application/ld+json\">"))
        let end = try #require(html.range(of: "</script>", range: start.upperBound..<html.endIndex))
        return try JSONValue.parse(Array(html[start.upperBound..<end.lowerBound].utf8))
    }

    @Test func aStoryPageShowsTheBodyAsSafeMarkupWithArticleData() throws {
        try story("fest", title: "Fest </script> & Feier", body: "Wir **feiern**.\n\n<script>alert(1)</script>\n\n[Mehr](javascript:alert(1))")
        let response = try server.client().send(.get, "/demo/de/echo/stories/fest")
        #expect(response.status == 200)
        let html = response.text
        #expect(html.contains("<p>Wir <strong>feiern</strong>.</p>"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!html.contains("javascript:"))
        #expect(html.components(separatedBy: "<script").count == 2, "only the JSON-LD script element")
        let data = try Self.structuredData(html)
        #expect(data["@type"] == "Article")
        #expect(data["headline"] == "Fest </script> & Feier")
        #expect(data["inLanguage"] == "de")
        #expect(data["url"]?.stringValue?.hasSuffix("/demo/de/echo/stories/fest") == true)
        #expect(try server.client().send(.get, "/demo/de/echo/stories/nothing").status == 404)
    }

    @Test func aReaderWithoutATranslationIsToldWhichLanguageTheyGet() throws {
        try story("nur-deutsch", title: "Nur Deutsch", body: "Text.")
        let arabic = try server.client().send(.get, "/demo/ar/echo/stories/nur-deutsch").text
        #expect(arabic.contains("dir=\"rtl\""), "the page is Arabic")
        #expect(arabic.contains("<article lang=\"de\" dir=\"ltr\">"), "the story is German")
        #expect(arabic.contains("<h1 lang=\"de\" dir=\"ltr\">Nur Deutsch</h1>"), "so is its heading")
        #expect(!arabic.contains("dir=\"ltr\"><p class=\"meta\">"), "the date line is the page's, in Arabic")
        #expect(arabic.contains("Deutsch"), "the notice names the language served")
        // The language switcher keeps the reader on the same story.
        #expect(arabic.contains("href=\"/demo/en/echo/stories/nur-deutsch\""))

        try story("zweisprachig", title: "Zweisprachig", body: "Text.", languages: ["en": ContentTexts(title: "Bilingual")])
        let viaEnglish = try server.client().send(.get, "/demo/ar/echo/stories/zweisprachig").text
        #expect(viaEnglish.contains("<article lang=\"en\" dir=\"ltr\">"))
        #expect(viaEnglish.contains("Bilingual"))
    }

    @Test func theListPagesThroughStoriesAndLinksTheFeed() throws {
        for number in 1...23 { try story("s-\(number)", title: "Geschichte \(number)", body: "Text \(number).") }
        let client = server.client()
        let first = try client.send(.get, "/demo/de/echo").text
        #expect(first.contains("Geschichte 23"))
        #expect(!first.contains("Geschichte 3<"))
        #expect(first.contains("href=\"/demo/de/echo/feed.atom\""))
        let next = try #require(first.components(separatedBy: "rel=\"next\"").first?.components(separatedBy: "href=\"").last?.components(separatedBy: "\"").first)
        let second = try client.send(.get, next.replacingOccurrences(of: "&amp;", with: "&")).text
        #expect(second.contains("Geschichte 3<"))
        #expect(!second.contains("Geschichte 23"))
        #expect(try client.send(.get, "/demo/de/echo?cursor=forged").status == 400)
    }

    @Test func theHomePageShowsTheLatestStories() throws {
        try story("home", title: "Auf der Startseite", body: "Text.")
        let home = try server.client().send(.get, "/demo/de").text
        #expect(home.contains("Neue Geschichten"))
        #expect(home.contains("href=\"/demo/de/echo/stories/home\""))
        #expect(home.contains("href=\"/demo/de/echo\""))
    }
}
