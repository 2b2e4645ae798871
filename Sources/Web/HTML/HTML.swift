/// A piece of an HTML page: text, an element, a sequence of pieces, or markup the kernel
/// produced itself. Text and attribute values are escaped when the page is rendered, so a
/// string from a request can only ever appear as text.
///
/// Build it with `element(_:_:content:)` and `text(_:)`, or with `@HTMLBuilder` closures in
/// which a `String` is text:
///
///     element("p", ["class": "meta"]) { "Hello, "; name }
public struct HTML: Sendable {
    indirect enum Node: Sendable {
        case text(String)
        case trustedMarkup(String)
        case element(HTMLName, Attributes, [HTML])
        case fragment([HTML])
    }

    let node: Node

    init(_ node: Node) { self.node = node }

    /// Nothing at all.
    public static let empty = HTML(.fragment([]))

    /// Escaped text.
    public static func text(_ string: String) -> HTML { HTML(.text(string)) }

    /// An element with escaped attribute values and the given content. Void elements
    /// (`input`, `br`, …) render without content or end tag.
    public static func element(_ name: HTMLName, _ attributes: Attributes = Attributes(), _ children: [HTML] = []) -> HTML {
        HTML(.element(name, attributes, children))
    }

    /// Several pieces in order.
    public static func fragment(_ parts: [HTML]) -> HTML { HTML(.fragment(parts)) }

    /// Markup inserted as is. Only for HTML the kernel produced and escaped itself, such as
    /// the output of the content markup renderer; never for anything a person typed.
    /// The name is long on purpose: every use should stand out in review.
    public static func unsafeTrustedMarkup(_ markup: String) -> HTML { HTML(.trustedMarkup(markup)) }

    /// Whether this renders to nothing (so that optional wrappers can be left out).
    public var isEmpty: Bool {
        switch node {
        case .text(let string), .trustedMarkup(let string): string.isEmpty
        case .element: false
        case .fragment(let parts): parts.allSatisfy(\.isEmpty)
        }
    }

    /// Appends the rendered markup to `writer`.
    public func render(into writer: inout HTMLWriter) {
        switch node {
        case .text(let string):
            writer.appendEscaped(string)
        case .trustedMarkup(let markup):
            writer.appendMarkup(markup)
        case .element(let name, let attributes, let children):
            writer.openTag(name, attributes)
            guard !name.isVoid else { return }
            for child in children { child.render(into: &writer) }
            writer.closeTag(name)
        case .fragment(let parts):
            for part in parts { part.render(into: &writer) }
        }
    }

    /// The rendered markup as UTF-8 bytes.
    public var bytes: [UInt8] {
        var writer = HTMLWriter()
        render(into: &writer)
        return writer.bytes
    }

    /// The rendered markup as a string (for tests and small fragments).
    public var string: String { String(decoding: bytes, as: UTF8.self) }

    /// A whole document: `<!doctype html>` followed by `root` (the `html` element).
    public static func document(_ root: HTML, capacity: Int = 16_384) -> [UInt8] {
        var writer = HTMLWriter(capacity: capacity)
        writer.appendMarkup("<!doctype html>")
        root.render(into: &writer)
        return writer.bytes
    }
}

/// An element; see `HTML.element`.
public func element(_ name: HTMLName, _ attributes: Attributes = Attributes(), @HTMLBuilder _ content: () -> HTML = { HTML.empty }) -> HTML {
    HTML.element(name, attributes, [content()])
}

/// Escaped text; see `HTML.text`.
public func text(_ string: String) -> HTML { HTML.text(string) }

/// Something that renders as HTML: the kernel's components (forms, notices, tables…) and a
/// module's own. Usable directly inside `@HTMLBuilder` closures.
public protocol HTMLComponent {
    var html: HTML { get }
}

extension HTML: HTMLComponent {
    public var html: HTML { self }
}
