import Foundation
import HTTP
import Kernel

/// Echo's JSON routes for stories: a paged list, a story, writing, translating and
/// publishing.
enum EchoStoriesAPI {
    static let routes: [Route] = [
        .api(
            .get, "/echo/stories", access: .public, summary: "Published stories, newest first",
            documentation: RouteDocumentation(query: [.cursor, .limit], response: .page(of: .contentItem())),
            handler: list),
        .api(
            .get, "/echo/stories/{slug}", access: .public, summary: "A published story in the reader's language",
            documentation: RouteDocumentation(
                parameters: [.init("slug", in: .path, .string, description: "The story's slug")],
                responses: [.init(200, "The story", body: .init(.contentItem(body: true)))]),
            handler: story),
        .api(
            .post, "/echo/stories", access: .action("echo.post"), summary: "Write a story",
            documentation: RouteDocumentation(
                description: "The story waits for a moderator when the region moderates stories; moderators may publish at once.",
                request: .object([
                    "title": .string, "summary": .string, "body": JSONSchema.string.described("Markup"),
                    "language": JSONSchema.string.described("The language it is written in (default: the path's)"),
                    "slug": JSONSchema.string.described("Default: made from the title"),
                    "status": .oneOf(PublicationStatus.allCases.map(\.rawValue)), "publishAt": .dateTime,
                ], optional: ["summary", "body", "language", "slug", "status", "publishAt"]),
                response: .object(["id": .integer, "slug": .string, "status": .string]), status: 201, responseDescription: "Created"),
            handler: create),
        .api(
            .put, "/echo/stories/{slug}/texts/{language}", access: .action("echo.moderate"),
            summary: "Save a story's texts in one language (a translation, or an edit)",
            documentation: RouteDocumentation(
                parameters: [.init("slug", in: .path), .init("language", in: .path, description: "The language of the texts")],
                requestBody: .init(.object(
                    ["title": .string, "summary": .string, "body": .string,
                     "minor": JSONSchema.boolean.described("A typo fix: translations stay up to date")],
                    optional: ["summary", "body", "minor"])),
                responses: [.init(200, "Saved", body: .init(.object(["id": .integer, "version": .integer])))]),
            handler: saveTexts),
        .api(
            .post, "/echo/stories/{slug}/publication", access: .action("echo.moderate"),
            summary: "Publish, unpublish or archive a story, now or at a given time",
            documentation: RouteDocumentation(
                parameters: [.init("slug", in: .path)],
                requestBody: .init(.object(
                    ["status": .oneOf(PublicationStatus.allCases.map(\.rawValue)), "publishAt": .dateTime, "unpublishAt": .dateTime],
                    optional: ["publishAt", "unpublishAt"])),
                responses: [.init(200, "Saved", body: .init(.object(["id": .integer, "version": .integer])))]),
            handler: publication),
    ]

    @Sendable static func list(_ request: Request, _ context: RequestContext) throws -> Response {
        let after = try request.cursor(ContentListPosition.self, context: context)
        let query = ContentQuery(
            module: EchoStories.module, kinds: [EchoStories.kind], language: context.language, limit: try request.limit(), after: after)
        let (items, next) = try context.read { db in
            var items: [UInt8] = []
            let next = try context.services.content.writeList(query, urlPrefix: EchoStories.url("", context), into: &items, in: db)
            return (items, next)
        }
        return try .page(writtenItems: items, next: next, request: request, context: context)
    }

    @Sendable static func story(_ request: Request, _ context: RequestContext) throws -> Response {
        let slug = request.parameters["slug"] ?? ""
        guard let item = try context.read({ db in
            try context.services.content.item(module: EchoStories.module, kind: EchoStories.kind, slug: slug, language: context.language, in: db)
        }) else {
            throw HTTPError.notFound("There is no story at this address")
        }
        var output: [UInt8] = []
        item.writeJSON(into: &output, body: true, url: EchoStories.url(item.slug, context))
        return .json(output)
    }

    @Sendable static func create(_ request: Request, _ context: RequestContext) throws -> Response {
        struct Input: Decodable {
            var title: String, summary: String?, body: String?, language: String?, slug: String?
            var status: PublicationStatus?, publishAt: Date?
        }
        let input = try request.decodeJSON(Input.self)
        let moderated = context.settings.bool("moderateStories") ?? true
        let status: PublicationStatus
        if let requested = input.status, requested != .draft, requested != .review {
            try context.require("echo.moderate")
            status = requested
        } else {
            status = input.status ?? (moderated ? .review : .published)
        }
        let slug = input.slug ?? ContentSlug.make(from: input.title)
        let id = try context.write { db in
            try context.services.content.create(
                NewContentItem(
                    module: EchoStories.module, kind: EchoStories.kind, slug: slug, language: input.language ?? context.language,
                    texts: ContentTexts(title: input.title, summary: input.summary ?? "", body: input.body ?? ""),
                    status: status, publishAt: input.publishAt, author: context.principal.accountID),
                in: db)
        }
        return .json(JSONValue.object(["id": .integer(id), "slug": .string(slug), "status": .string(status.rawValue)]).encoded(), status: .created)
    }

    /// The id of the story at `{slug}`, whatever its status.
    static func storyID(_ request: Request, in db: any DatabaseConnection, _ context: RequestContext) throws -> Int64 {
        guard let slug = request.parameters["slug"],
              let id = try context.services.content.id(module: EchoStories.module, kind: EchoStories.kind, slug: slug, in: db) else {
            throw HTTPError.notFound("There is no story at this address")
        }
        return id
    }

    @Sendable static func saveTexts(_ request: Request, _ context: RequestContext) throws -> Response {
        struct Input: Decodable { var title: String, summary: String?, body: String?, minor: Bool? }
        let input = try request.decodeJSON(Input.self)
        let language = request.parameters["language"] ?? ""
        let (id, version) = try context.write { db in
            let id = try storyID(request, in: db, context)
            let version = try context.services.content.saveTexts(
                ContentTexts(title: input.title, summary: input.summary ?? "", body: input.body ?? ""), language: language, of: id,
                minor: input.minor ?? false, author: context.principal.accountID, in: db)
            return (id, version)
        }
        return .json(JSONValue.object(["id": .integer(id), "version": .integer(Int64(version))]).encoded())
    }

    @Sendable static func publication(_ request: Request, _ context: RequestContext) throws -> Response {
        struct Input: Decodable { var status: PublicationStatus, publishAt: Date?, unpublishAt: Date? }
        let input = try request.decodeJSON(Input.self)
        let (id, version) = try context.write { db in
            let id = try storyID(request, in: db, context)
            let version = try context.services.content.setPublication(
                input.status, publishAt: input.publishAt, unpublishAt: input.unpublishAt, of: id,
                author: context.principal.accountID, in: db)
            return (id, version)
        }
        return .json(JSONValue.object(["id": .integer(id), "version": .integer(Int64(version))]).encoded())
    }
}
