/// Everything the page layout needs to know about the reader and the region, gathered by the
/// kernel (`RequestContext.pageContext()`) so that Web knows nothing of the kernel.
public struct PageContext: Sendable {
    /// The page's language (`lang`), a code the region speaks.
    public var language: String
    /// The order UI strings are looked up in: `language`, the region's default, English.
    public var languages: [String]
    public var direction: TextDirection
    /// The region's name in `language`; shown in the header and in every title.
    public var siteName: String
    /// The region's home page in `language` (`/demo/de`).
    public var homeURL: String
    /// The region's primary navigation, in order.
    public var navigation: [PageLink]
    /// This page in each language the region speaks, for the language switcher.
    public var alternates: [LanguageAlternate]
    /// Where the search box sends its query (`GET …?q=`); nil hides the search box.
    public var searchURL: String?
    /// The query to show in the search box (on the results page).
    public var searchQuery: String
    /// The signed-in person's name, or nil for anonymous readers.
    public var signedInName: String?
    /// Account links in the header (sign in, my account), rendered in order.
    public var accountLinks: [PageLink]
    /// Where the sign-out button posts to; nil shows no sign-out button.
    public var signOutURL: String?
    /// Flash messages shown at the top of the main content.
    public var notices: [Notice]
    /// The session's form token; forms posting to the server carry it as `_csrf`. Only forms
    /// that post read it, so a page without such a form never asks `csrfTokenSource`.
    public var csrfToken: String? {
        get { fixedCSRFToken ?? csrfTokenSource?() }
        set { fixedCSRFToken = newValue }
    }
    /// Supplies the token when a form first needs it (the kernel's, which may set a cookie).
    public var csrfTokenSource: (@Sendable () -> String)?
    private var fixedCSRFToken: String?
    public var stylesheetURL: String

    public init(
        language: String, languages: [String]? = nil, siteName: String, homeURL: String,
        navigation: [PageLink] = [], alternates: [LanguageAlternate] = [], searchURL: String? = nil,
        searchQuery: String = "", signedInName: String? = nil, accountLinks: [PageLink] = [],
        signOutURL: String? = nil, notices: [Notice] = [], csrfToken: String? = nil,
        stylesheetURL: String = Stylesheet.url
    ) {
        self.language = language
        self.languages = languages ?? Localizer.fallbackLanguages(requested: language, regionDefault: language)
        self.direction = TextDirection(language: language)
        self.siteName = siteName
        self.homeURL = homeURL
        self.navigation = navigation
        self.alternates = alternates
        self.searchURL = searchURL
        self.searchQuery = searchQuery
        self.signedInName = signedInName
        self.accountLinks = accountLinks
        self.signOutURL = signOutURL
        self.notices = notices
        self.fixedCSRFToken = csrfToken
        self.stylesheetURL = stylesheetURL
    }

    /// The web layer's own strings (skip link, form hints, pagination) for this reader.
    var strings: WebStrings { WebStrings(languages: languages) }
}

/// A link in the navigation or the header.
public struct PageLink: Sendable, Equatable {
    public var title: String
    public var url: String
    /// Marks the link to the page being shown (`aria-current="page"`).
    public var isCurrent: Bool

    public init(title: String, url: String, isCurrent: Bool = false) {
        self.title = title
        self.url = url
        self.isCurrent = isCurrent
    }
}

/// The same page in another language.
public struct LanguageAlternate: Sendable, Equatable {
    public var language: String
    public var url: String

    public init(language: String, url: String) {
        self.language = language
        self.url = url
    }
}

/// A short message at the top of a page: "Saved", "Your registration was cancelled".
public struct Notice: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case success, error, info
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }
}
