import Foundation
import Kernel
import Testing

/// `ContentStore.writeList` writes API lists straight from the rows; it must answer exactly
/// what `list` and `ContentItem.writeJSON` answer, for every reader, page and kind of item.
@Suite struct ContentListJSONTests {
    /// Items in every shape the list meets: fallbacks, other originals, fields, escapes,
    /// invisible ones, another module and kind, two with the same publication time.
    static func fixture() throws -> ContentFixture {
        let fixture = try ContentFixture()
        func create(
            _ slug: String, module: String = "echo", kind: String = "story", original: String = "de",
            texts: [String: ContentTexts], status: PublicationStatus = .published, publishAt: Date? = nil
        ) throws {
            try fixture.write { db in
                try fixture.store.create(
                    NewContentItem(
                        module: module, kind: kind, slug: slug, originalLanguage: original, texts: texts, status: status,
                        publishAt: publishAt),
                    in: db)
            }
            fixture.clock.advance(by: 61.007)
        }
        try create("nur-deutsch", texts: ["de": ContentTexts(title: "Nur Deutsch", summary: "Kurz")])
        try create(
            "drei-sprachen",
            texts: [
                "de": ContentTexts(title: "Drei Sprachen", summary: "Zusammenfassung"),
                "en": ContentTexts(title: "Three languages", summary: "Summary"),
                "ar": ContentTexts(title: "ثلاث لغات", summary: "ملخص"),
            ])
        try create("auf-arabisch", original: "ar", texts: ["ar": ContentTexts(title: "وصفة", summary: "طبخ")])
        try create(
            "mit-feldern",
            texts: ["de": ContentTexts(
                title: "Felder", summary: "",
                fields: ["ort": .string("Köln"), "plaetze": .integer(12), "name": .string("Café \"Ü\""), "tags": .array([.string("a"), .null, .bool(true)]),
                         "verschachtelt": .object(["z": .number(1.5), "a": .object([:])])])])
        try create(
            "zeichen",
            texts: ["de": ContentTexts(title: "\"Zitat\" \\ 😀 🇺🇦", summary: "Zeile 1\nZeile 2\tTab \u{1} \u{8} \u{c} </script>")],
            publishAt: fixture.clock.now().addingTimeInterval(-30))
        try create("entwurf", texts: ["de": ContentTexts(title: "Entwurf")], status: .draft)
        try create("spaeter", texts: ["de": ContentTexts(title: "Später")], publishAt: fixture.clock.now().addingTimeInterval(3600))
        try create("werkstatt", module: "workshops", kind: "workshop", texts: ["de": ContentTexts(title: "Werkstatt")])
        try create("termin", kind: "event", texts: ["de": ContentTexts(title: "Termin"), "uk": ContentTexts(title: "Подія")])
        // Two with the same publication time: the id decides.
        let same = fixture.clock.now()
        try create("gleich-1", texts: ["de": ContentTexts(title: "Gleich 1")], publishAt: same)
        try create("gleich-2", texts: ["de": ContentTexts(title: "Gleich 2")], publishAt: same)
        for number in 1...8 {
            try create("nr-\(number)", texts: ["de": ContentTexts(title: "Nummer \(number)"), "en": ContentTexts(title: "Number \(number)")])
        }
        return fixture
    }

    /// The page as `list` and `writeJSON` give it.
    static func expected(_ query: ContentQuery, urlPrefix: String?, fixture: ContentFixture) throws -> ([UInt8], ContentListPosition?) {
        let page = try fixture.read { db in try fixture.store.list(query, in: db) }
        var output: [UInt8] = []
        for (index, item) in page.items.enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            item.writeJSON(into: &output, url: urlPrefix.map { $0 + item.slug })
        }
        return (output, page.next)
    }

    @Test func writtenListsAreTheListsItemsWritten() throws {
        let fixture = try Self.fixture()
        var pagesCompared = 0
        for language in ["de", "en", "ar", "uk", "fa", "xx"] {
            for kinds in [["story"], nil, ["story", "event"]] as [[String]?] {
                for limit in [1, 3, 20] {
                    var after: ContentListPosition?
                    var pages = 0
                    repeat {
                        let query = ContentQuery(module: "echo", kinds: kinds, language: language, limit: limit, after: after)
                        let prefix = limit == 3 ? nil : "https://example.org/demo/\(language)/echo/stories/"
                        let (expected, expectedNext) = try Self.expected(query, urlPrefix: prefix, fixture: fixture)
                        var written: [UInt8] = []
                        let next = try fixture.read { db in try fixture.store.writeList(query, urlPrefix: prefix, into: &written, in: db) }
                        #expect(String(decoding: written, as: UTF8.self) == String(decoding: expected, as: UTF8.self))
                        #expect(next == expectedNext)
                        after = next
                        pages += 1
                        pagesCompared += 1
                    } while after != nil && pages < 30
                }
            }
        }
        #expect(pagesCompared > 100)
    }

    @Test func aWrittenListIsValidJSONWithTheReadersTexts() throws {
        let fixture = try Self.fixture()
        var written: [UInt8] = [UInt8(ascii: "[")]
        _ = try fixture.read { db in
            try fixture.store.writeList(ContentQuery(module: "echo", kinds: ["story"], language: "ar", limit: 20), urlPrefix: "/s/", into: &written, in: db)
        }
        written.append(UInt8(ascii: "]"))
        let items = try #require(try JSONValue.parse(written).arrayValue)
        let titles = items.compactMap { $0.objectValue?["title"]?.stringValue }
        #expect(titles.contains("ثلاث لغات"))
        #expect(titles.contains("Number 8"))  // ar ← en: English before German
        #expect(titles.contains("Nur Deutsch"))
        #expect(!titles.contains("Entwurf") && !titles.contains("Später") && !titles.contains("Werkstatt") && !titles.contains("Termin"))
        #expect(items.first?.objectValue?["url"]?.stringValue == "/s/nr-8")
    }
}
