import Foundation

/// One saved state of an item, as its history lists it.
public struct ContentVersion: Sendable, Hashable {
    public enum Change: String, Sendable, Codable {
        case created
        /// One language's texts were saved.
        case texts
        /// Status, publication or unpublication time changed.
        case publication
        /// A language's texts were removed.
        case translationRemoved = "translation-removed"
        /// The texts of an earlier version were brought back.
        case restored
    }

    public var version: Int
    public var change: Change
    /// The language whose texts changed, for `texts` and `translationRemoved`.
    public var language: String?
    /// Saved with the minor-edit flag: translations were not outdated by it.
    public var minor: Bool
    /// For `restored`: the version brought back.
    public var restoredFrom: Int?
    public var author: Int64?
    public var createdAt: Date
}

/// Everything a version keeps, stored as JSON: texts with their translation bookkeeping,
/// slug and publication.
struct ContentSnapshot: Codable, Sendable, Equatable {
    struct Text: Codable, Sendable, Equatable {
        var texts: ContentTexts
        var digest: String
        var sourceLanguage: String?
        var sourceDigest: String?
    }

    var slug: String
    var status: PublicationStatus
    /// Milliseconds since 1970, as stored.
    var publishedAt: Int64?
    var unpublishAt: Int64?
    var texts: [String: Text]
}
