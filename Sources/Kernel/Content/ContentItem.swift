import Foundation
import Web

/// One content item as served to a reader: the texts in the best language the item has
/// for them, and which language that is.
public struct ContentItem: Sendable, Hashable {
    public var id: Int64
    public var module: String
    public var kind: String
    public var slug: String
    /// The language actually served; differs from the requested one when the reader's
    /// language has no text and the fallback chain led elsewhere.
    public var language: String
    /// Languages with a text, in the region's language order.
    public var languages: [String]
    public var texts: ContentTexts
    public var status: PublicationStatus
    public var publishedAt: Date?
    public var unpublishAt: Date?
    public var createdAt: Date
    public var updatedAt: Date
    public var author: Int64?
    /// The current version number (1 for a new item).
    public var version: Int

    public init(
        id: Int64, module: String, kind: String, slug: String, language: String, languages: [String],
        texts: ContentTexts, status: PublicationStatus, publishedAt: Date?, unpublishAt: Date?,
        createdAt: Date, updatedAt: Date, author: Int64?, version: Int
    ) {
        self.id = id
        self.module = module
        self.kind = kind
        self.slug = slug
        self.language = language
        self.languages = languages
        self.texts = texts
        self.status = status
        self.publishedAt = publishedAt
        self.unpublishAt = unpublishAt
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.author = author
        self.version = version
    }

    public var title: String { texts.title }
    public var summary: String { texts.summary }
    public var body: String { texts.body }
    public var fields: [String: JSONValue] { texts.fields }

    /// The body rendered as safe HTML.
    public var bodyHTML: String { Markup.html(texts.body) }

    /// The API's shape of an item: `id`, `slug`, `kind`, `language` (served), `languages`
    /// (available), `title`, `summary`, `fields`, `publishedAt`, `updatedAt`; with `body`
    /// also `body` (markup) and `bodyHTML`; with `url` the item's page.
    public func json(body: Bool = false, url: String? = nil) -> JSONValue {
        var object: [String: JSONValue] = [
            "id": .integer(id), "slug": .string(slug), "kind": .string(kind), "language": .string(language),
            "languages": .array(languages.map { .string($0) }), "title": .string(texts.title),
            "summary": .string(texts.summary), "fields": .object(texts.fields),
            "publishedAt": publishedAt.map { .string(Timestamp.iso8601($0)) } ?? .null,
            "updatedAt": .string(Timestamp.iso8601(updatedAt)),
        ]
        if body {
            object["body"] = .string(texts.body)
            object["bodyHTML"] = .string(bodyHTML)
        }
        if let url { object["url"] = .string(url) }
        return .object(object)
    }

    /// Appends the bytes of `json(body:url:).encoded()` without building the object first:
    /// members in their sorted order. For answers made of items (a story, a list built from
    /// `list`); `ContentStore.writeList` writes the same bytes from the rows. `ContentItemJSONTests`
    /// holds this to `json()`, `ContentListJSONTests` the list to this.
    public func writeJSON(into output: inout [UInt8], body: Bool = false, url: String? = nil) {
        if body {
            JSONOutput.append("{\"body\":", to: &output)
            JSONLine.appendString(texts.body, to: &output)
            JSONOutput.append(",\"bodyHTML\":", to: &output)
            JSONLine.appendString(bodyHTML, to: &output)
            JSONOutput.append(",\"fields\":", to: &output)
        } else {
            JSONOutput.append("{\"fields\":", to: &output)
        }
        if texts.fields.isEmpty {
            JSONOutput.append("{}", to: &output)
        } else {
            JSONValue.object(texts.fields).write(into: &output)
        }
        JSONOutput.append(",\"id\":", to: &output)
        JSONLine.appendInteger(Int(id), to: &output)
        JSONOutput.append(",\"kind\":", to: &output)
        JSONLine.appendString(kind, to: &output)
        JSONOutput.append(",\"language\":", to: &output)
        JSONLine.appendString(language, to: &output)
        JSONOutput.append(",\"languages\":[", to: &output)
        for (index, code) in languages.enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            JSONLine.appendString(code, to: &output)
        }
        JSONOutput.append("],\"publishedAt\":", to: &output)
        if let publishedAt {
            output.append(UInt8(ascii: "\""))
            Timestamp.appendISO8601(publishedAt, to: &output)
            output.append(UInt8(ascii: "\""))
        } else {
            JSONOutput.append("null", to: &output)
        }
        JSONOutput.append(",\"slug\":", to: &output)
        JSONLine.appendString(slug, to: &output)
        JSONOutput.append(",\"summary\":", to: &output)
        JSONLine.appendString(texts.summary, to: &output)
        JSONOutput.append(",\"title\":", to: &output)
        JSONLine.appendString(texts.title, to: &output)
        JSONOutput.append(",\"updatedAt\":\"", to: &output)
        Timestamp.appendISO8601(updatedAt, to: &output)
        output.append(UInt8(ascii: "\""))
        if let url {
            JSONOutput.append(",\"url\":", to: &output)
            JSONLine.appendString(url, to: &output)
        }
        output.append(UInt8(ascii: "}"))
    }
}
