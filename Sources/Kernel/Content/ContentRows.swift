import Foundation

/// A row of `kernel_content_items`.
struct ItemRow: RowDecodable, Sendable {
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

    init(row: Row) throws {
        id = try row.get("id")
        module = try row.get("module")
        kind = try row.get("kind")
        slug = try row.get("slug")
        status = try row.get("status")
        publishedAt = try row.get("published_at")
        unpublishAt = try row.get("unpublish_at")
        originalLanguage = try row.get("original_language")
        languages = try row.get("languages")
        languageList = languages.utf8.split(separator: UInt8(ascii: ",")).map { String(decoding: $0, as: UTF8.self) }
        authorID = try row.get("author_id")
        version = try row.get("version")
        createdAt = try row.get("created_at")
        updatedAt = try row.get("updated_at")
    }

    var publicationStatus: PublicationStatus { PublicationStatus(rawValue: status) ?? .draft }
    /// `languages` split once when the row is read, on its UTF-8 bytes: splitting the string on
    /// a `Character` compares graphemes, which cost a list more than reading its rows.
    let languageList: [String]

    /// Published, reached its publication time, not yet its unpublication time.
    func isVisible(at now: Date) -> Bool {
        ContentVisibility.isVisible(
            status: publicationStatus, publishedAt: publishedAt.map(ContentStoreSupport.date), unpublishAt: unpublishAt.map(ContentStoreSupport.date), now: now)
    }
}

/// A row of `kernel_content_texts`.
struct TextRow: RowDecodable, Sendable {
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
    /// `columns` with an empty body, for lists that do not show it.
    static let columnsWithoutBody = "t.id, t.item_id, t.language, t.title, t.summary, '' AS body, t.fields, t.digest, t.source_language, t.source_digest"

    init(row: Row) throws {
        id = try row.get("id")
        itemID = try row.get("item_id")
        language = try row.get("language")
        title = try row.get("title")
        summary = try row.get("summary")
        body = try row.get("body")
        fields = try row.get("fields")
        digest = try row.get("digest")
        sourceLanguage = try row.get("source_language")
        sourceDigest = try row.get("source_digest")
        // Only queries with `columnsWithPlainBody` have it.
        bodyText = row["body_text"] == nil ? nil : try row.get("body_text")
    }

    var texts: ContentTexts {
        let decoded = fields == "{}" ? [:] : (try? JSONValue.parse(fields))?.objectValue ?? [:]
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
