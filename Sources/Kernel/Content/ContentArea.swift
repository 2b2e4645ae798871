/// The content area of the kernel: its tables, the permissions of editors and translators
/// across modules, and the routes for search, translation worklists, history and the
/// translator exchange.
enum ContentArea {
    static let area = KernelArea(
        id: "content",
        actions: [
            ActionDeclaration(
                ContentAPI.translateAction,
                summary: "See what needs translating, item histories; export and import translations",
                defaultRoles: [.regionAdmin, .staff, .volunteer]),
            ActionDeclaration(
                ContentAPI.editAction, summary: "Restore versions of content whose kind names no edit action",
                defaultRoles: [.regionAdmin]),
        ],
        migrations: ContentSchema.migrations,
        routes: routes,
        jobs: [
            // Every save adds a small piece to the search index that each search must look
            // into; merging a little every half hour keeps searches as cheap as after a rebuild.
            JobDeclaration(
                "kernel.merge-search-index", summary: "Merge the small pieces that saves add to the search index",
                schedule: .every(.seconds(1800)), maxAttempts: 3, timeout: .seconds(300)
            ) { context in
                try context.services.content.maintainSearchIndex(in: context.services.storage)
            },
        ],
        start: { services in try services.content.prepare(in: services.storage) })

    static let translate = Route.Access.action(ContentAPI.translateAction)

    static let routes: [Route] = pages + [
        .api(
            .get, "/search", access: .public, summary: "Search the region's published content of every module",
            documentation: RouteDocumentation(
                description: "Every word must occur (the last may be the start of a word); diacritics, case and Arabic letter forms are ignored. Results come in the reader's language or the language they would be served, best first.",
                query: [
                    .init("q", .string, description: "The words to search for (at most 200 characters)", required: true),
                    .cursor, .init("limit", JSONSchema(["type": "integer", "minimum": 1, "maximum": 50]), description: "Results per page (default 10)"),
                ],
                response: .page(of: .contentItem(extra: [
                    "module": .string, "snippet": JSONSchema.string.described("A passage with the words found"),
                    "snippetHTML": JSONSchema.string.described("The passage as escaped HTML, the words found in <mark>"),
                ]))),
            handler: ContentAPI.search),
        .api(
            .get, "/content/translations", access: translate, summary: "Items whose texts in a language are missing or outdated",
            documentation: RouteDocumentation(
                query: [
                    .init("language", .string, description: "The language to translate into (default: the path's language)"),
                    .init("module", .string, description: "Only this module's items"),
                ],
                response: .object([
                    "language": .string,
                    "items": .array(of: .object([
                        "id": .integer, "module": .string, "kind": .string, "slug": .string, "title": .string,
                        "status": .oneOf(PublicationStatus.allCases.map(\.rawValue)), "state": .oneOf(["missing", "outdated"]),
                        "sourceLanguage": .string, "sourceReady": .boolean, "updatedAt": .dateTime,
                    ])),
                ])),
            handler: ContentAPI.translations),
        .api(
            .get, "/content/items/{id}", access: translate, summary: "A content item with every language and its translation state",
            documentation: RouteDocumentation(
                parameters: [.init("id", in: .path, .integer, description: "The item's id")],
                responses: [.init(200, "The item", body: .init(.object([
                    "id": .integer, "module": .string, "kind": .string, "slug": .string,
                    "status": .oneOf(PublicationStatus.allCases.map(\.rawValue)), "publishedAt": JSONSchema.dateTime.nullable(),
                    "unpublishAt": JSONSchema.dateTime.nullable(), "visible": .boolean, "originalLanguage": .string, "version": .integer,
                    "texts": .dictionary(of: .object(["title": .string, "summary": .string, "body": .string, "fields": .dictionary(of: .any)])),
                    "translations": .dictionary(of: .oneOf(["up-to-date", "outdated", "missing"])),
                ])))]),
            handler: ContentAPI.record),
        .api(
            .get, "/content/items/{id}/history", access: translate, summary: "Every version of a content item, newest first",
            documentation: RouteDocumentation(
                parameters: [.init("id", in: .path, .integer)],
                responses: [.init(200, "The versions", body: .init(.object([
                    "items": .array(of: .object([
                        "version": .integer, "change": .oneOf(["created", "texts", "publication", "translation-removed", "restored"]),
                        "language": JSONSchema.string.nullable(), "minor": .boolean, "restoredFrom": JSONSchema.integer.nullable(),
                        "author": JSONSchema.integer.nullable(), "createdAt": .dateTime,
                    ])),
                ])))]),
            handler: ContentAPI.history),
        .api(
            .post, "/content/items/{id}/restore", access: translate,
            summary: "Bring back the texts of an earlier version (as a new version)",
            documentation: RouteDocumentation(
                description: "Needs the edit action of the item's kind as well.",
                parameters: [.init("id", in: .path, .integer)],
                requestBody: .init(.object(["version": .integer], closed: true)),
                responses: [.init(200, "Restored", body: .init(.object(["id": .integer, "version": .integer, "restoredFrom": .integer])))]),
            handler: ContentAPI.restore),
        .api(
            .get, "/content/xliff", access: translate, summary: "Export texts needing translation as XLIFF 2.0",
            documentation: RouteDocumentation(
                parameters: [
                    .init("target", .string, description: "The language to translate into", required: true),
                    .init("source", .string, description: "The language to translate from (default: the target's source language)"),
                    .init("module", .string, description: "Only this module's items"),
                    .init("item", .integer, description: "Only these items (repeat for several)"),
                ],
                responses: [.init(200, "An XLIFF 2.0 document", body: .init(.string, contentType: "application/xliff+xml"))]),
            handler: ContentAPI.exportXLIFF),
        .api(
            .post, "/content/xliff", access: translate, summary: "Import translated XLIFF 2.0 (all or nothing)",
            documentation: RouteDocumentation(
                requestBody: .init(.string, contentType: "application/xliff+xml", description: "An XLIFF 2.0 document exported by Teilhabe"),
                responses: [
                    .init(200, "Saved", body: .init(.object([
                        "language": .string, "updated": .array(of: .object(["id": .integer, "slug": .string, "version": .integer])),
                    ]))),
                    .init(422, "Refused; every problem is listed and nothing was saved", body: .init(.object([
                        "error": .object(["status": .integer, "message": .string, "field": .string, "requestId": .string, "problems": .array(of: .string)]),
                    ]))),
                ]),
            handler: ContentAPI.importXLIFF),
    ]

    static let pages: [Route] = [
        .page(.get, "/search", access: .public, summary: "Search results", handler: ContentPages.search),
        .page(.get, "/content/translations", access: translate, summary: "What needs translating into a language", handler: ContentPages.translations),
        .page(.post, "/content/translations", access: translate, summary: "Import a translated XLIFF file", handler: ContentPages.importTranslations),
        .page(.get, "/content/items/{id}/history", access: translate, summary: "An item's versions", handler: ContentPages.history),
        .page(.post, "/content/items/{id}/restore", access: translate, summary: "Restore a version", handler: ContentPages.restore),
    ]
}
