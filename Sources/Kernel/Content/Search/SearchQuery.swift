import Web
import Foundation

/// What a reader searched for: the words typed, in which language, and which page.
public struct SearchQuery: Sendable {
    public var text: String
    /// The reader's language.
    public var language: String
    public var limit: Int
    public var offset: Int

    /// Hits per page: enough to scan, few enough to read on a phone.
    public static let defaultLimit = 10
    public static let maximumLength = 200
    public static let maximumTerms = 12

    public init(_ text: String, language: String, limit: Int = SearchQuery.defaultLimit, offset: Int = 0) {
        self.text = text
        self.language = language
        self.limit = limit
        self.offset = offset
    }

    /// The normalized words to match: all must occur; the last may be the start of a word
    /// (people search as they type). Empty when the text has no word in it.
    public var terms: [String] {
        Array(SearchNormalization.words(SearchNormalization.normalize(String(text.prefix(Self.maximumLength))))
            .prefix(Self.maximumTerms).map(String.init))
    }
}

/// One page of search results.
public struct SearchResults: Sendable {
    public var hits: [SearchHit]
    /// The offset of the next page, or nil when this is the last.
    public var nextOffset: Int?
}

/// A found item, in the language searched (its served language), with a passage showing
/// where the words occur.
public struct SearchHit: Sendable {
    public var item: ContentItem
    public var snippet: Snippet
}

/// A short passage of an item's text with the matched words marked. Its parts are plain
/// text: `html` escapes them and wraps matches in `<mark>`, so nothing from the text can
/// become markup.
public struct Snippet: Sendable, Hashable {
    public struct Part: Sendable, Hashable {
        public var text: String
        public var isMatch: Bool
    }

    public var parts: [Part]

    public var plainText: String { parts.map(\.text).joined() }

    public var html: String {
        parts.map { $0.isMatch ? "<mark>\(escapeHTML($0.text))</mark>" : escapeHTML($0.text) }.joined()
    }
}
