import Foundation
import HTTP
import Kernel

/// Echo's reader-facing documents about stories that are not pages of the layout: the
/// Atom feed. (The list and story pages render through the web layer.)
enum EchoStoryPages {
    static let routes: [Route] = [
        .page(.get, "/echo/feed.atom", access: .public, summary: "Atom feed of the latest stories", handler: feed),
    ]

    @Sendable static func feed(_ request: Request, _ context: RequestContext) throws -> Response {
        let page = try EchoStories.latest(context, limit: 20)
        let listPath = "/\(context.region.id)/\(context.language)/echo"
        let regionName = context.region.name(in: context.language)
        return .feed(AtomFeed(
            title: "\(EchoModule.manifest.names[context.language] ?? EchoModule.manifest.names["en"] ?? "Echo") – \(regionName)",
            selfURL: context.services.absoluteURL(listPath + "/feed.atom"), pageURL: context.services.absoluteURL(listPath),
            language: context.language, author: regionName,
            entries: page.items.map { item in
                AtomFeed.Entry(item, url: EchoStories.url(item.slug, context), region: context.region.id, publicURL: context.services.server.publicURL)
            },
            fallbackUpdated: context.now))
    }
}
