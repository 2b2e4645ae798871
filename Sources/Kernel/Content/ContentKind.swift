/// A kind of content a module keeps in the kernel's content store, declared in its
/// manifest (`contentKinds`). The kernel uses it to link search results, sitemap entries
/// and translation worklists to the item's page, and to decide who may restore versions.
public struct ContentKind: Sendable {
    /// `story`: lowercase letters, digits and hyphens, unique within the module.
    public var id: String
    /// The item's page, relative to `/{region}/{lang}`, with `{slug}` where the slug goes:
    /// `/echo/stories/{slug}`.
    public var path: String
    /// Display names per language, for editors' lists.
    public var names: [String: String]
    /// The action whose holders may change items of this kind (restore versions, publish).
    public var editAction: String?

    public init(_ id: String, path: String, names: [String: String] = [:], editAction: String? = nil) {
        self.id = id
        self.path = path
        self.names = names
        self.editAction = editAction
    }

    /// The page path of the item with `slug`, relative to `/{region}/{lang}`. Built by hand:
    /// Foundation's `replacingOccurrences` cost more than the rest of a search hit's link.
    public func path(slug: String) -> String {
        let marker = "{slug}".utf8
        var result = ""
        var rest = Substring(path)
        while let open = rest.utf8.firstIndex(of: UInt8(ascii: "{")) {
            if rest.utf8[open...].starts(with: marker) {
                result += rest[..<open]
                result += slug
                rest = rest[rest.utf8.index(open, offsetBy: marker.count)...]
            } else {
                let next = rest.utf8.index(after: open)
                result += rest[..<next]
                rest = rest[next...]
            }
        }
        return result + rest
    }
}
