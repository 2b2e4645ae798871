import Foundation

/// An item as editors see it: every language's texts and translation state, and its
/// publication, whether or not readers can see it.
public struct ContentRecord: Sendable {
    public var id: Int64
    public var module: String
    public var kind: String
    public var slug: String
    public var status: PublicationStatus
    public var publishedAt: Date?
    public var unpublishAt: Date?
    public var originalLanguage: String
    /// Texts by language.
    public var texts: [String: ContentTexts]
    /// The state of every language of the region, in the region's order.
    public var translations: [(language: String, state: TranslationState)]
    public var createdAt: Date
    public var updatedAt: Date
    public var author: Int64?
    public var version: Int

    /// Whether readers can see it at `now`.
    public func isVisible(at now: Date) -> Bool {
        ContentVisibility.isVisible(status: status, publishedAt: publishedAt, unpublishAt: unpublishAt, now: now)
    }

    public func state(of language: String) -> TranslationState? {
        translations.first { $0.language == language }?.state
    }
}

/// How one language's text of an item stands against the text it is translated from.
public enum TranslationState: Sendable, Hashable {
    /// Present and translated from the current wording of its source (or it is the original).
    case upToDate
    /// Present, but `source`'s text changed (without the minor-edit flag) since it was translated.
    case outdated(source: String)
    /// No text in this language; readers get a fallback.
    case missing

    /// `up-to-date`, `outdated`, `missing`: the API's names.
    public var name: String {
        switch self {
        case .upToDate: "up-to-date"
        case .outdated: "outdated"
        case .missing: "missing"
        }
    }

    public var needsTranslation: Bool { self != .upToDate }
}

/// One entry of a language's translation worklist.
public struct TranslationTask: Sendable, Hashable {
    public var itemID: Int64
    public var module: String
    public var kind: String
    public var slug: String
    public var status: PublicationStatus
    /// The item's title in the source language (what the translator starts from).
    public var title: String
    public var state: TranslationState
    /// The language to translate from: the target's source in the region's language tree,
    /// or the nearest language along that source's fallback chain that has a text.
    public var sourceLanguage: String
    /// False when the tree's source language itself has no text yet: translate into it first.
    public var sourceIsTreeSource: Bool
    public var updatedAt: Date
}
