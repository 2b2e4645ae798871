/// A link that looks like a button, for the main action of a page that is a navigation
/// ("Register", "Write a story"). Actions that change data are form buttons instead
/// (`FormFields.submit`).
public struct ButtonLink: HTMLComponent, Sendable {
    public var label: String
    public var url: String
    public var secondary: Bool

    public init(_ label: String, url: String, secondary: Bool = false) {
        self.label = label
        self.url = url
        self.secondary = secondary
    }

    public var html: HTML {
        element("a", ["class": secondary ? "button button-secondary" : "button", "href": url]) { label }
    }
}
