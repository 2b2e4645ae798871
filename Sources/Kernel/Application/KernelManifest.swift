import HTTP
import Web

/// The kernel's own declarations, in the same shape as a module's: the region pages it
/// serves, the permissions it guards and the tables it owns. It is always present and never
/// listed as a module; its id `kernel` is reserved.
enum KernelManifest {
    static let id = "kernel"

    static let actions: [ActionDeclaration] = []

    static let migrations: [Migration] = []

    static let routes: [Route] = [
        .page(.get, "/", access: .public, summary: "The region's home page", handler: RegionHome.page),
    ]
}

/// The region home page: the region's name and what its enabled modules offer.
enum RegionHome {
    @Sendable static func page(_ request: Request, _ context: RequestContext) throws -> Response {
        let region = context.region
        let entries = context.services.navigation(for: region, language: context.language, principal: context.principal)
        var html = "<!doctype html><html lang=\"\(escapeHTML(context.language))\"><head><meta charset=\"utf-8\">"
        html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        html += "<title>\(escapeHTML(region.name(in: context.language)))</title></head><body>"
        html += "<header><h1>\(escapeHTML(region.name(in: context.language)))</h1></header><main><nav><ul>"
        for entry in entries {
            html += "<li><a href=\"/\(escapeHTML(region.id))/\(escapeHTML(context.language))\(escapeHTML(entry.path))\">\(escapeHTML(entry.title))</a></li>"
        }
        html += "</ul></nav></main></body></html>"
        return .html(html)
    }
}
