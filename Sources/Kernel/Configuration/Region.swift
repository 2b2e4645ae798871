import Foundation

/// A tenant: a municipality, district or project area with its own languages, time zone and
/// enabled modules. Read from `Configuration/regions/<id>.json` and validated at boot.
public struct Region: Sendable {
    public var id: String
    /// Display names per language.
    public var names: [String: String]
    public var timeZone: TimeZone
    /// The root of the language tree; every fallback chain ends here.
    public var defaultLanguage: String
    /// Languages in configured order, each with the language it is translated from.
    public var languages: [Language]
    /// Enabled module ids with their validated settings.
    public var modules: [String: ModuleSettings]
    /// Whether people may create an account themselves here (`"selfRegistration": true`);
    /// otherwise only admins and operators create accounts.
    public var allowsSelfRegistration: Bool
    /// Whether the modules write their sample content here on first start
    /// (`"demoContent": true`; see `DemoContent`). For trying the server out.
    public var demoContent: Bool

    public struct Language: Sendable, Hashable {
        public var code: String
        /// The language this one is translated from; nil for the default language.
        public var source: String?
        public init(code: String, source: String?) {
            self.code = code
            self.source = source
        }
    }

    public init(
        id: String, names: [String: String], timeZone: TimeZone, defaultLanguage: String,
        languages: [Language], modules: [String: ModuleSettings], allowsSelfRegistration: Bool = false,
        demoContent: Bool = false
    ) {
        self.id = id
        self.names = names
        self.timeZone = timeZone
        self.defaultLanguage = defaultLanguage
        self.languages = languages
        self.modules = modules
        self.allowsSelfRegistration = allowsSelfRegistration
        self.demoContent = demoContent
    }

    public var languageCodes: [String] { languages.map(\.code) }

    public func speaks(_ language: String) -> Bool { languages.contains { $0.code == language } }

    public func enables(_ module: String) -> Bool { modules[module] != nil }

    /// The languages to try for a reader of `language`, in order: the language itself, then
    /// its source, its source's source, … ending at the default language.
    public func fallbackChain(for language: String) -> [String] {
        var chain: [String] = []
        var current: String? = speaks(language) ? language : defaultLanguage
        while let code = current, !chain.contains(code) {
            chain.append(code)
            current = languages.first { $0.code == code }?.source
        }
        if !chain.contains(defaultLanguage) { chain.append(defaultLanguage) }
        return chain
    }

    /// The region's name in `language`, falling back along the language tree.
    public func name(in language: String) -> String {
        for code in fallbackChain(for: language) {
            if let name = names[code] { return name }
        }
        return names.values.sorted().first ?? id
    }
}

/// A module's settings in one region, validated against the module's schema: every key the
/// schema declares is present (set by the region or defaulted), no other key is.
public struct ModuleSettings: Sendable {
    public let values: [String: JSONValue]

    public init(values: [String: JSONValue]) {
        self.values = values
    }

    public subscript(key: String) -> JSONValue? { values[key] }

    public func string(_ key: String) -> String? { values[key]?.stringValue }
    public func integer(_ key: String) -> Int? { values[key]?.integerValue.map { Int($0) } }
    public func double(_ key: String) -> Double? { values[key]?.doubleValue }
    public func bool(_ key: String) -> Bool? { values[key]?.boolValue }
    public func strings(_ key: String) -> [String]? { values[key]?.arrayValue?.compactMap(\.stringValue) }
    /// A translated text in `language`, falling back along `region`'s language tree.
    public func text(_ key: String, language: String, region: Region) -> String? {
        guard let texts = values[key]?.objectValue else { return nil }
        for code in region.fallbackChain(for: language) {
            if let text = texts[code]?.stringValue { return text }
        }
        return nil
    }
}
