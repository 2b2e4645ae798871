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

/// Where workshop texts are kept in every language.
struct WorkshopTextStore {
    let services: KernelServices
    let region: Region

    /// The texts for a reader of `language`.
    func texts(of workshop: Workshop, language: String, in db: any DatabaseConnection) throws -> WorkshopTexts {
        WorkshopTexts(title: workshop.title, summary: "", description: "", language: workshop.originalLanguage)
    }

    /// The texts of several workshops for one reader, by workshop id.
    func texts(of workshops: [Workshop], language: String, in db: any DatabaseConnection) throws -> [Int64: WorkshopTexts] {
        var result: [Int64: WorkshopTexts] = [:]
        for workshop in workshops { result[workshop.id] = try texts(of: workshop, language: language, in: db) }
        return result
    }

    /// Saves the plan's texts in its language for the workshop (creating its content item).
    func save(_ plan: WorkshopPlan, for workshop: Workshop, author: Int64?, in db: any DatabaseTransaction) throws -> Int64? {
        workshop.contentID
    }

    /// Makes the texts visible to readers (or hides them) with the workshop.
    func setPublished(_ published: Bool, workshop: Workshop, in db: any DatabaseTransaction) throws {}

    /// Copies the translations of `original` to its duplicate `copy`.
    func copyTranslations(from original: Workshop, to copy: Workshop, author: Int64?, in db: any DatabaseTransaction) throws {}
}
