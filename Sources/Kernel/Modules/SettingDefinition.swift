/// One setting a region can give a module, e.g. `defaultCapacity` or `welcomeText`.
/// Regions set values in `Configuration/regions/<id>.json` under `modules.<module-id>`;
/// unknown keys, wrong types and missing required values stop the server at boot.
public struct SettingDefinition: Sendable {
    public enum Kind: Sendable, Equatable {
        case string
        case integer(ClosedRange<Int64>?)
        case number
        case boolean
        /// One of the listed strings.
        case choice([String])
        case stringList
        /// A text per language (`{"de": "…", "en": "…"}`), checked against the region's languages.
        case translatedText
    }

    public var key: String
    public var kind: Kind
    /// Used when a region does not set the key. A setting without default is required.
    public var defaultValue: JSONValue?
    public var summary: String

    public init(_ key: String, _ kind: Kind, default defaultValue: JSONValue? = nil, summary: String) {
        self.key = key
        self.kind = kind
        self.defaultValue = defaultValue
        self.summary = summary
    }

    public var isRequired: Bool { defaultValue == nil }
}
