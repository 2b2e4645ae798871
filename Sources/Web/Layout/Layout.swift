/// The region page every module renders into: language and direction, one stylesheet, a skip
/// link, a header with the region's name, language switcher, search and navigation, the main
/// content with its notices and heading, and a footer. No script anywhere.
public enum Layout {
    /// A whole page. `title` is the page's `h1` and, with the region's name, its `<title>`.
    /// `titleLanguage` names the title's language when it is not the page's (a story shown
    /// in a fallback language), so that screen readers and the text direction follow it.
    public static func render(title: String, titleLanguage: String? = nil, context: PageContext, content: HTML) -> [UInt8] {
        let strings = context.strings
        let page = element("html", ["lang": context.language, "dir": context.direction.rawValue]) {
            head(title: title, context: context)
            element("body") {
                element("a", ["class": "skip", "href": "#main"]) { strings.skipLink }
                header(context, strings)
                element("main", ["id": "main", "class": "wrap", "tabindex": "-1"]) {
                    notices(context.notices, strings)
                    if let titleLanguage, titleLanguage != context.language {
                        element("h1", ["lang": titleLanguage, "dir": TextDirection(language: titleLanguage).rawValue]) { title }
                    } else {
                        element("h1") { title }
                    }
                    content
                }
                element("footer", ["class": "site-footer"]) {
                    element("div", ["class": "wrap"]) {
                        element("p") { element("a", ["href": context.homeURL]) { context.siteName } }
                        element("p") { strings.footerText }
                    }
                }
            }
        }
        return HTML.document(page)
    }

    static func head(title: String, context: PageContext) -> HTML {
        element("head") {
            element("meta", ["charset": "utf-8"])
            element("meta", ["name": "viewport", "content": "width=device-width, initial-scale=1"])
            element("title") { title == context.siteName ? title : "\(title) – \(context.siteName)" }
            element("link", ["rel": "stylesheet", "href": context.stylesheetURL])
            for alternate in context.alternates where alternate.language != context.language {
                element("link", ["rel": "alternate", "hreflang": alternate.language, "href": alternate.url])
            }
        }
    }

    static func header(_ context: PageContext, _ strings: WebStrings) -> HTML {
        element("header", ["class": "site-header"]) {
            element("div", ["class": "wrap"]) {
                element("div", ["class": "bar"]) {
                    element("a", ["class": "site-name", "href": context.homeURL]) { context.siteName }
                    account(context, strings)
                }
                if context.alternates.count > 1 {
                    languageSwitcher(context, strings)
                }
                if let searchURL = context.searchURL {
                    element("form", ["class": "search", "role": "search", "method": "get", "action": searchURL]) {
                        element("label", ["class": "visually-hidden", "for": "site-search"]) { strings.searchLabel }
                        element("input", [
                            "type": "search", "id": "site-search", "name": "q", "value": context.searchQuery,
                            "placeholder": strings.searchLabel,
                        ])
                        element("button", ["type": "submit", "class": "button"]) { strings.searchButton }
                    }
                }
            }
            if !context.navigation.isEmpty {
                element("nav", ["class": "primary", "aria-label": strings.navigationLabel]) {
                    element("ul", ["class": "wrap"]) {
                        for link in context.navigation {
                            element("li") {
                                element("a", ["href": link.url, "aria-current": link.isCurrent ? "page" : nil]) { link.title }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Each language in its own name and script, marked with `lang` so screen readers switch voice.
    static func languageSwitcher(_ context: PageContext, _ strings: WebStrings) -> HTML {
        element("nav", ["class": "languages", "aria-label": strings.languageLabel]) {
            element("ul") {
                for alternate in context.alternates {
                    element("li") {
                        element("a", [
                            "href": alternate.url, "hreflang": alternate.language, "lang": alternate.language,
                            "aria-current": alternate.language == context.language ? "true" : nil,
                        ]) { LanguageNames.autonym(of: alternate.language) }
                    }
                }
            }
        }
    }

    static func account(_ context: PageContext, _ strings: WebStrings) -> HTML {
        guard context.signedInName != nil || !context.accountLinks.isEmpty || context.signOutURL != nil else { return .empty }
        return element("div", ["class": "account"]) {
            if let name = context.signedInName {
                element("span") { strings.accountSignedInAs(name: name) }
            }
            for link in context.accountLinks {
                element("a", ["href": link.url, "aria-current": link.isCurrent ? "page" : nil]) { link.title }
            }
            if let signOutURL = context.signOutURL {
                element("form", ["method": "post", "action": signOutURL]) {
                    if let token = context.csrfToken {
                        element("input", ["type": "hidden", "name": Form.csrfFieldName, "value": token])
                    }
                    element("button", ["type": "submit", "class": "link-button"]) { strings.accountSignOut }
                }
            }
        }
    }

    static func notices(_ notices: [Notice], _ strings: WebStrings) -> HTML {
        HTML.fragment(notices.map { notice in
            let label = switch notice.kind {
            case .success: strings.noticeSuccess
            case .error: strings.noticeError
            case .info: strings.noticeInfo
            }
            return element("div", ["class": "notice notice-\(notice.kind.rawValue)", "role": notice.kind == .error ? "alert" : "status"]) {
                element("strong") { label + ": " }
                notice.message
            }
        })
    }
}
