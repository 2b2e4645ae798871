import Foundation
import Kernel

/// The site's names and descriptions per language. Until the content store is wired in, the
/// name in the original language (`learning_sites.name`) serves every reader.
enum SiteTexts {
    struct Texts: Sendable, Equatable {
        var name: String
        var description: String
        /// The language the texts are in.
        var language: String
    }

    static func create(slug: String, input: SiteInput, context: RequestContext, in db: any DatabaseTransaction) throws {}

    static func update(site: LearningSite, input: SiteInput, context: RequestContext, in db: any DatabaseTransaction) throws {}

    static func delete(site: LearningSite, context: RequestContext, in db: any DatabaseTransaction) throws {}

    /// The site's name in every language it has one.
    static func names(of site: LearningSite, region: Region, in db: any DatabaseConnection) throws -> [String: String] {
        [region.defaultLanguage: site.name]
    }

    /// The texts of `sites` for a reader of `language`, by site id.
    static func texts(of sites: [LearningSite], language: String, region: Region, in db: any DatabaseConnection) throws -> [Int64: Texts] {
        Dictionary(uniqueKeysWithValues: sites.map { ($0.id, Texts(name: $0.name, description: "", language: region.defaultLanguage)) })
    }
}
