/// The name of an element or attribute. Only a string literal can make one, so a name never
/// comes from a request: user input reaches a page as text or as an attribute value, both
/// escaped, never as markup structure.
public struct HTMLName: Sendable, Hashable, ExpressibleByStringLiteral {
    let literal: StaticString

    public init(stringLiteral literal: StaticString) {
        self.literal = literal
        assert(
            literal.withUTF8Buffer { !$0.isEmpty }
                && literal.withUTF8Buffer { $0.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D } },
            "HTML names are lowercase ASCII letters, digits and hyphens: '\(literal)'")
    }

    public var name: String { literal.description }

    /// `<br>`, `<input>`, …: no content and no end tag.
    var isVoid: Bool { HTMLName.voidElements.contains(self) }
    /// Attributes whose value is a URL the browser may follow, checked by `URLAttribute`.
    var isURL: Bool { HTMLName.urlAttributes.contains(self) }
    /// Boolean attributes (`required`, `checked`…), written without a value when set.
    var isBoolean: Bool { HTMLName.booleanAttributes.contains(self) }

    // Compared and hashed by their bytes: no String is made while a page renders.
    public static func == (lhs: HTMLName, rhs: HTMLName) -> Bool {
        lhs.literal.withUTF8Buffer { left in rhs.literal.withUTF8Buffer { right in left.elementsEqual(right) } }
    }

    public func hash(into hasher: inout Hasher) {
        literal.withUTF8Buffer { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }

    private static let voidElements: Set<HTMLName> = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
    ]
    private static let urlAttributes: Set<HTMLName> = ["href", "src", "action", "formaction", "cite", "poster"]
    private static let booleanAttributes: Set<HTMLName> = [
        "required", "checked", "selected", "disabled", "hidden", "multiple", "readonly", "novalidate", "autofocus",
        "open", "inert", "reversed", "formnovalidate",
    ]
}
