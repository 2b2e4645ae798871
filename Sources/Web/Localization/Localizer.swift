/// Looks up UI strings in one catalog for one reader: the first of `languages` that has the
/// key wins. Counted phrases use the plural rules of the language the text is in.
public struct Localizer: Sendable {
    public let catalog: Catalog
    /// The languages to try, in order; see `fallbackLanguages(requested:regionDefault:)`.
    public let languages: [String]

    public init(catalog: Catalog, languages: [String]) {
        self.catalog = catalog
        self.languages = languages
    }

    /// The order in which a reader's strings are looked up: the language they asked for, the
    /// region's default language, then English (which every catalog has complete).
    public static func fallbackLanguages(requested: String, regionDefault: String) -> [String] {
        var chain = [requested]
        if !chain.contains(regionDefault) { chain.append(regionDefault) }
        if !chain.contains("en") { chain.append("en") }
        return chain
    }

    /// The message for `key` and the language it was found in.
    public func lookup(_ key: String) -> (language: String, message: Message)? {
        for language in languages {
            if let message = catalog.message(key, language: language) { return (language, message) }
        }
        if let message = catalog.message(key, language: "en") { return ("en", message) }
        return nil
    }

    /// The text for `key` with placeholders filled in. A key no catalog language has comes
    /// back as the key itself, so that the gap is visible on the page.
    public func text(_ key: String, _ values: [String: String] = [:]) -> String {
        guard let (_, message) = lookup(key) else { return key }
        switch message {
        case .text(let template): return Placeholders.format(template, values)
        case .plural(let forms): return Placeholders.format(forms[.other] ?? key, values)
        }
    }

    /// The form of `key` for `count` in the language found, with `{count}` and the other
    /// placeholders filled in.
    public func plural(_ key: String, count: Int, _ values: [String: String] = [:]) -> String {
        guard let (language, message) = lookup(key) else { return key }
        var values = values
        values["count"] = String(count)
        switch message {
        case .text(let template):
            return Placeholders.format(template, values)
        case .plural(let forms):
            let category = PluralRules.category(for: count, language: language)
            return Placeholders.format(forms[category] ?? forms[.other] ?? key, values)
        }
    }
}
