import Foundation
import HTTP
import Kernel
import Web

/// Echo's reader-facing pages about stories: the list, a story (with schema.org Article
/// data), and the Atom feed.
enum EchoStoryPages {
    static let routes: [Route] = [
        .page(.get, "/echo", access: .public, summary: "Stories, newest first", handler: list),
        .page(.get, "/echo/stories/{slug}", access: .public, summary: "A story", handler: story),
        .page(.get, "/echo/feed.atom", access: .public, summary: "Atom feed of the latest stories", handler: feed),
    ]

    static let pageSize = 20

    @Sendable static func list(_ request: Request, _ context: RequestContext) throws -> Response {
        let strings = EchoStrings(languages: context.languages)
        let after = try request.cursor(ContentListPosition.self, context: context)
        let page = try EchoStories.latest(context, limit: pageSize, after: after)
        let next = try page.next.map { position in
            context.pageURL("/echo") + "?cursor=" + PercentDecoding.encode(
                try CursorPagination.cursor(position, path: request.path, tokens: context.services.tokens, now: context.now))
        }
        let dates = EchoStories.dateStyle(context)
        return context.page(title: strings.echoStoriesTitle) { layout in
            if page.items.isEmpty {
                element("p") { strings.echoStoriesEmpty }
            }
            CardList(page.items.map { item in
                Card(
                    title: item.title, url: EchoStories.path(item.slug, context),
                    meta: item.publishedAt.map { [$0.formatted(dates)] } ?? [],
                    summary: item.summary.isEmpty ? nil : item.summary, headingLevel: .h2)
            })
            Pagination(previous: after == nil ? nil : context.pageURL("/echo"), next: next, in: layout)
            element("p") {
                element("a", ["href": context.pageURL("/echo/feed.atom"), "type": "application/atom+xml"]) { strings.echoStoriesFeed }
            }
        }
    }

    @Sendable static func story(_ request: Request, _ context: RequestContext) throws -> Response {
        let strings = EchoStrings(languages: context.languages)
        let slug = request.parameters["slug"] ?? ""
        guard let item = try context.read({ db in
            try context.services.content.item(module: EchoStories.module, kind: EchoStories.kind, slug: slug, language: context.language, in: db)
        }) else {
            throw HTTPError.notFound("There is no story at this address")
        }
        var notices: [Notice] = []
        if item.language != context.language {
            notices.append(Notice(.info, strings.echoStoryFallback(language: LanguageNames.autonym(of: item.language))))
        }
        let regionName = context.region.name(in: context.language)
        let article = StructuredData.article(
            headline: item.title, description: item.summary.isEmpty ? nil : item.summary, url: EchoStories.url(item.slug, context),
            datePublished: item.publishedAt, dateModified: item.updatedAt, language: item.language,
            publisher: .organization(name: regionName, url: context.services.absoluteURL(context.pageURL("/"))))
        return context.page(title: item.title, titleLanguage: item.language, notices: notices) { _ in
            if let published = item.publishedAt {
                element("p", ["class": "meta"]) { strings.echoStoryPublished(date: published.formatted(EchoStories.dateStyle(context))) }
            }
            // The story may be in another language than the page (a fallback).
            element("article", ["lang": item.language, "dir": TextDirection(language: item.language).rawValue]) {
                if !item.summary.isEmpty {
                    element("p", ["class": "lead"]) { item.summary }
                }
                // The markup renderer's output: every text in it is escaped, its tags are its own.
                HTML.unsafeTrustedMarkup(item.bodyHTML)
            }
            element("p") { element("a", ["href": context.pageURL("/echo")]) { strings.echoStoriesAll } }
            HTML.unsafeTrustedMarkup(article.scriptTag)
        }
    }

    @Sendable static func feed(_ request: Request, _ context: RequestContext) throws -> Response {
        let strings = EchoStrings(languages: context.languages)
        let page = try EchoStories.latest(context, limit: 20, withBodies: true)
        let listPath = context.pageURL("/echo")
        let regionName = context.region.name(in: context.language)
        return .feed(AtomFeed(
            title: "\(strings.echoStoriesTitle) – \(regionName)",
            selfURL: context.services.absoluteURL(listPath + "/feed.atom"), pageURL: context.services.absoluteURL(listPath),
            language: context.language, author: regionName,
            entries: page.items.map { item in
                AtomFeed.Entry(item, url: EchoStories.url(item.slug, context), region: context.region.id, publicURL: context.services.server.publicURL)
            },
            fallbackUpdated: context.now))
    }
}
