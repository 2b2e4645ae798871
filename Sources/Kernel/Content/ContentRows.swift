import Foundation

/// A row of `kernel_content_items`.
struct ItemRow: Decodable, Sendable {
    var id: Int64
    var module: String
    var kind: String
    var slug: String
    var status: String
    var publishedAt: Int64?
    var unpublishAt: Int64?
    var originalLanguage: String
    var languages: String
    var authorID: Int64?
    var version: Int
    var createdAt: Int64
    var updatedAt: Int64

    static let columns = "i.id, i.module, i.kind, i.slug, i.status, i.published_at, i.unpublish_at, i.original_language, i.languages, i.author_id, i.version, i.created_at, i.updated_at"

    enum CodingKeys: String, CodingKey {
        case id, module, kind, slug, status, languages, version
        case publishedAt = "published_at"
        case unpublishAt = "unpublish_at"
        case originalLanguage = "original_language"
        case authorID = "author_id"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    var publicationStatus: PublicationStatus { PublicationStatus(rawValue: status) ?? .draft }
    var languageList: [String] { languages.split(separator: ",").map(String.init) }

    /// Published, reached its publication time, not yet its unpublication time.
    func isVisible(at now: Date) -> Bool {
        ContentVisibility.isVisible(
            status: publicationStatus, publishedAt: publishedAt.map(ContentStoreSupport.date), unpublishAt: unpublishAt.map(ContentStoreSupport.date), now: now)
    }
}

/// A row of `kernel_content_texts`.
struct TextRow: Decodable, Sendable {
    var id: Int64
    var itemID: Int64
    var language: String
    var title: String
    var summary: String
    var body: String
    var fields: String
    var digest: String
    var sourceLanguage: String?
    var sourceDigest: String?
    /// The body as plain text (kept for snippets and the index); only with `columnsWithPlainBody`.
    var bodyText: String?

    static let columns = "t.id, t.item_id, t.language, t.title, t.summary, t.body, t.fields, t.digest, t.source_language, t.source_digest"
    static let columnsWithPlainBody = columns + ", t.body_text"

    enum CodingKeys: String, CodingKey {
        case id, language, title, summary, body, fields, digest
        case itemID = "item_id"
        case bodyText = "body_text"
        case sourceLanguage = "source_language"
        case sourceDigest = "source_digest"
    }

    var texts: ContentTexts {
        let decoded = fields == "{}" ? [:] : (try? JSONValue.parse(Array(fields.utf8)))?.objectValue ?? [:]
        return ContentTexts(title: title, summary: summary, body: body, fields: decoded)
    }

    var snapshot: ContentSnapshot.Text {
        ContentSnapshot.Text(texts: texts, digest: digest, sourceLanguage: sourceLanguage, sourceDigest: sourceDigest)
    }
}

enum ContentStoreSupport {
    static func date(_ milliseconds: Int64) -> Date { Date(timeIntervalSince1970: Double(milliseconds) / 1000) }
    static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }
}
