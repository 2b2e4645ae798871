/// One UI message: a text with `{placeholders}`, or the forms of a counted phrase per CLDR
/// plural category (`{count}` is the number).
public enum Message: Sendable, Equatable {
    case text(String)
    case plural([PluralCategory: String])

    /// Every form of the message.
    public var forms: [String] {
        switch self {
        case .text(let text): [text]
        case .plural(let forms): forms.keys.sorted().compactMap { forms[$0] }
        }
    }
}

/// The UI strings of one part of the system (the web layer, the kernel, a module) in every
/// language it ships. Catalogs are JSON files in the target's `Catalogs/` folder, embedded
/// at build time by the `Catalogs` build-tool plugin (see Documentation/WritingAModule.md).
public struct Catalog: Sendable {
    /// Language code → key → message.
    public let messages: [String: [String: Message]]

    public init(messages: [String: [String: Message]] = [:]) {
        self.messages = messages
    }

    /// A catalog without strings, for modules that show no pages.
    public static let empty = Catalog()

    /// The languages every catalog must cover; others may be added.
    public static let requiredLanguages = ["de", "en", "ar", "fa", "tr", "uk", "ru"]

    public var languages: [String] { messages.keys.sorted() }

    public var isEmpty: Bool { messages.values.allSatisfy(\.isEmpty) }

    public func message(_ key: String, language: String) -> Message? {
        messages[language]?[key]
    }
}
