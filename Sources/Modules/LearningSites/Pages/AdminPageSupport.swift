import Foundation
import HTTP
import Kernel
import Web

/// What the staff's pages share: finding the site they work on, its sub-navigation, turning
/// input problems into errors beside form fields, and reading form values.
enum AdminPageSupport {
    /// The site in the path if the caller may work on it; 404 otherwise (no hint that it exists).
    static func site(_ request: Request, _ context: RequestContext, access: SiteAccess) throws -> LearningSite {
        try context.read { db in try AdminAPI.site(request, context, access: access, in: db) }
    }

    static func base(_ site: LearningSite, _ context: RequestContext) -> String {
        context.pageURL("/learning-sites/admin/sites/\(site.id)")
    }

    /// Links to the site's admin pages, the current one marked.
    static func navigation(_ site: LearningSite, current: String, strings: LearningSitesStrings, context: RequestContext) -> HTML {
        let base = base(site, context)
        var links: [(String, String, String)] = [
            ("details", base, strings.adminDetails), ("hours", base + "/hours", strings.adminHours),
            ("consultation-hours", base + "/consultation-hours", strings.adminConsultationHours),
            ("helpers", base + "/helpers", strings.adminHelpers),
        ]
        if site.kind == .mobile { links.insert(("tour", base + "/tour", strings.adminTour), at: 2) }
        links.append(("day", base + "/day", strings.adminDay))
        return element("nav", ["aria-label": strings.adminSiteNavigation]) {
            element("ul", ["class": "admin-links"]) {
                for (key, url, title) in links {
                    element("li") { element("a", ["href": url, "aria-current": key == current ? "page" : nil]) { title } }
                }
                element("li") { element("a", ["href": context.pageURL(site.path)]) { strings.adminPublicPage } }
            }
        }
    }

    /// The form field an input problem belongs to (`names.de` → `name`, `topics[2]` → `topics`).
    static func field(_ problemField: String) -> String {
        if problemField.hasPrefix("names") { return "name" }
        if problemField.hasPrefix("descriptions") { return "description" }
        if let bracket = problemField.firstIndex(of: "[") { return String(problemField[..<bracket]) }
        return problemField
    }

    static func add(_ problem: InputProblem, to state: inout FormState, strings: LearningSitesStrings) {
        state.addError(SitePresentation.problem(problem, strings), field: field(problem.field))
    }

    /// `de, ar  fa` → `["de", "ar", "fa"]`.
    static func codes(_ text: String?) -> [String] {
        (text ?? "").split(whereSeparator: { $0 == "," || $0 == " " || $0 == ";" }).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// `09:00-13:00, 14:00–18:00` → intervals; nil when a part is not `HH:MM-HH:MM`.
    static func ranges(_ text: String) -> [(opens: String, closes: String)]? {
        var result: [(opens: String, closes: String)] = []
        for part in text.split(separator: ",") {
            let bounds = part.split(whereSeparator: { $0 == "-" || $0 == "–" || $0 == "—" }).map { $0.trimmingCharacters(in: .whitespaces) }
            guard bounds.count == 2 else { return nil }
            result.append((bounds[0], bounds[1]))
        }
        return result
    }

    static func number(_ text: String?) -> Double? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        return Double(text.replacingOccurrences(of: ",", with: "."))
    }

    /// A failure of a staff form's action: input problems beside their fields, anything else the
    /// caller can fix (a conflict) as a notice at the top.
    static func outcome(
        _ strings: LearningSitesStrings, state: inout FormState, _ body: () throws -> Void
    ) throws -> [Notice] {
        do {
            try body()
            return []
        } catch let problem as InputProblem {
            add(problem, to: &state, strings: strings)
            return []
        } catch let conflict as StaffConflict {
            return [Notice(.error, SitePresentation.conflict(conflict, strings))]
        }
    }
}
