import HTTP
import Web

/// Endpoints outside any region: health, readiness, metrics, and the redirects that take a
/// visitor from `/` and `/{region}` to a page in a language they read.
enum RootEndpoints {
    typealias Handler = @Sendable (Request, RootContext) throws -> Response

    static let all: [(Method, String, Route.Execution, Handler)] = [
        (.get, "/healthz", .eventLoop, { _, _ in .text("ok\n") }),
        (.get, "/readyz", .worker, readiness),
        (.get, "/metrics", .eventLoop, metrics),
        (.get, "/", .eventLoop, home),
        (.get, "/{region}", .eventLoop, regionEntry),
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
            return .text("not ready: \(reason)\n", status: .serviceUnavailable)
        }
        return .text("ready\n")
    }

    @Sendable static func metrics(_ request: Request, _ context: RootContext) throws -> Response {
        Response(
            status: .ok, headers: ["Content-Type": "text/plain; version=0.0.4; charset=utf-8"],
            body: Array(context.application.metrics.render().utf8))
    }

    /// One region: go there. Several: list them.
    @Sendable static func home(_ request: Request, _ context: RootContext) throws -> Response {
        let regions = context.services.regions.values.sorted { $0.id < $1.id }
        if regions.count == 1, let region = regions.first {
            return .redirect(to: "/\(region.id)/\(LanguageNegotiation.best(for: request, in: region))", status: .found)
        }
        var html = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Teilhabe</title></head><body><main><h1>Teilhabe</h1><ul>"
        for region in regions {
            let language = LanguageNegotiation.best(for: request, in: region)
            html += "<li><a href=\"/\(escapeHTML(region.id))/\(escapeHTML(language))\">\(escapeHTML(region.name(in: language)))</a></li>"
        }
        html += "</ul></main></body></html>"
        return .html(html)
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

/// Picks the region language that best matches `Accept-Language` (RFC 9110 §12.5.4).
enum LanguageNegotiation {
    static func best(for request: Request, in region: Region) -> String {
        guard let header = request.headers["Accept-Language"] else { return region.defaultLanguage }
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
        let codes = region.languageCodes
        for candidate in ranked {
            if let exact = codes.first(where: { $0.lowercasedASCII() == candidate.tag }) { return exact }
            let primary = candidate.tag.split(separator: "-").first.map(String.init) ?? candidate.tag
            if let partial = codes.first(where: { $0.lowercasedASCII() == primary }) { return partial }
        }
        return region.defaultLanguage
    }
}
