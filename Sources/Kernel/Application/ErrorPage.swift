import HTTP
import Web

/// The page people see when something is not found, not allowed or broken, in the reader's
/// language: the URL's when its region speaks it, else the best match for `Accept-Language`
/// (among the region's languages, or the kernel's outside a region), else English.
enum ErrorPage {
    static func response(for error: HTTPError, request: Request, services: KernelServices, requestID: String) -> Response {
        let (page, negotiated) = pageContext(for: request, services: services)
        let strings = KernelStrings(languages: page.languages)
        let (title, explanation, showsDetails) = texts(for: error.status, strings)
        let content = HTML.fragment([
            element("p") { explanation },
            showsDetails && !error.message.isEmpty ? element("p", ["class": "details"]) { strings.errorDetails + " " + error.message } : .empty,
            error.status.code >= 500 ? element("p") { strings.errorReference(reference: requestID) } : .empty,
            element("p") { element("a", ["href": page.homeURL]) { strings.errorHome } },
        ])
        var response = Response.page(Layout.render(title: title, context: page, content: content), language: page.language, status: error.status)
        if negotiated { response.headers["Vary"] = "Accept-Language" }
        return response
    }

    /// The region layout when the path names a region (navigation as for an anonymous reader:
    /// the error may be that the reader could not be identified), else a plain one.
    static func pageContext(for request: Request, services: KernelServices) -> (PageContext, negotiated: Bool) {
        let segments = request.pathSegments
        if let id = segments.first, let region = services.regions[id] {
            let fromURL = segments.count > 1 && region.speaks(segments[1]) ? segments[1] : nil
            let language = fromURL ?? LanguageNegotiation.best(for: request, in: region)
            let page = RegionPage.context(region: region, language: language, principal: .anonymous, target: request.target, services: services)
            return (page, fromURL == nil)
        }
        let language = LanguageNegotiation.best(for: request, among: KernelStrings.catalog.languages, otherwise: "en")
        let page = PageContext(
            language: language, languages: Localizer.fallbackLanguages(requested: language, regionDefault: "en"),
            siteName: "Teilhabe", homeURL: "/")
        return (page, true)
    }

    /// Title, explanation, and whether the error's own message helps (it names a field or a limit).
    static func texts(for status: Status, _ strings: KernelStrings) -> (String, String, Bool) {
        switch status.code {
        case 400: (strings.errorBadRequestTitle, strings.errorBadRequestText, true)
        case 401: (strings.errorUnauthorizedTitle, strings.errorUnauthorizedText, false)
        case 403: (strings.errorForbiddenTitle, strings.errorForbiddenText, false)
        case 404: (strings.errorNotFoundTitle, strings.errorNotFoundText, false)
        case 405: (strings.errorMethodNotAllowedTitle, strings.errorMethodNotAllowedText, false)
        case 409: (strings.errorConflictTitle, strings.errorConflictText, true)
        case 413: (strings.errorContentTooLargeTitle, strings.errorContentTooLargeText, true)
        case 422: (strings.errorUnprocessableTitle, strings.errorUnprocessableText, true)
        case 429: (strings.errorTooManyRequestsTitle, strings.errorTooManyRequestsText, false)
        case 500: (strings.errorInternalTitle, strings.errorInternalText, false)
        case 503: (strings.errorUnavailableTitle, strings.errorUnavailableText, false)
        default: (strings.errorOtherTitle(status: String(status.code)), strings.errorOtherText, status.code < 500)
        }
    }
}
