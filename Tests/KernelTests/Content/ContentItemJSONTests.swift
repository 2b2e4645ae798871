import Foundation
import Kernel
import Testing

/// Answers made of items write them with `ContentItem.writeJSON`, search builds `json()` and
/// adds members: the two must give the same bytes (and so the same ETags) for every item.
@Suite struct ContentItemJSONTests {
    static func item(
        title: String = "Gemeinschaftsgarten", summary: String = "", body: String = "", fields: [String: JSONValue] = [:],
        languages: [String] = ["de", "en"], publishedAt: Date? = Date(timeIntervalSince1970: 1_790_000_000.123)
    ) -> ContentItem {
        ContentItem(
            id: 42, module: "echo", kind: "story", slug: "garten-2026", language: languages.first ?? "de", languages: languages,
            texts: ContentTexts(title: title, summary: summary, body: body, fields: fields), status: .published,
            publishedAt: publishedAt, unpublishAt: nil, createdAt: Date(timeIntervalSince1970: 1_780_000_000),
            updatedAt: Date(timeIntervalSince1970: 1_790_000_100.5), author: 7, version: 3)
    }

    static let items: [ContentItem] = [
        item(),
        item(summary: "Ein \"Garten\" für alle\nmit Zeilenumbruch, Tab\tund \\Backslash\\ und \u{1}\u{8}\u{c}"),
        item(title: "حديقة مجتمعية", summary: "ملخص", body: "**fett** und [Link](https://example.org/a?b=1&c=2)", languages: ["ar"]),
        item(title: "", body: "Zeile 1\n\nZeile 2 <script>alert(1)</script>", languages: []),
        item(fields: ["place": .string("Köln"), "capacity": .integer(12), "tags": .array([.string("a"), .null, .bool(true)]),
                      "nested": .object(["z": .number(1.5), "a": .object([:])])], publishedAt: nil),
        item(title: "😀 Emoji 🇺🇦", languages: ["uk", "ru", "de", "xx"]),
    ]

    @Test(arguments: [false, true])
    func writtenItemsAreTheBytesOfTheirJSONValue(body: Bool) {
        for item in Self.items {
            for url in [nil, "https://example.org/demo/de/echo/stories/garten-2026?x=\"1\""] {
                var written: [UInt8] = []
                item.writeJSON(into: &written, body: body, url: url)
                let built = item.json(body: body, url: url).encoded()
                #expect(String(decoding: written, as: UTF8.self) == String(decoding: built, as: UTF8.self))
            }
        }
    }

    @Test func writtenItemsParseBackToTheirValue() throws {
        for item in Self.items {
            var written: [UInt8] = []
            item.writeJSON(into: &written, body: true, url: "/x")
            #expect(try JSONValue.parse(String(decoding: written, as: UTF8.self)) == item.json(body: true, url: "/x"))
        }
    }
}
