import HTTP
import Web

/// Endpoints outside any region: health, readiness, metrics, and the redirects that take a
/// visitor from `/` and `/{region}` to a page in a language they read.
enum RootEndpoints {
    typealias Handler = @Sendable (Request, RootContext) throws -> Response

    static let all: [(Method, String, Route.Execution, Handler)] = [
        (.get, "/healthz", .eventLoop, { _, _ in live(.text("ok\n")) }),
        (.get, "/readyz", .worker, readiness),
        (.get, "/metrics", .eventLoop, metrics),
        (.get, "/", .eventLoop, home),
        (.get, "/{region}", .eventLoop, regionEntry),
        (.get, "/static/{file}", .eventLoop, staticAsset),
        (.get, "/api/openapi.json", .worker, openAPI),
        (.get, "/sitemap.xml", .eventLoop, Sitemap.indexEndpoint),
        (.get, "/{region}/sitemap.xml", .worker, Sitemap.regionEndpoint),
    ]

    /// The OpenAPI 3.1 document of every linked module's API routes.
    @Sendable static func openAPI(_ request: Request, _ context: RootContext) throws -> Response {
        .json(OpenAPIDocument.generate(registry: context.services.registry, publicURL: context.services.server.publicURL).encoded())
    }

    @Sendable static func readiness(_ request: Request, _ context: RootContext) throws -> Response {
        if let reason = context.application.unreadiness() {
            return live(.text("not ready: \(reason)\n", status: .serviceUnavailable))
        }
        return live(.text("ready\n"))
    }

    @Sendable static func metrics(_ request: Request, _ context: RootContext) throws -> Response {
        live(Response(
            status: .ok, headers: ["Content-Type": "text/plain; version=0.0.4; charset=utf-8"],
            body: Array(context.application.metrics.render().utf8)))
    }

    /// Probes and scrapers must see the server as it is now: no cache may keep the answer,
    /// so it gets no validator either (see `HTTPCaching`).
    static func live(_ response: Response) -> Response {
        var response = response
        response.headers["Cache-Control"] = "no-store"
        return response
    }

    /// One region: go there. Several: list them, in the language the reader prefers.
    @Sendable static func home(_ request: Request, _ context: RootContext) throws -> Response {
        let regions = context.services.regions.values.sorted { $0.id < $1.id }
        if regions.count == 1, let region = regions.first {
            return .redirect(to: "/\(region.id)/\(LanguageNegotiation.best(for: request, in: region))", status: .found)
        }
        let language = LanguageNegotiation.best(for: request, among: KernelStrings.catalog.languages, otherwise: "en")
        let page = PageContext(
            language: language, languages: Localizer.fallbackLanguages(requested: language, regionDefault: "en"),
            siteName: "Teilhabe", homeURL: "/")
        let cards = regions.map { region in
            let regionLanguage = LanguageNegotiation.best(for: request, in: region)
            return Card(title: region.name(in: regionLanguage), url: "/\(region.id)/\(regionLanguage)", headingLevel: .h2)
        }
        let strings = KernelStrings(languages: page.languages)
        var response = Response.page(
            Layout.render(title: strings.regionsTitle, context: page, content: CardList(cards).html), language: language)
        response.headers["Vary"] = "Accept-Language"
        return response
    }

    /// The stylesheet at its versioned URL: cached for a year, revalidated by ETag.
    @Sendable static func staticAsset(_ request: Request, _ context: RootContext) throws -> Response {
        guard request.parameters["file"] == Stylesheet.fileName else { throw HTTPError.notFound() }
        let tag = "\"\(Stylesheet.fingerprint)\""
        let headers: Headers = [
            "Content-Type": "text/css; charset=utf-8", "Cache-Control": "public, max-age=31536000, immutable", "ETag": tag,
        ]
        if let condition = request.headers["If-None-Match"], matches(condition, tag: tag) {
            return Response(status: .notModified, headers: headers)
        }
        return Response(status: .ok, headers: headers, body: Stylesheet.bytes)
    }

    /// `If-None-Match` matching with weak comparison (RFC 9110 §13.1.2): `*` or any listed tag.
    static func matches(_ condition: String, tag: String) -> Bool {
        condition.split(separator: ",").contains { candidate in
            let trimmed = candidate.trimmingASCIIWhitespace()
            let opaque = trimmed.hasPrefix("W/") ? trimmed.dropFirst(2) : trimmed
            return trimmed == "*" || opaque == tag
        }
    }

    /// `/{region}` → `/{region}/{best language}`.
    @Sendable static func regionEntry(_ request: Request, _ context: RootContext) throws -> Response {
        guard let id = request.parameters["region"], let region = context.services.regions[id] else {
            throw HTTPError.notFound("There is no region at this address")
        }
        var response = Response.redirect(to: "/\(region.id)/\(LanguageNegotiation.best(for: request, in: region))", status: .found)
        response.headers["Vary"] = "Accept-Language"
        return response
    }
}

/// Picks the language that best matches `Accept-Language` (RFC 9110 §12.5.4).
enum LanguageNegotiation {
    /// The region language the reader prefers, else the region's default.
    static func best(for request: Request, in region: Region) -> String {
        best(for: request, among: region.languageCodes, otherwise: region.defaultLanguage)
    }

    static func best(for request: Request, among codes: [String], otherwise fallback: String) -> String {
        guard let header = request.headers["Accept-Language"] else { return fallback }
        var ranked: [(tag: String, quality: Double, order: Int)] = []
        for (order, part) in header.split(separator: ",").enumerated() {
            let pieces = part.split(separator: ";").map { String($0.trimmingASCIIWhitespace()) }
            guard let tag = pieces.first?.lowercasedASCII(), !tag.isEmpty else { continue }
            var quality = 1.0
            for parameter in pieces.dropFirst() where parameter.hasPrefix("q=") {
                quality = Double(parameter.dropFirst(2)) ?? 0
            }
            if quality > 0 { ranked.append((tag, quality, order)) }
        }
        ranked.sort { ($0.quality, -$0.order) > ($1.quality, -$1.order) }
        for candidate in ranked {
            if let exact = codes.first(where: { $0.lowercasedASCII() == candidate.tag }) { return exact }
            let primary = candidate.tag.split(separator: "-").first.map(String.init) ?? candidate.tag
            if let partial = codes.first(where: { $0.lowercasedASCII() == primary }) { return partial }
        }
        return fallback
    }
}
