/// The name of an element or attribute. Only a string literal can make one, so a name never
/// comes from a request: user input reaches a page as text or as an attribute value, both
/// escaped, never as markup structure.
public struct HTMLName: Sendable, Hashable, ExpressibleByStringLiteral {
    let literal: StaticString
    /// `<br>`, `<input>`, …: no content and no end tag.
    let isVoid: Bool
    /// Attributes whose value is a URL the browser may follow, checked by `URLAttribute`.
    let isURL: Bool
    /// Boolean attributes (`required`, `checked`…), written without a value when set.
    let isBoolean: Bool

    public init(stringLiteral literal: StaticString) {
        self.literal = literal
        let name = literal.description
        assert(
            !name.isEmpty && name.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D },
            "HTML names are lowercase ASCII letters, digits and hyphens: '\(name)'")
        isVoid = HTMLName.voidElements.contains(name)
        isURL = HTMLName.urlAttributes.contains(name)
        isBoolean = HTMLName.booleanAttributes.contains(name)
    }

    public var name: String { literal.description }

    public static func == (lhs: HTMLName, rhs: HTMLName) -> Bool { lhs.name == rhs.name }
    public func hash(into hasher: inout Hasher) { hasher.combine(name) }

    private static let voidElements: Set<String> = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
    ]
    private static let booleanAttributes: Set<String> = [
        "required", "checked", "selected", "disabled", "hidden", "multiple", "readonly", "novalidate", "autofocus",
        "open", "inert", "reversed", "formnovalidate",
    ]
    private static let urlAttributes: Set<String> = ["href", "src", "action", "formaction", "cite", "poster"]
}
