/// One item of a list of things (a workshop, a story, a learning site): a linked title,
/// a line of facts, a summary, and optionally more content.
public struct Card: HTMLComponent, Sendable {
    public enum HeadingLevel: Sendable {
        case h2, h3, h4
    }

    public var title: String
    public var url: String?
    public var meta: [String]
    public var summary: String?
    public var headingLevel: HeadingLevel
    public var content: HTML

    public init(
        title: String, url: String? = nil, meta: [String] = [], summary: String? = nil,
        headingLevel: HeadingLevel = .h3, content: HTML = .empty
    ) {
        self.title = title
        self.url = url
        self.meta = meta
        self.summary = summary
        self.headingLevel = headingLevel
        self.content = content
    }

    /// The card as a list item of a `CardList`.
    public var html: HTML {
        element("li", ["class": "card"]) {
            heading
            if !meta.isEmpty {
                element("p", ["class": "meta"]) { meta.joined(separator: " · ") }
            }
            if let summary {
                element("p") { summary }
            }
            content
        }
    }

    private var heading: HTML {
        let title = url.map { url in element("a", ["href": url]) { self.title } } ?? text(self.title)
        return switch headingLevel {
        case .h2: element("h2") { title }
        case .h3: element("h3") { title }
        case .h4: element("h4") { title }
        }
    }
}

/// A list of cards; `role="list"` keeps the list semantics that some browsers drop when a
/// list is styled without bullets.
public struct CardList: HTMLComponent, Sendable {
    public var cards: [Card]

    public init(_ cards: [Card]) {
        self.cards = cards
    }

    public var html: HTML {
        guard !cards.isEmpty else { return .empty }
        return element("ul", ["class": "cards", "role": "list"]) {
            for card in cards { card }
        }
    }
}
