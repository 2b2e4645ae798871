import Foundation
import Kernel
import Testing

/// Full-text search on SQLite FTS5 through the content store.
@Suite struct ContentSearchTests {
    func search(_ fixture: ContentFixture, _ text: String, language: String = "de", region: String = "demo") throws -> [SearchHit] {
        try fixture.read(region) { db in try fixture.store.search(SearchQuery(text, language: language), in: db) }.hits
    }

    func slugs(_ fixture: ContentFixture, _ text: String, language: String = "de") throws -> [String] {
        try search(fixture, text, language: language).map(\.item.slug)
    }

    @Test func germanMatchesWithAndWithoutUmlautsAndSharpS() throws {
        let fixture = try ContentFixture()
        try fixture.story("strasse", title: "Straßenfest in der Müllerstraße", body: "Wir grüßen alle Nachbarinnen.")
        try fixture.story("andere", title: "Etwas anderes")
        #expect(try slugs(fixture, "Straßenfest") == ["strasse"])
        #expect(try slugs(fixture, "strassenfest") == ["strasse"])
        #expect(try slugs(fixture, "MÜLLERSTRASSE") == ["strasse"])
        #expect(try slugs(fixture, "mullerstraße") == ["strasse"])
        #expect(try slugs(fixture, "grussen") == ["strasse"])
        #expect(try slugs(fixture, "nachbar") == ["strasse"], "the last word matches as a prefix")
        #expect(try slugs(fixture, "nachbar fest").isEmpty, "every word must occur")
    }

    @Test func russianAndUkrainianMatch() throws {
        let fixture = try ContentFixture()
        let id = try fixture.story("kyiv", title: "Київ")
        try fixture.save(id, "uk", title: "Їжак у Києві", body: "Ґанок і подвір'я для всіх сусідів.")
        try fixture.save(id, "ru", title: "Ёлка во дворе", body: "Соседи украшают ёлку вместе.")
        #expect(try slugs(fixture, "їжак", language: "uk") == ["kyiv"])
        #expect(try slugs(fixture, "ҐАНОК", language: "uk") == ["kyiv"])
        #expect(try slugs(fixture, "сусідів", language: "uk") == ["kyiv"])
        #expect(try slugs(fixture, "ёлка", language: "ru") == ["kyiv"])
        #expect(try slugs(fixture, "елку", language: "ru") == ["kyiv"], "ё and е are one letter for search")
        #expect(try slugs(fixture, "соседи", language: "ru") == ["kyiv"])
        // Ukrainian words are searched in Ukrainian texts only.
        #expect(try slugs(fixture, "соседи", language: "uk").isEmpty)
    }

    @Test func arabicMatchesWithAndWithoutDiacriticsAndHamzaForms() throws {
        let fixture = try ContentFixture()
        let id = try fixture.story("madrasa", title: "Schule")
        try fixture.save(id, "en", title: "School")
        // Fully vowelled text with tatweel and hamza on alef.
        try fixture.save(id, "ar", title: "المَدْرَسَةُ الجَدِيدَة", body: "أهلاً وسهلاً بالجميـــع في مكتبة إبراهيم.")
        #expect(try slugs(fixture, "المدرسة", language: "ar") == ["madrasa"])
        #expect(try slugs(fixture, "المدرسه", language: "ar") == ["madrasa"], "teh marbuta and heh are one letter")
        #expect(try slugs(fixture, "مَدْرَسَة", language: "ar").isEmpty, "a different word (no article) is not found")
        #expect(try slugs(fixture, "المَدْرَسَة", language: "ar") == ["madrasa"])
        #expect(try slugs(fixture, "اهلا", language: "ar") == ["madrasa"])
        #expect(try slugs(fixture, "بالجميع", language: "ar") == ["madrasa"], "tatweel is ignored")
        #expect(try slugs(fixture, "ابراهيم", language: "ar") == ["madrasa"])
    }

    @Test func persianHalfSpacesAndLetterFormsMatch() throws {
        let fixture = try ContentFixture()
        let id = try fixture.story("farsi", title: "Persisch")
        try fixture.save(id, "en", title: "Persian")
        try fixture.save(id, "fa", title: "می‌خواهم کتاب بخوانم")
        #expect(try slugs(fixture, "میخواهم", language: "fa") == ["farsi"])
        #expect(try slugs(fixture, "می‌خواهم", language: "fa") == ["farsi"])
        #expect(try slugs(fixture, "كتاب", language: "fa") == ["farsi"], "Arabic kaf finds Persian keheh")
    }

    @Test func readersFindItemsInTheLanguageTheyWouldBeServed() throws {
        let fixture = try ContentFixture()
        let id = try fixture.story("nur-deutsch", title: "Fahrradwerkstatt")
        // An Arabic reader is served German here, so German words find it in an Arabic search.
        #expect(try slugs(fixture, "fahrradwerkstatt", language: "ar") == ["nur-deutsch"])
        let hit = try #require(try search(fixture, "fahrradwerkstatt", language: "ar").first)
        #expect(hit.item.language == "de")

        // Once English exists, Arabic readers get English; the German text no longer serves them.
        try fixture.save(id, "en", title: "Bicycle workshop")
        #expect(try slugs(fixture, "fahrradwerkstatt", language: "ar").isEmpty)
        #expect(try slugs(fixture, "bicycle", language: "ar") == ["nur-deutsch"])
        #expect(try slugs(fixture, "fahrradwerkstatt", language: "de") == ["nur-deutsch"])
    }

    @Test func titlesRankAboveBodies() throws {
        let fixture = try ContentFixture()
        try fixture.story("im-text", title: "Ein Nachmittag", body: "Wir haben über Nachbarschaftshilfe und vieles mehr gesprochen, lange und ausführlich.")
        try fixture.story("im-titel", title: "Nachbarschaftshilfe", body: "Ein Bericht.")
        try fixture.story("zweimal", title: "Treffen", body: "Nachbarschaftshilfe hier, Nachbarschaftshilfe dort.")
        #expect(try slugs(fixture, "nachbarschaftshilfe").first == "im-titel")
        #expect(Set(try slugs(fixture, "nachbarschaftshilfe")) == ["im-text", "im-titel", "zweimal"])
    }

    @Test func equallyRankedTextsComeNewestFirst() throws {
        let fixture = try ContentFixture()
        for slug in ["erste", "zweite", "dritte"] { try fixture.story(slug, title: "Laternenumzug", body: "Gleicher Text") }
        #expect(try slugs(fixture, "laternenumzug") == ["dritte", "zweite", "erste"])
    }

    @Test func aWordInManyTextsIsRankedAmongTheNewestOnly() throws {
        let fixture = try ContentFixture()
        try fixture.story("alt-im-titel", title: "Laterne", body: "Ein alter Bericht")
        for number in 1...FTS5SearchIndex.rankedWindow { try fixture.story("neu-\(number)", title: "Bericht \(number)", body: "Mit Laterne") }
        try fixture.story("neu-im-titel", title: "Laterne", body: "Ein neuer Bericht")
        // The newest 200 matches are ranked: the new title first, then the newest body matches;
        // the old title match and the oldest body match are past the window.
        let expected = ["neu-im-titel"] + (0..<9).map { "neu-\(FTS5SearchIndex.rankedWindow - $0)" }
        #expect(try slugs(fixture, "laterne") == expected)
        #expect(try slugs(fixture, "alter laterne") == ["alt-im-titel"], "a rarer word still finds it")
    }

    @Test func onlyVisibleItemsOfTheRegionAreFound() throws {
        let fixture = try ContentFixture()
        try fixture.story("sichtbar", title: "Sommerfest")
        try fixture.story("entwurf", title: "Sommerfest Entwurf", status: .draft)
        try fixture.story("spaeter", title: "Sommerfest später", publishAt: fixture.clock.now().addingTimeInterval(60))
        try fixture.story("woanders", title: "Sommerfest woanders", region: "other")
        #expect(try slugs(fixture, "sommerfest") == ["sichtbar"])
        fixture.clock.advance(by: 60)
        #expect(Set(try slugs(fixture, "sommerfest")) == ["sichtbar", "spaeter"])
        #expect(try search(fixture, "sommerfest", region: "other").map(\.item.slug) == ["woanders"])
    }

    @Test func theIndexFollowsEditsInTheSameTransaction() throws {
        let fixture = try ContentFixture()
        let id = try fixture.story("wechsel", title: "Apfel")
        try fixture.save(id, "de", title: "Birne")
        #expect(try slugs(fixture, "apfel").isEmpty)
        #expect(try slugs(fixture, "birne") == ["wechsel"])
        // A failing transaction leaves the index as it was.
        struct Abort: Error {}
        _ = try? fixture.write { db in
            try fixture.store.saveTexts(ContentTexts(title: "Kirsche"), language: "de", of: id, minor: false, author: nil, in: db)
            throw Abort()
        }
        #expect(try slugs(fixture, "kirsche").isEmpty)
        #expect(try slugs(fixture, "birne") == ["wechsel"])
    }

    @Test(arguments: [
        "\"", "\"\"", "AND", "OR NOT", "NEAR(a b)", "title:fest", "*", "-fest", "fest\" OR \"x", "{title}: x", "^fest", "(((", "a' OR '1'='1",
    ])
    func searchSyntaxInQueriesIsJustText(query: String) throws {
        let fixture = try ContentFixture()
        try fixture.story("fest", title: "Fest and more")
        // No error, and no match beyond the words typed.
        let found = try slugs(fixture, query)
        #expect(found.isEmpty || query.lowercased().contains("fest") || query.contains("AND"))
    }

    @Test func emptyQueriesFindNothing() throws {
        let fixture = try ContentFixture()
        try fixture.story("x", title: "Irgendwas")
        #expect(try slugs(fixture, "").isEmpty)
        #expect(try slugs(fixture, "  !!! ").isEmpty)
    }

    @Test func snippetsShowTheMatchInTheOriginalTextAndEscapeIt() throws {
        let fixture = try ContentFixture()
        let body = "Viele Leute kamen. Danach gab es Kuchen <script>&</script> Kaffee im **Gemeinschaftsgarten** an der Straße."
        try fixture.story("snippet", title: "Bericht", body: body)
        let hit = try #require(try search(fixture, "kaffee strasse").first)
        #expect(hit.snippet.parts.filter(\.isMatch).map(\.text) == ["Kaffee", "Straße"])
        #expect(hit.snippet.html.contains("<mark>Kaffee</mark>"))
        #expect(hit.snippet.html.contains("<mark>Straße</mark>"))
        #expect(hit.snippet.html.contains("Kuchen &lt;script&gt;&amp;&lt;/script&gt; <mark>Kaffee</mark>"))
        #expect(!hit.snippet.html.contains("<script>"))
        #expect(!hit.snippet.plainText.contains("**"), "markup is removed before snippets are cut")
    }

    @Test func arabicSnippetsKeepTheirDiacritics() throws {
        let fixture = try ContentFixture()
        let id = try fixture.story("ar-snippet", title: "Arabisch")
        try fixture.save(id, "en", title: "Arabic")
        try fixture.save(id, "ar", title: "عنوان", body: "زرنا المَدْرَسَة الجديدة اليوم.")
        let hit = try #require(try search(fixture, "المدرسة", language: "ar").first)
        #expect(hit.snippet.parts.filter(\.isMatch).map(\.text) == ["المَدْرَسَة"])
    }

    @Test func resultsArePaged() throws {
        let fixture = try ContentFixture()
        for number in 1...5 { try fixture.story("seite-\(number)", title: "Seitenthema \(number)") }
        let first = try fixture.read { db in try fixture.store.search(SearchQuery("seitenthema", language: "de", limit: 2), in: db) }
        #expect(first.hits.count == 2)
        #expect(first.nextOffset == 2)
        let last = try fixture.read { db in try fixture.store.search(SearchQuery("seitenthema", language: "de", limit: 2, offset: 4), in: db) }
        #expect(last.hits.count == 1)
        #expect(last.nextOffset == nil)
        let all = Set(first.hits.map(\.item.slug) + last.hits.map(\.item.slug))
        #expect(all.count == 3)
    }
}
