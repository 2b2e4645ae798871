/// A link in a region's navigation, shown to readers who may use it.
public struct NavigationEntry: Sendable {
    /// Key in the module's UI catalog for the link text.
    public var titleKey: String
    /// Page path relative to `/{region}/{lang}`.
    public var path: String
    public var access: Route.Access
    /// Lower comes first.
    public var order: Int

    public init(titleKey: String, path: String, access: Route.Access = .public, order: Int = 100) {
        self.titleKey = titleKey
        self.path = path
        self.access = access
        self.order = order
    }
}
