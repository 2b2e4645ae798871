import Foundation
import HTTP
import Web

/// What the identity pages share: the account links in the header, the reader's strings,
/// localized field errors, and the checks a page makes before it shows anything.
enum IdentityPages {
    static var routes: [Route] { SignInPages.routes + AccountPages.routes + AdminPages.routes }

    /// Sign in (and register, where the region allows it) for the anonymous; my account,
    /// administration and sign-out for the signed-in.
    static func addAccountLinks(to page: inout PageContext, context: RequestContext) {
        let strings = KernelStrings(languages: context.languages)
        let path = context.requestTarget.split(separator: "?", maxSplits: 1).first.map(String.init) ?? ""
        func link(_ title: String, _ target: String) -> PageLink {
            let url = context.pageURL(target)
            return PageLink(title: title, url: url, isCurrent: path == url || path.hasPrefix(url + "/"))
        }
        guard context.principal.isSignedIn else {
            page.accountLinks = [link(strings.identityLinkSignIn, "/sign-in")]
            if context.region.allowsSelfRegistration { page.accountLinks.append(link(strings.identityLinkRegister, "/register")) }
            return
        }
        page.accountLinks = [link(strings.identityLinkAccount, "/account")]
        if let administration = AdminPages.sections(for: context).first {
            page.accountLinks.append(PageLink(
                title: strings.identityLinkAdministration, url: context.pageURL(administration.path),
                isCurrent: path.hasPrefix(context.pageURL("/admin"))))
        }
        page.signOutURL = context.pageURL("/sign-out")
    }

    static func strings(_ context: RequestContext) -> KernelStrings { KernelStrings(languages: context.languages) }

    /// The signed-in account for a page; the anonymous are sent to sign in first.
    static func signedInAccount(_ request: Request, _ context: RequestContext) throws -> Account {
        guard let id = context.principal.accountID,
              let account = try context.services.storage.read(.global, { db in try Accounts.find(id: id, in: db) }) else {
            throw signInFirst(request, context)
        }
        return account
    }

    static func signInFirst(_ request: Request, _ context: RequestContext) -> HTTPError {
        HTTPError(.seeOther, "Sign in first", headers: ["Location": context.pageURL("/sign-in?next=\(PercentDecoding.encode(request.target))")])
    }

    /// `next` when it is a page of this site (a path, not `//host` or a scheme); else nil.
    static func safeNext(_ next: String?) -> String? {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\"),
              !next.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }), next.count <= 2000 else { return nil }
        return next
    }

    /// A 303 to `path` in this region, with `notice` for the page to show.
    static func redirect(_ context: RequestContext, to path: String, notice: String? = nil) -> Response {
        guard let notice else { return .redirect(to: context.pageURL(path)) }
        return .redirect(to: context.pageURL(path) + (path.contains("?") ? "&" : "?") + "notice=\(notice)")
    }

    /// A date and time in the region's zone, `2026-11-22 18:30`.
    static func format(_ date: Date, _ context: RequestContext) -> String {
        LocalTime.display(date, in: context.region.timeZone)
    }

    static func roleName(_ role: Role, _ strings: KernelStrings) -> String {
        strings.localizer.text("identity.role.\(role.rawValue)")
    }

    static func kindName(_ kind: OrganisationKind, _ strings: KernelStrings) -> String {
        strings.localizer.text("identity.organisation.kind.\(kind.rawValue)")
    }

    /// The roles a region admin hands out (operators are made on the command line).
    static let regionRoles: [Role] = [.regionAdmin, .organisationAdmin, .staff, .volunteer, .participant]
}

/// Reads and checks form fields, recording localized errors in the form's state.
struct FormChecks {
    let form: FormData
    var state: FormState
    let strings: KernelStrings

    init(_ form: FormData, strings: KernelStrings) {
        self.form = form
        state = FormState(form)
        self.strings = strings
    }

    var hasErrors: Bool { state.hasErrors }

    mutating func fail(_ field: String, _ message: String) {
        state.addError(message, field: field)
    }

    mutating func email(_ name: String) -> EmailAddress? {
        do {
            return try EmailAddress(form[name] ?? "")
        } catch {
            let message = switch error {
            case .empty: strings.identityErrorEmailEmpty
            case .tooLong: strings.identityErrorEmailTooLong
            case .malformed: strings.identityErrorEmailMalformed
            }
            fail(name, message)
            return nil
        }
    }

    mutating func newPassword(_ name: String, email: String?) -> String? {
        let password = form[name] ?? ""
        guard let problem = PasswordPolicy.problem(with: password, email: email) else { return password }
        let message = switch problem {
        case .tooShort: password.isEmpty ? strings.identityErrorPasswordEmpty : strings.identityErrorPasswordShort(minimum: String(PasswordPolicy.minimumLength))
        case .tooLong: strings.identityErrorPasswordLong(maximum: String(PasswordPolicy.maximumLength))
        case .common: strings.identityErrorPasswordCommon
        case .repetitive: strings.identityErrorPasswordRepetitive
        case .isEmailAddress: strings.identityErrorPasswordIsEmail
        }
        fail(name, message)
        return nil
    }

    mutating func password(_ name: String) -> String? {
        let password = form[name] ?? ""
        if password.isEmpty {
            fail(name, strings.identityErrorPasswordEmpty)
            return nil
        }
        return password
    }

    mutating func displayName(_ name: String) -> String? {
        let value = (form[name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard let problem = DisplayNameProblem.check(value) else { return value }
        let message = switch problem {
        case .empty: strings.identityErrorNameEmpty
        case .tooLong: strings.identityErrorTooLong(maximum: String(Accounts.maxDisplayNameLength))
        case .controlCharacters: strings.identityErrorControlCharacters
        }
        fail(name, message)
        return nil
    }

    mutating func language(_ name: String, in region: Region) -> String? {
        guard let code = form[name], !code.isEmpty else { return nil }
        guard region.speaks(code) else {
            fail(name, strings.identityErrorCheck)
            return nil
        }
        return code
    }

    /// An optional text field of at most `maximum` characters.
    mutating func text(_ name: String, maximum: Int, required: Bool = false) -> String? {
        let value = (form[name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if value.isEmpty {
            if required { fail(name, strings.identityErrorRequired) }
            return nil
        }
        if value.count > maximum {
            fail(name, strings.identityErrorTooLong(maximum: String(maximum)))
            return nil
        }
        return value
    }

    mutating func integer(_ name: String, in range: ClosedRange<Int>) -> Int? {
        guard let value = Int((form[name] ?? "").trimmingCharacters(in: .whitespaces)), range.contains(value) else {
            fail(name, strings.identityErrorNumber(minimum: String(range.lowerBound), maximum: String(range.upperBound)))
            return nil
        }
        return value
    }

    /// Maps an `HTTPError` naming a field (from the shared validation) onto that field.
    mutating func absorb(_ error: HTTPError) throws {
        guard let field = error.field else { throw error }
        fail(field, strings.identityErrorCheck)
    }
}

extension Array where Element == Notice {
    /// The notice a redirect asked for with `?notice=`, looked up among `known`.
    static func from(_ request: Request, _ known: [String: String]) -> [Notice] {
        guard let key = request.queryValue("notice"), let text = known[key] else { return [] }
        return [Notice(.success, text)]
    }
}
