/// Links to the previous and next page of a list (`rel="prev"`/`rel="next"`); renders
/// nothing when there is only one page.
public struct Pagination: HTMLComponent, Sendable {
    public var previous: String?
    public var next: String?
    let strings: WebStrings

    public init(previous: String?, next: String?, in page: PageContext) {
        self.previous = previous
        self.next = next
        strings = page.strings
    }

    public var html: HTML {
        guard previous != nil || next != nil else { return .empty }
        return element("nav", ["class": "pagination", "aria-label": strings.paginationLabel]) {
            if let previous {
                element("a", ["href": previous, "rel": "prev"]) { strings.paginationPrevious }
            }
            if let next {
                element("a", ["href": next, "rel": "next"]) { strings.paginationNext }
            }
        }
    }
}
