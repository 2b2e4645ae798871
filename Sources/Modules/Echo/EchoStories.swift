import Foundation
import HTTP
import Kernel

/// Stories: the content kind Echo keeps in the kernel's content store, and what the
/// module's routes share about them.
enum EchoStories {
    static let module = "echo"
    static let kind = "story"

    /// The latest stories in the reader's language, newest first.
    static func latest(_ context: RequestContext, limit: Int, after: ContentListPosition? = nil) throws -> ContentPage {
        try context.read { db in
            try context.services.content.list(
                ContentQuery(module: module, kinds: [kind], language: context.language, limit: limit, after: after), in: db)
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
        let title = context.language == "de" ? "Neue Geschichten" : "Latest stories"
        let more = context.language == "de" ? "Alle Geschichten" : "All stories"
        return HomeListing(
            id: "echo.latest-stories", title: title,
            items: page.items.map { item in
                HomeListing.Item(title: item.title, url: path(item.slug, context), meta: item.publishedAt.map(EchoStories.day))
            },
            more: HomeListing.Item(title: more, url: "/\(context.region.id)/\(context.language)/echo"))
    }

    /// `2026-11-22`.
    static func day(_ date: Date) -> String {
        String(Timestamp.iso8601(date).prefix(10))
    }
}
