/// Terms and their details: "Date: 3 May", "Place: Library". Use for the facts of one thing.
public struct DefinitionList: HTMLComponent, Sendable {
    public var items: [(term: String, details: HTML)]

    public init(_ items: [(term: String, details: HTML)]) {
        self.items = items
    }

    /// Terms with plain text details.
    public init(_ items: [(term: String, details: String)]) {
        self.items = items.map { ($0.term, HTML.text($0.details)) }
    }

    public var html: HTML {
        guard !items.isEmpty else { return .empty }
        return element("dl") {
            for item in items {
                element("dt") { item.term }
                element("dd") { item.details }
            }
        }
    }
}
