/// Which link targets user content may have: `http`, `https` and `mailto` URLs, and
/// relative ones (`/de/echo`, `page`, `#part`, `?q=x`, `//host/path`). Anything with another
/// scheme (`javascript:`, `data:`, `vbscript:`, `file:`) is refused.
public enum LinkPolicy {
    public static let maximumLength = 2048
    static let schemes: Set<String> = ["http", "https", "mailto"]

    /// The URL when it may be a link target, else nil.
    ///
    /// Whitespace and control characters anywhere are refused, because browsers drop them
    /// inside schemes (`java\tscript:`). A `:` before the first `/`, `?` or `#` makes the text
    /// before it a scheme, which must be one of ours; so `javascript&#58;…` or `JaVaScRiPt:`
    /// cannot slip through as "relative". Entities are never decoded: the renderer escapes
    /// `&`, so the browser sees the characters as written.
    public static func safeURL(_ url: String) -> String? {
        guard !url.isEmpty, url.utf8.count <= maximumLength else { return nil }
        for scalar in url.unicodeScalars {
            let value = scalar.value
            if value <= 0x20 || value == 0x7F || (0x80...0x9F).contains(value) || scalar.properties.isWhitespace {
                return nil
            }
            // Invisible formatting characters make a URL that reads differently from where it goes.
            if scalar.properties.generalCategory == .format { return nil }
        }
        // Character references are never needed in a URL and only serve to disguise one.
        if url.contains("&#") || url.lowercased().contains("&colon") { return nil }
        guard let delimiter = url.firstIndex(where: { $0 == ":" || $0 == "/" || $0 == "?" || $0 == "#" }),
              url[delimiter] == ":" else {
            return url
        }
        let scheme = url[..<delimiter].lowercased()
        guard schemes.contains(scheme) else { return nil }
        let rest = url[url.index(after: delimiter)...]
        if scheme == "mailto" { return rest.isEmpty ? nil : url }
        guard rest.hasPrefix("//"), rest.count > 2 else { return nil }
        return url
    }
}
