import Foundation
import Kernel
import Web

/// The site's names and descriptions per language, kept in the kernel's content store as an
/// item of kind `site` with the site's slug: translation state, versions, translator
/// exchange and search come with it. `learning_sites.name` keeps only the name in the
/// original language, for staff lists and sorting.
enum SiteTexts {
    static let kind = "site"

    struct Texts: Sendable, Equatable {
        var name: String
        /// Markup source; pages render it with `Markup.html`.
        var description: String
        /// The language the texts are in (a fallback when the reader's has none).
        var language: String
    }

    static func create(slug: String, input: SiteInput, context: RequestContext, in db: any DatabaseTransaction) throws {
        let original = SiteStore.originalLanguage(input, region: context.region)
        try context.services.content.create(NewContentItem(
            module: SiteStore.owner, kind: kind, slug: slug, originalLanguage: original, texts: texts(input, original: original),
            status: input.published ? .published : .draft, author: context.principal.accountID), in: db)
    }

    /// Saves the languages the input carries (others stay as they are) and the publication.
    static func update(site: LearningSite, input: SiteInput, context: RequestContext, in db: any DatabaseTransaction) throws {
        let content = context.services.content
        guard let id = try content.id(module: SiteStore.owner, kind: kind, slug: site.slug, in: db) else {
            return try create(slug: site.slug, input: input, context: context, in: db)
        }
        let original = try content.record(id, in: db)?.originalLanguage ?? context.region.defaultLanguage
        // The original language first: translations saved after it are recorded as made from it.
        for (language, text) in texts(input, original: original).sorted(by: { ($0.key == original ? 0 : 1, $0.key) < ($1.key == original ? 0 : 1, $1.key) }) {
            try content.saveTexts(text, language: language, of: id, minor: false, author: context.principal.accountID, in: db)
        }
        let visible = try content.record(id, in: db)?.status == .published
        if visible != input.published {
            try content.setPublication(input.published ? .published : .draft, publishAt: nil, unpublishAt: nil, of: id,
                                       author: context.principal.accountID, in: db)
        }
    }

    static func delete(site: LearningSite, context: RequestContext, in db: any DatabaseTransaction) throws {
        let content = context.services.content
        if let id = try content.id(module: SiteStore.owner, kind: kind, slug: site.slug, in: db) {
            try content.delete(id, in: db)
        }
    }

    /// The site's name in every language it has one.
    static func names(of site: LearningSite, region: Region, services: KernelServices, in db: any DatabaseConnection) throws -> [String: String] {
        guard let id = try services.content.id(module: SiteStore.owner, kind: kind, slug: site.slug, in: db),
              let record = try services.content.record(id, in: db) else { return [region.defaultLanguage: site.name] }
        return record.texts.mapValues(\.title)
    }

    /// The texts of `sites` for a reader of `language`, by site id, following the region's
    /// fallback chain, whether the site is published or not (staff see unpublished ones).
    static func texts(
        of sites: [LearningSite], language: String, services: KernelServices, in db: any DatabaseConnection
    ) throws -> [Int64: Texts] {
        // Two queries for the ids and one pair for the texts, however many sites are listed.
        let ids = try services.content.ids(module: SiteStore.owner, kind: kind, slugs: sites.map(\.slug), in: db)
        let items = try services.content.items(Array(ids.values), language: language, in: db)
        var result: [Int64: Texts] = [:]
        for site in sites {
            guard let id = ids[site.slug], let item = items[id] else { continue }
            result[site.id] = Texts(name: item.texts.title, description: item.texts.body, language: item.language)
        }
        return result
    }

    /// Texts per language: each language with a name or a description; a description without
    /// a name in its language carries the original name as its title.
    private static func texts(_ input: SiteInput, original: String) -> [String: ContentTexts] {
        let originalName = input.names[original] ?? input.names.values.sorted().first ?? ""
        var result: [String: ContentTexts] = [:]
        for language in Set(input.names.keys).union(input.descriptions.keys) {
            result[language] = ContentTexts(title: input.names[language] ?? originalName, body: input.descriptions[language] ?? "")
        }
        return result
    }
}
