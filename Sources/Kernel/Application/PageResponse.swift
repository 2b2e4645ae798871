import HTTP
import Web

/// Pages in the region layout: what a page handler calls to answer with HTML.
///
///     return context.page(title: strings.workshopsTitle) { page in
///         CardList(workshops.map { Card(title: $0.title, url: context.pageURL("/workshops/\($0.id)")) })
///     }
extension RequestContext {
    /// The order this reader's UI strings are looked up in: the URL's language, the region's
    /// default language, English.
    public var languages: [String] {
        Localizer.fallbackLanguages(requested: language, regionDefault: region.defaultLanguage)
    }

    /// `path` (relative to the region mount, like a route path) as a URL in this region and
    /// language: `/workshops` → `/demo/de/workshops`.
    public func pageURL(_ path: String) -> String {
        let base = "/\(region.id)/\(language)"
        return path == "/" || path.isEmpty ? base : base + path
    }

    /// The layout's view of this request: region, language, navigation, the reader, and this
    /// page in the region's other languages (by default the same path and query with the
    /// language swapped; pages of translated items pass their own).
    public func pageContext(notices: [Notice] = [], alternates: [LanguageAlternate]? = nil, searchQuery: String = "") -> PageContext {
        var page = RegionPage.context(
            region: region, language: language, principal: principal, target: requestTarget, services: services)
        page.notices = notices
        page.searchQuery = searchQuery
        page.csrfTokenSource = { [csrf] in csrf?.value ?? "" }
        IdentityPages.addAccountLinks(to: &page, context: self)
        if let alternates { page.alternates = alternates }
        return page
    }

    /// A whole page in the region layout; `title` is its heading.
    public func page(
        title: String, titleLanguage: String? = nil, status: Status = .ok, notices: [Notice] = [],
        alternates: [LanguageAlternate]? = nil, searchQuery: String = "", @HTMLBuilder content: (PageContext) -> HTML
    ) -> Response {
        let page = pageContext(notices: notices, alternates: alternates, searchQuery: searchQuery)
        return .page(
            Layout.render(title: title, titleLanguage: titleLanguage, context: page, content: content(page)),
            language: language, status: status)
    }
}

/// The page context of a region page, for handlers and for error pages (which have no
/// `RequestContext`).
enum RegionPage {
    static func context(
        region: Region, language: String, principal: Principal, target: String, services: KernelServices
    ) -> PageContext {
        let home = "/\(region.id)/\(language)"
        let path = target.split(separator: "?", maxSplits: 1).first.map(String.init) ?? ""
        let navigation = services.navigation(for: region, language: language, principal: principal).map { link in
            let url = home + link.path
            return PageLink(title: link.title, url: url, isCurrent: path == url || path.hasPrefix(url + "/"))
        }
        return PageContext(
            language: language,
            languages: Localizer.fallbackLanguages(requested: language, regionDefault: region.defaultLanguage),
            siteName: region.name(in: language), homeURL: home, navigation: navigation,
            alternates: alternates(of: target, in: region), searchURL: home + "/search",
            signedInName: principal.isSignedIn ? principal.displayName : nil)
    }

    /// `target` (`/{region}/{lang}{rest}`) in each language of `region`: the same `rest` after
    /// another language. The language segment need not be valid (error pages link onwards).
    static func alternates(of target: String, in region: Region) -> [LanguageAlternate] {
        var rest: Substring = ""
        let afterRegion = target.dropFirst().drop { $0 != "/" && $0 != "?" }
        if target.first == "/", afterRegion.first == "/" {
            rest = afterRegion.dropFirst().drop { $0 != "/" && $0 != "?" }
        }
        return region.languageCodes.map { LanguageAlternate(language: $0, url: "/\(region.id)/\($0)\(rest)") }
    }
}

extension Response {
    /// A rendered page in `language`.
    public static func page(_ bytes: [UInt8], language: String, status: Status = .ok) -> Response {
        Response(status: status, headers: ["Content-Type": "text/html; charset=utf-8", "Content-Language": language], body: bytes)
    }
}

extension FormState {
    /// A submitted form, to show again with its errors.
    public init(_ form: FormData) {
        self.init(submitted: form.items)
    }
}
