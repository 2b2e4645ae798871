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
}
