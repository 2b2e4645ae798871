extension KernelServices {
    /// The declaration of a module's content kind, when the module is linked and declares it.
    public func contentKind(module: String, kind: String) -> ContentKind? {
        registry.manifest(module)?.contentKinds.first { $0.id == kind }
    }

    /// The page of an item for readers of `language` in `region` (`/demo/de/echo/stories/garden`),
    /// or nil when its module declares no page for the kind.
    public func contentPath(module: String, kind: String, slug: String, region: String, language: String) -> String? {
        contentKind(module: module, kind: kind).map { "/\(region)/\(language)\($0.path(slug: slug))" }
    }

    /// `path` under the server's public URL, for links that leave the site (feeds, API, mail).
    public func absoluteURL(_ path: String) -> String {
        server.publicURL + path
    }
}
