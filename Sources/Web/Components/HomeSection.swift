/// A section of the region home page that a module contributes ("Next dates", "Latest
/// stories"): a heading and its content, labelled as a region for screen readers.
public struct HomeSection: HTMLComponent, Sendable {
    /// Unique on the page; used for the heading's `id`.
    public var id: String
    public var title: String
    public var content: HTML

    public init(id: String, title: String, content: HTML) {
        self.id = id
        self.title = title
        self.content = content
    }

    public var html: HTML {
        element("section", ["class": "home-section", "aria-labelledby": "section-\(id)"]) {
            element("h2", ["id": "section-\(id)"]) { title }
            content
        }
    }
}
