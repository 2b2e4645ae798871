import Foundation
import HTTP

/// The content area's JSON routes: search for readers; worklists, records, history,
/// restore and the translator exchange for editors.
enum ContentAPI {
    static let translateAction = "kernel.content.translate"
    static let editAction = "kernel.content.edit"

    struct SearchPosition: Codable { var offset: Int }

    /// `GET /api/v1/{region}/{lang}/search?q=`.
    @Sendable static func search(_ request: Request, _ context: RequestContext) throws -> Response {
        let text = request.queryValue("q")?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard !text.isEmpty else { throw HTTPError.badRequest("q is required: the words to search for", field: "q") }
        guard text.count <= SearchQuery.maximumLength else {
            throw HTTPError.badRequest("q must be at most \(SearchQuery.maximumLength) characters", field: "q")
        }
        let offset = try request.cursor(SearchPosition.self, context: context)?.offset ?? 0
        let limit = try request.limit(default: SearchQuery.defaultLimit, maximum: 50)
        let results = try context.read { db in
            try context.services.content.search(SearchQuery(text, language: context.language, limit: limit, offset: offset), in: db)
        }
        let items = results.hits.map { hit -> JSONValue in
            var object = hit.item.json(url: url(of: hit.item, context: context)).objectValue ?? [:]
            object["module"] = .string(hit.item.module)
            object["snippet"] = .string(hit.snippet.plainText)
            object["snippetHTML"] = .string(hit.snippet.html)
            return .object(object)
        }
        return try .page(items, next: results.nextOffset.map { SearchPosition(offset: $0) }, request: request, context: context)
    }

    static func url(of item: ContentItem, context: RequestContext) -> String? {
        context.services.contentPath(
            module: item.module, kind: item.kind, slug: item.slug, region: context.region.id, language: context.language
        ).map(context.services.absoluteURL)
    }

    /// `GET …/content/translations?language=ar[&module=echo]`.
    @Sendable static func translations(_ request: Request, _ context: RequestContext) throws -> Response {
        let language = request.queryValue("language") ?? context.language
        let module = request.queryValue("module").flatMap { $0.isEmpty ? nil : $0 }
        let tasks = try context.read { db in try context.services.content.translationTasks(language: language, module: module, in: db) }
        return .json(JSONValue.object([
            "language": .string(language),
            "items": .array(tasks.map { task in
                [
                    "id": .integer(task.itemID), "module": .string(task.module), "kind": .string(task.kind),
                    "slug": .string(task.slug), "title": .string(task.title), "status": .string(task.status.rawValue),
                    "state": .string(task.state.name), "sourceLanguage": .string(task.sourceLanguage),
                    "sourceReady": .bool(task.sourceIsTreeSource), "updatedAt": .string(Timestamp.iso8601(task.updatedAt)),
                ]
            }),
        ]).encoded())
    }

    static func itemID(_ request: Request) throws -> Int64 {
        guard let id = request.parameters["id"].flatMap({ Int64($0) }) else {
            throw HTTPError.notFound("There is no content item at this address")
        }
        return id
    }

    /// `GET …/content/items/{id}`: every language with its state.
    @Sendable static func record(_ request: Request, _ context: RequestContext) throws -> Response {
        let id = try itemID(request)
        guard let record = try context.read({ db in try context.services.content.record(id, in: db) }) else {
            throw HTTPError.notFound("There is no content item \(id) here")
        }
        var texts: [String: JSONValue] = [:]
        for (language, text) in record.texts {
            texts[language] = [
                "title": .string(text.title), "summary": .string(text.summary), "body": .string(text.body), "fields": .object(text.fields),
            ]
        }
        return .json(JSONValue.object([
            "id": .integer(record.id), "module": .string(record.module), "kind": .string(record.kind), "slug": .string(record.slug),
            "status": .string(record.status.rawValue),
            "publishedAt": record.publishedAt.map { .string(Timestamp.iso8601($0)) } ?? .null,
            "unpublishAt": record.unpublishAt.map { .string(Timestamp.iso8601($0)) } ?? .null,
            "visible": .bool(record.isVisible(at: context.now)), "originalLanguage": .string(record.originalLanguage),
            "version": .integer(Int64(record.version)), "texts": .object(texts),
            "translations": .object(Dictionary(uniqueKeysWithValues: record.translations.map { entry in
                (entry.language, JSONValue.string(entry.state.name))
            })),
        ]).encoded())
    }

    /// `GET …/content/items/{id}/history`.
    @Sendable static func history(_ request: Request, _ context: RequestContext) throws -> Response {
        let id = try itemID(request)
        let versions = try context.read { db in try context.services.content.history(of: id, in: db) }
        return .json(JSONValue.object([
            "items": .array(versions.map { version in
                [
                    "version": .integer(Int64(version.version)), "change": .string(version.change.rawValue),
                    "language": version.language.map { .string($0) } ?? .null, "minor": .bool(version.minor),
                    "restoredFrom": version.restoredFrom.map { .integer(Int64($0)) } ?? .null,
                    "author": version.author.map { .integer($0) } ?? .null, "createdAt": .string(Timestamp.iso8601(version.createdAt)),
                ]
            }),
        ]).encoded())
    }

    /// `POST …/content/items/{id}/restore` with `{"version": 3}`: needs the kind's edit action.
    @Sendable static func restore(_ request: Request, _ context: RequestContext) throws -> Response {
        struct Input: Decodable { var version: Int }
        let id = try itemID(request)
        let input = try request.decodeJSON(Input.self)
        let version = try context.write { db -> Int in
            guard let record = try context.services.content.record(id, in: db) else {
                throw HTTPError.notFound("There is no content item \(id) here")
            }
            try context.require(context.services.contentKind(module: record.module, kind: record.kind)?.editAction ?? editAction)
            return try context.services.content.restore(id, version: input.version, author: context.principal.accountID, in: db)
        }
        return .json(JSONValue.object(["id": .integer(id), "version": .integer(Int64(version)), "restoredFrom": .integer(Int64(input.version))]).encoded())
    }

    /// `GET …/content/xliff?target=ar[&source=en][&module=echo][&item=42…]`: an XLIFF 2.0 file.
    @Sendable static func exportXLIFF(_ request: Request, _ context: RequestContext) throws -> Response {
        guard let target = request.queryValue("target"), !target.isEmpty else {
            throw HTTPError.badRequest("target is required: the language to translate into", field: "target")
        }
        var items: [Int64]?
        let itemValues = request.queryItems.filter { $0.name == "item" }.map(\.value)
        if !itemValues.isEmpty {
            items = try itemValues.map { value in
                guard let id = Int64(value) else { throw HTTPError.badRequest("item must be an item id", field: "item") }
                return id
            }
        }
        let export = try context.read { db in
            try context.services.content.exportTranslations(
                target: target, source: request.queryValue("source").flatMap { $0.isEmpty ? nil : $0 }, items: items,
                module: request.queryValue("module").flatMap { $0.isEmpty ? nil : $0 }, in: db)
        }
        return Response(
            status: .ok,
            headers: [
                "Content-Type": "application/xliff+xml; charset=utf-8",
                "Content-Disposition": "attachment; filename=\"\(export.fileName)\"",
                "X-Teilhabe-Items": String(export.items.count), "X-Teilhabe-Skipped": String(export.skipped.count),
            ],
            body: export.document)
    }

    /// `POST …/content/xliff` with an XLIFF 2.0 body: saves the translations, or refuses all
    /// of them with 422 and every problem listed.
    @Sendable static func importXLIFF(_ request: Request, _ context: RequestContext) throws -> Response {
        let contentType = request.headers["Content-Type"]?.lowercasedASCII() ?? ""
        guard contentType.hasPrefix("application/xliff+xml") || contentType.hasPrefix("application/xml") || contentType.hasPrefix("text/xml") else {
            throw HTTPError(.unsupportedMediaType, "send the XLIFF file as application/xliff+xml")
        }
        do {
            let summary = try context.write { db in
                try context.services.content.importTranslations(request.body, author: context.principal.accountID, in: db)
            }
            return .json(JSONValue.object([
                "language": .string(summary.targetLanguage),
                "updated": .array(summary.updated.map { ["id": .integer($0.item), "slug": .string($0.slug), "version": .integer(Int64($0.version))] }),
            ]).encoded())
        } catch let error as TranslationImportError {
            return .json(JSONValue.object([
                "error": [
                    "status": 422, "message": "The translation file was not imported; nothing was saved",
                    "field": "file", "requestId": .string(context.requestID),
                    "problems": .array(error.problems.map { .string($0) }),
                ],
            ]).encoded(), status: .unprocessableContent)
        }
    }
}
