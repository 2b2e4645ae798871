import Foundation
import HTTP
import Web

/// The content area's pages: search results for readers; the translation worklist with the
/// XLIFF exchange, and an item's history with restore, for editors.
enum ContentPages {
    static let pageSize = SearchQuery.defaultLimit

    // MARK: Search

    /// `GET /{region}/{lang}/search?q=&from=`: the layout's search box lands here.
    @Sendable static func search(_ request: Request, _ context: RequestContext) throws -> Response {
        let strings = KernelStrings(languages: context.languages)
        let query = String((request.queryValue("q") ?? "").trimmingCharacters(in: .whitespacesAndNewlines).prefix(SearchQuery.maximumLength))
        let from = min(max(Int(request.queryValue("from") ?? "") ?? 0, 0), 10_000)
        var results = SearchResults(hits: [], nextOffset: nil)
        if !query.isEmpty {
            results = try context.read { db in
                try context.services.content.search(SearchQuery(query, language: context.language, limit: pageSize, offset: from), in: db)
            }
        }
        func pageURL(_ offset: Int) -> String {
            context.pageURL("/search") + "?q=\(PercentDecoding.encode(query))" + (offset > 0 ? "&from=\(offset)" : "")
        }
        return context.page(title: strings.searchTitle, searchQuery: query) { page in
            if query.isEmpty {
                element("p") { strings.searchPrompt }
            } else if results.hits.isEmpty {
                element("p") { strings.searchNone(query: query) }
            } else {
                element("p", ["class": "meta"]) { strings.searchResultsFor(query: query) }
                element("ol", ["class": "cards search-results", "role": "list", "start": from > 0 ? String(from + 1) : nil]) {
                    for hit in results.hits { searchHit(hit, context: context, strings: strings) }
                }
                Pagination(previous: from > 0 ? pageURL(max(0, from - pageSize)) : nil, next: results.nextOffset.map(pageURL), in: page)
            }
        }
    }

    static func searchHit(_ hit: SearchHit, context: RequestContext, strings: KernelStrings) -> HTML {
        let item = hit.item
        let url = context.services.contentPath(
            module: item.module, kind: item.kind, slug: item.slug, region: context.region.id, language: context.language)
        // The module as the reader's navigation names it (from its catalog), else its own name.
        let moduleName = context.services.registry.manifest(item.module).map { manifest in
            manifest.navigation.first.map { Localizer(catalog: manifest.catalog, languages: context.languages).text($0.titleKey) }
                ?? context.languages.lazy.compactMap { manifest.names[$0] }.first ?? manifest.id
        } ?? item.module
        var meta = [moduleName]
        if item.language != context.language { meta.append(strings.searchServedIn(language: LanguageNames.autonym(of: item.language))) }
        // The item may be in another language than the page: say so for screen readers and bidi.
        return element("li", ["class": "card", "lang": item.language, "dir": TextDirection(language: item.language).rawValue]) {
            element("h2") {
                if let url { element("a", ["href": url]) { item.title } } else { item.title }
            }
            element("p", ["class": "meta"]) { meta.joined(separator: " · ") }
            // Escaped by the snippet itself; only its <mark> elements are markup.
            element("p") { HTML.unsafeTrustedMarkup(hit.snippet.html) }
        }
    }

    // MARK: Translation worklist and exchange

    /// `GET /{region}/{lang}/content/translations?language=ar`.
    @Sendable static func translations(_ request: Request, _ context: RequestContext) throws -> Response {
        try worklist(request, context, notices: [], problems: [])
    }

    static func worklist(_ request: Request, _ context: RequestContext, notices: [Notice], problems: [String], status: Status = .ok) throws -> Response {
        let strings = KernelStrings(languages: context.languages)
        let language = request.queryValue("language").flatMap { context.region.speaks($0) ? $0 : nil }
            ?? (context.language == context.region.defaultLanguage ? context.region.languageCodes.dropFirst().first : nil)
            ?? context.language
        let tasks = try context.read { db in try context.services.content.translationTasks(language: language, module: nil, in: db) }
        let languageName = LanguageNames.autonym(of: language)
        let base = context.pageURL("/content/translations")
        return context.page(title: strings.translationsTitle(language: languageName), status: status, notices: notices) { page in
            if !problems.isEmpty {
                element("div", ["class": "notice notice-error", "role": "alert"]) {
                    element("p") { strings.translationsRefused }
                    element("ul") { for problem in problems { element("li") { problem } } }
                }
            }
            element("nav", ["aria-label": strings.translationsLanguages]) {
                element("ul", ["class": "inline-list"]) {
                    for code in context.region.languageCodes where code != language {
                        element("li") {
                            element("a", ["href": "\(base)?language=\(code)", "hreflang": code, "lang": code]) { LanguageNames.autonym(of: code) }
                        }
                    }
                }
            }
            if tasks.isEmpty {
                element("p") { strings.translationsNone(language: languageName) }
            } else {
                element("p") { strings.translationsCount(count: tasks.count) }
                Table(
                    caption: strings.translationsTitle(language: languageName),
                    columns: [strings.translationsColumnTitle, strings.translationsColumnKind, strings.translationsColumnState,
                              strings.translationsColumnSource, strings.translationsHistory],
                    rows: tasks.map { task in worklistRow(task, target: language, context: context, strings: strings) })
                element("p") {
                    element("a", ["href": "/api/v1/\(context.region.id)/\(context.language)/content/xliff?target=\(language)", "download": .flag(true)]) {
                        strings.translationsExport
                    }
                }
            }
            importForm(page: page, language: language, context: context, strings: strings)
        }
    }

    static func worklistRow(_ task: TranslationTask, target: String, context: RequestContext, strings: KernelStrings) -> [HTML] {
        let kind = context.services.contentKind(module: task.module, kind: task.kind)
        let kindName = kind.map { kind in context.languages.lazy.compactMap { kind.names[$0] }.first ?? kind.id } ?? task.kind
        let state = task.state == .missing ? strings.translationsMissing : strings.translationsOutdated
        var source = LanguageNames.autonym(of: task.sourceLanguage)
        // The tree's source language has no text yet: that translation comes first.
        if !task.sourceIsTreeSource, let treeSource = context.region.languages.first(where: { $0.code == target })?.source {
            source += " (" + strings.translationsWaiting(language: LanguageNames.autonym(of: treeSource)) + ")"
        }
        return [
            element("span", ["lang": task.sourceLanguage]) { task.title },
            text(kindName), text(state), text(source),
            element("a", ["href": context.pageURL("/content/items/\(task.itemID)/history")]) { strings.translationsHistory },
        ]
    }

    static func importForm(page: PageContext, language: String, context: RequestContext, strings: KernelStrings) -> HTML {
        element("section", ["aria-labelledby": "import-title"]) {
            element("h2", ["id": "import-title"]) { strings.translationsImportTitle }
            // A file upload needs multipart/form-data, which the Form component does not send.
            element("form", [
                "method": "post", "action": context.pageURL("/content/translations") + "?language=\(language)",
                "enctype": "multipart/form-data",
            ]) {
                if let token = page.csrfToken { element("input", ["type": "hidden", "name": Form.csrfFieldName, "value": token]) }
                element("div", ["class": "field"]) {
                    element("label", ["for": "field-file"]) { strings.translationsImportFile }
                    element("input", ["type": "file", "id": "field-file", "name": "file", "accept": ".xlf,.xliff,application/xliff+xml"])
                }
                element("button", ["type": "submit", "class": "button"]) { strings.translationsImportButton }
            }
        }
    }

    /// `POST /{region}/{lang}/content/translations` with an XLIFF file: saves all or nothing.
    @Sendable static func importTranslations(_ request: Request, _ context: RequestContext) throws -> Response {
        let strings = KernelStrings(languages: context.languages)
        let file = try request.multipartFormData().first { $0.name == "file" }
        guard let file, !file.body.isEmpty else {
            return try worklist(request, context, notices: [Notice(.error, strings.translationsImportNoFile)], problems: [], status: .unprocessableContent)
        }
        do {
            let summary = try context.write { db in
                try context.services.content.importTranslations(file.body, author: context.principal.accountID, in: db)
            }
            return try worklist(request, context, notices: [Notice(.success, strings.translationsImported(count: summary.updated.count))], problems: [])
        } catch let error as TranslationImportError {
            let name = file.filename ?? "file"
            return try worklist(request, context, notices: [], problems: error.problems.map { "\(name): \($0)" }, status: .unprocessableContent)
        }
    }

    // MARK: History

    static func record(_ request: Request, _ context: RequestContext) throws -> ContentRecord {
        guard let id = request.parameters["id"].flatMap({ Int64($0) }),
              let record = try context.read({ db in try context.services.content.record(id, in: db) }) else {
            throw HTTPError.notFound("There is no content item at this address")
        }
        return record
    }

    /// `GET /{region}/{lang}/content/items/{id}/history[?restored=3]`.
    @Sendable static func history(_ request: Request, _ context: RequestContext) throws -> Response {
        let strings = KernelStrings(languages: context.languages)
        let record = try record(request, context)
        let versions = try context.read { db in try context.services.content.history(of: record.id, in: db) }
        let editAction = context.services.contentKind(module: record.module, kind: record.kind)?.editAction ?? ContentAPI.editAction
        let mayRestore = context.allows(editAction)
        let title = SQLContentStore.servedLanguage(
            available: Array(record.texts.keys), for: context.language, region: context.region, original: record.originalLanguage
        ).flatMap { record.texts[$0]?.title } ?? record.slug
        var notices: [Notice] = []
        if let restored = request.queryValue("restored").flatMap({ Int($0) }) {
            notices.append(Notice(.success, strings.historyRestoredNotice(version: String(restored))))
        }
        let format = Date.FormatStyle(date: .abbreviated, time: .shortened, locale: Locale(identifier: context.language), timeZone: context.region.timeZone)
        return context.page(title: strings.historyTitle(title: title), notices: notices) { page in
            DefinitionList(record.translations.map { entry in
                let state = switch entry.state {
                case .upToDate: strings.translationsUpToDate
                case .outdated: strings.translationsOutdated
                case .missing: strings.translationsMissing
                }
                return (term: LanguageNames.autonym(of: entry.language), details: state)
            })
            Table(
                caption: strings.historyTitle(title: title),
                columns: [strings.historyColumnVersion, strings.historyColumnDate, strings.historyColumnChange, ""],
                rows: versions.enumerated().map { index, version in
                    [
                        text(String(version.version)), text(version.createdAt.formatted(format)), text(describe(version, strings)),
                        index == 0 ? text(strings.historyCurrent) : mayRestore ? restoreForm(record.id, version.version, page, context, strings) : .empty,
                    ]
                })
        }
    }

    static func describe(_ version: ContentVersion, _ strings: KernelStrings) -> String {
        let language = version.language.map(LanguageNames.autonym(of:)) ?? ""
        return switch version.change {
        case .created: strings.historyCreated
        case .texts: version.minor ? strings.historyMinor(language: language) : strings.historyTexts(language: language)
        case .publication: strings.historyPublication
        case .translationRemoved: strings.historyTranslationRemoved(language: language)
        case .restored: strings.historyRestored(version: String(version.restoredFrom ?? 0))
        }
    }

    static func restoreForm(_ id: Int64, _ version: Int, _ page: PageContext, _ context: RequestContext, _ strings: KernelStrings) -> HTML {
        Form(action: context.pageURL("/content/items/\(id)/restore"), in: page) { form in
            form.hidden("version", value: String(version))
            form.submit(strings.historyRestore(version: String(version)), secondary: true)
        }.html
    }

    /// `POST /{region}/{lang}/content/items/{id}/restore` (form): restores, then shows the history.
    @Sendable static func restore(_ request: Request, _ context: RequestContext) throws -> Response {
        let record = try record(request, context)
        try context.require(context.services.contentKind(module: record.module, kind: record.kind)?.editAction ?? ContentAPI.editAction)
        guard let version = try request.formData()["version"].flatMap({ Int($0) }) else {
            throw HTTPError.badRequest("version is required", field: "version")
        }
        try context.write { db in
            _ = try context.services.content.restore(record.id, version: version, author: context.principal.accountID, in: db)
        }
        return .redirect(to: context.pageURL("/content/items/\(record.id)/history") + "?restored=\(version)")
    }
}
