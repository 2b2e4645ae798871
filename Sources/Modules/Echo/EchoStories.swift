import Foundation
import HTTP
import Kernel
import Web

/// Stories: the content kind Echo keeps in the kernel's content store, and what the
/// module's routes share about them.
enum EchoStories {
    static let module = "echo"
    static let kind = "story"

    /// The latest stories in the reader's language, newest first.
    static func latest(
        _ context: RequestContext, limit: Int, after: ContentListPosition? = nil, withBodies: Bool = false
    ) throws -> ContentPage {
        try context.read { db in
            try context.services.content.list(
                ContentQuery(module: module, kinds: [kind], language: context.language, limit: limit, after: after, withBodies: withBodies),
                in: db)
        }
    }

    /// The story's page under the site (`/demo/de/echo/stories/garden`).
    static func path(_ slug: String, _ context: RequestContext) -> String {
        "/\(context.region.id)/\(context.language)/echo/stories/\(slug)"
    }

    static func url(_ slug: String, _ context: RequestContext) -> String {
        context.services.absoluteURL(path(slug, context))
    }

    /// The home page's "latest stories": three, or nothing when there are none.
    @Sendable static func homeSection(_ context: RequestContext) throws -> HomeListing? {
        let page = try latest(context, limit: 3)
        guard !page.items.isEmpty else { return nil }
        let strings = EchoStrings(languages: context.languages)
        let dates = dateStyle(context)
        return HomeListing(
            id: "echo.latest-stories", title: strings.echoStoriesLatest,
            items: page.items.map { item in
                HomeListing.Item(title: item.title, url: path(item.slug, context), meta: item.publishedAt.map { $0.formatted(dates) })
            },
            more: HomeListing.Item(title: strings.echoStoriesAll, url: context.pageURL("/echo")))
    }

    /// Dates as the reader's language writes them, in the region's time zone.
    static func dateStyle(_ context: RequestContext) -> Date.FormatStyle {
        Date.FormatStyle(date: .long, time: .omitted, locale: Locale(identifier: context.language), timeZone: context.region.timeZone)
    }
}
