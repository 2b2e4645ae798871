import Foundation
import Kernel

/// The texts of a workshop in one language: what a reader of `language` is shown.
struct WorkshopTexts: Sendable, Equatable {
    var title: String
    var summary: String
    /// Markup source.
    var description: String
    /// The language these texts are in (the reader's, or a fallback).
    var language: String
}

/// Workshop texts live in the kernel's content store (kind `workshop`, slug = the workshop's
/// id): every language of the region, translation state, versions, search, and translator
/// exchange come from there. The workshop row keeps the original title for lists and mails.
struct WorkshopTextStore {
    static let kind = ContentKind(
        "workshop", path: "/workshops/{slug}", names: ["de": "Workshop", "en": "Workshop"], editAction: WorkshopsModule.manage)

    let services: KernelServices
    let region: Region

    /// The texts for a reader of `language`: the first language of the region's fallback
    /// chain that has them, else the original.
    func texts(of workshop: Workshop, language: String, in db: any DatabaseConnection) throws -> WorkshopTexts {
        guard let id = workshop.contentID, let record = try services.content.record(id, in: db) else { return WorkshopTexts(workshop) }
        return Self.pick(record, for: language, region: region) ?? WorkshopTexts(workshop)
    }

    static func pick(_ record: ContentRecord, for language: String, region: Region) -> WorkshopTexts? {
        for code in region.fallbackChain(for: language) + [record.originalLanguage] {
            if let texts = record.texts[code] {
                return WorkshopTexts(title: texts.title, summary: texts.summary, description: texts.body, language: code)
            }
        }
        return nil
    }

    /// The texts of several workshops for one reader, by workshop id: one content-store call
    /// for the whole list, with the same choice of language as `texts(of:language:in:)`.
    func texts(of workshops: [Workshop], language: String, in db: any DatabaseConnection) throws -> [Int64: WorkshopTexts] {
        let items = try services.content.items(workshops.compactMap(\.contentID), language: language, in: db)
        var result: [Int64: WorkshopTexts] = [:]
        for workshop in workshops {
            result[workshop.id] = workshop.contentID.flatMap { items[$0] }.map {
                WorkshopTexts(title: $0.texts.title, summary: $0.texts.summary, description: $0.texts.body, language: $0.language)
            } ?? WorkshopTexts(workshop)
        }
        return result
    }

    /// Saves the plan's texts in its language (creating the content item on first save) and
    /// returns the item's id. Saving in another language than the original is a translation.
    func save(_ plan: WorkshopPlan, for workshop: Workshop, author: Int64?, in db: any DatabaseTransaction) throws -> Int64? {
        let texts = ContentTexts(title: plan.title, summary: plan.summary, body: plan.description)
        if let id = workshop.contentID, try services.content.record(id, in: db) != nil {
            try services.content.saveTexts(texts, language: plan.language, of: id, minor: false, author: author, in: db)
            return id
        }
        return try services.content.create(NewContentItem(
            module: WorkshopsModule.id, kind: Self.kind.id, slug: String(workshop.id), language: plan.language, texts: texts,
            status: workshop.isPublished ? .published : .draft, author: author), in: db)
    }

    /// Makes the texts visible to readers (search, sitemap) with the workshop, or hides them.
    func setPublished(_ published: Bool, workshop: Workshop, in db: any DatabaseTransaction) throws {
        guard let id = workshop.contentID else { return }
        try services.content.setPublication(published ? .published : .draft, publishAt: nil, unpublishAt: nil, of: id, author: nil, in: db)
    }

    /// Copies the translations of `original` to its duplicate `copy`.
    func copyTranslations(from original: Workshop, to copy: Workshop, author: Int64?, in db: any DatabaseTransaction) throws {
        guard let from = original.contentID, let to = copy.contentID, let record = try services.content.record(from, in: db) else { return }
        for (language, texts) in record.texts where language != record.originalLanguage {
            try services.content.saveTexts(texts, language: language, of: to, minor: false, author: author, in: db)
        }
    }
}
