import Foundation
import HTTP

/// A page a module adds to its region's sitemap, relative to `/{region}/{lang}`.
public struct SitemapEntry: Sendable, Hashable {
    public var path: String
    public var lastModified: Date?
    /// The languages the page exists in; nil for every language of the region.
    public var languages: [String]?

    public init(path: String, lastModified: Date? = nil, languages: [String]? = nil) {
        self.path = path
        self.lastModified = lastModified
        self.languages = languages
    }
}

/// A module's sitemap pages in one region, read in that region's scope.
public typealias SitemapContribution = @Sendable (Region, any DatabaseConnection) throws -> [SitemapEntry]

/// Sitemaps (sitemaps.org 0.9): `/sitemap.xml` is an index of the regions' sitemaps, and
/// `/{region}/sitemap.xml` lists the region's pages in every language it speaks (with
/// `hreflang` alternates): the home page, public navigation entries, the pages of visible
/// content items in the languages they have a text in, and what modules contribute.
enum Sitemap {
    static let maximumURLs = 50_000

    static func index(regions: [Region], publicURL: String) -> String {
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        for region in regions.sorted(by: { $0.id < $1.id }) {
            xml += "  <sitemap><loc>\(XMLText.escape("\(publicURL)/\(region.id)/sitemap.xml"))</loc></sitemap>\n"
        }
        return xml + "</sitemapindex>\n"
    }

    /// One page in some languages: a `<url>` per language, each naming the others.
    struct Page {
        var path: String
        var languages: [String]
        var lastModified: Date?
    }

    static func pages(for region: Region, services: KernelServices, in db: any DatabaseConnection) throws -> [Page] {
        var pages = [Page(path: "", languages: region.languageCodes, lastModified: nil)]
        let manifests = services.registry.manifests.filter { region.enables($0.id) }
        for manifest in manifests {
            for entry in manifest.navigation where entry.access == .public {
                pages.append(Page(path: entry.path, languages: region.languageCodes, lastModified: nil))
            }
            for entry in try manifest.sitemap?(region, db) ?? [] {
                pages.append(Page(
                    path: entry.path, languages: entry.languages.map { $0.filter(region.speaks) } ?? region.languageCodes,
                    lastModified: entry.lastModified))
            }
        }
        var kinds: [String: ContentKind] = [:]
        for manifest in manifests {
            for kind in manifest.contentKinds { kinds["\(manifest.id)/\(kind.id)"] = kind }
        }
        struct Row: Decodable {
            var module: String, kind: String, slug: String, languages: String, updatedAt: Int64
            enum CodingKeys: String, CodingKey { case module, kind, slug, languages, updatedAt = "updated_at" }
        }
        try db.forEachRow("""
            SELECT i.module, i.kind, i.slug, i.languages, i.updated_at FROM kernel_content_items i
            WHERE i.region = \(region.id) AND \(ContentVisibility.condition("i", now: services.clock.now()))
            ORDER BY i.published_at DESC, i.id DESC LIMIT \(maximumURLs)
            """) { row in
            let item = try row.decode(Row.self)
            guard let kind = kinds["\(item.module)/\(item.kind)"] else { return }
            let languages = item.languages.split(separator: ",").map(String.init).filter(region.speaks)
            pages.append(Page(
                path: kind.path(slug: item.slug), languages: languages,
                lastModified: Date(timeIntervalSince1970: Double(item.updatedAt) / 1000)))
        }
        return pages
    }

    static func urlset(_ pages: [Page], region: Region, publicURL: String) -> String {
        var xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">

            """
        var count = 0
        for page in pages {
            for language in page.languages {
                guard count < maximumURLs else { break }
                count += 1
                xml += "  <url>\n    <loc>\(XMLText.escape("\(publicURL)/\(region.id)/\(language)\(page.path)"))</loc>\n"
                if let lastModified = page.lastModified { xml += "    <lastmod>\(Timestamp.iso8601(lastModified))</lastmod>\n" }
                if page.languages.count > 1 {
                    for alternate in page.languages {
                        let href = XMLText.escape("\(publicURL)/\(region.id)/\(alternate)\(page.path)")
                        xml += "    <xhtml:link rel=\"alternate\" hreflang=\"\(XMLText.escape(alternate))\" href=\"\(href)\"/>\n"
                    }
                }
                xml += "  </url>\n"
            }
        }
        return xml + "</urlset>\n"
    }

    // MARK: Endpoints

    @Sendable static func indexEndpoint(_ request: Request, _ context: RootContext) throws -> Response {
        xmlResponse(index(regions: Array(context.services.regions.values), publicURL: context.services.server.publicURL))
    }

    @Sendable static func regionEndpoint(_ request: Request, _ context: RootContext) throws -> Response {
        guard let id = request.parameters["region"], let region = context.services.regions[id] else {
            throw HTTPError.notFound("There is no region at this address")
        }
        let pages = try context.services.storage.read(.region(region.id)) { db in
            try self.pages(for: region, services: context.services, in: db)
        }
        return xmlResponse(urlset(pages, region: region, publicURL: context.services.server.publicURL))
    }

    static func xmlResponse(_ xml: String) -> Response {
        Response(
            status: .ok, headers: ["Content-Type": "application/xml; charset=utf-8", "Cache-Control": "public, max-age=3600"],
            body: Array(xml.utf8))
    }
}
