import Foundation
import HTTP

/// An Atom feed (RFC 4287) of a content list, for feed readers and other sites. Give it
/// entries, get a response:
///
///     return .feed(AtomFeed(title: "Stories", …, entries: items.map { AtomFeed.Entry(item, url: …, id: …) }))
public struct AtomFeed: Sendable {
    public struct Entry: Sendable {
        /// A permanent, unique IRI; it must not change when the title or address does.
        public var id: String
        public var title: String
        /// The entry's page (absolute URL).
        public var url: String
        /// Plain text.
        public var summary: String?
        /// HTML (escaped into the feed as `type="html"`).
        public var contentHTML: String?
        public var published: Date?
        public var updated: Date
        public var language: String?

        public init(
            id: String, title: String, url: String, summary: String? = nil, contentHTML: String? = nil, published: Date? = nil,
            updated: Date, language: String? = nil
        ) {
            self.id = id
            self.title = title
            self.url = url
            self.summary = summary
            self.contentHTML = contentHTML
            self.published = published
            self.updated = updated
            self.language = language
        }

        /// An entry for a content item: its page, title, summary, rendered body and dates;
        /// the id is a tag URI (`tag:host,2026:region/module/kind/id`) that survives renaming.
        public init(_ item: ContentItem, url: String, region: String, publicURL: String) {
            let host = URL(string: publicURL)?.host ?? "localhost"
            self.init(
                id: "tag:\(host),2026:\(region)/\(item.module)/\(item.kind)/\(item.id)", title: item.title, url: url,
                summary: item.summary.isEmpty ? nil : item.summary, contentHTML: item.bodyHTML, published: item.publishedAt,
                updated: item.updatedAt, language: item.language)
        }
    }

    public var title: String
    public var subtitle: String?
    /// The feed's own absolute URL.
    public var selfURL: String
    /// The page the feed belongs to (absolute URL).
    public var pageURL: String
    public var language: String
    /// Who publishes it (the region's name).
    public var author: String
    public var entries: [Entry]
    /// The newest entry's time, or `fallbackUpdated` when there are none.
    public var updated: Date

    public init(
        title: String, subtitle: String? = nil, selfURL: String, pageURL: String, language: String, author: String,
        entries: [Entry], fallbackUpdated: Date
    ) {
        self.title = title
        self.subtitle = subtitle
        self.selfURL = selfURL
        self.pageURL = pageURL
        self.language = language
        self.author = author
        self.entries = entries
        self.updated = entries.map(\.updated).max() ?? fallbackUpdated
    }

    public var xml: String {
        func element(_ name: String, _ text: String, attributes: String = "") -> String {
            "<\(name)\(attributes)>\(XMLText.escape(text))</\(name)>"
        }
        var xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
        xml += "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"\(XMLText.escape(language))\">\n"
        xml += "  " + element("id", selfURL) + "\n"
        xml += "  " + element("title", title) + "\n"
        if let subtitle { xml += "  " + element("subtitle", subtitle) + "\n" }
        xml += "  " + element("updated", Timestamp.iso8601(updated)) + "\n"
        xml += "  <link rel=\"self\" type=\"application/atom+xml\" href=\"\(XMLText.escape(selfURL))\"/>\n"
        xml += "  <link rel=\"alternate\" type=\"text/html\" href=\"\(XMLText.escape(pageURL))\"/>\n"
        xml += "  <author>" + element("name", author) + "</author>\n"
        xml += "  " + element("generator", "Teilhabe") + "\n"
        for entry in entries {
            let language = entry.language.map { " xml:lang=\"\(XMLText.escape($0))\"" } ?? ""
            xml += "  <entry\(language)>\n"
            xml += "    " + element("id", entry.id) + "\n"
            xml += "    " + element("title", entry.title) + "\n"
            xml += "    <link rel=\"alternate\" type=\"text/html\" href=\"\(XMLText.escape(entry.url))\"/>\n"
            if let published = entry.published { xml += "    " + element("published", Timestamp.iso8601(published)) + "\n" }
            xml += "    " + element("updated", Timestamp.iso8601(entry.updated)) + "\n"
            if let summary = entry.summary { xml += "    " + element("summary", summary) + "\n" }
            if let html = entry.contentHTML { xml += "    " + element("content", html, attributes: " type=\"html\"") + "\n" }
            xml += "  </entry>\n"
        }
        xml += "</feed>\n"
        return xml
    }
}

extension Response {
    /// The feed as `application/atom+xml`, cacheable by shared caches for five minutes.
    public static func feed(_ feed: AtomFeed) -> Response {
        Response(
            status: .ok,
            headers: ["Content-Type": "application/atom+xml; charset=utf-8", "Cache-Control": "public, max-age=300"],
            body: Array(feed.xml.utf8))
    }
}
