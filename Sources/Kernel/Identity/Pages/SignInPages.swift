import Foundation
import HTTP
import Web

/// The pages before and around signing in: sign in, sign out, register, confirm the
/// address, forgot password, set a new password.
enum SignInPages {
    static let routes: [Route] = [
        .page(.get, "/sign-in", access: .public, summary: "The sign-in form", handler: signInForm),
        .page(.post, "/sign-in", access: .public, summary: "Sign in", handler: signIn),
        .page(.post, "/sign-out", access: .public, summary: "Sign out of this browser", handler: signOut),
        .page(.get, "/register", access: .public, summary: "The registration form (where the region allows it)", handler: registerForm),
        .page(.post, "/register", access: .public, summary: "Create an account", handler: register),
        .page(.get, "/confirm-email", access: .public, summary: "Confirm an e-mail address (the link from the mail)", handler: confirmForm),
        .page(.post, "/confirm-email", access: .public, summary: "Confirm an e-mail address", handler: confirm),
        .page(.get, "/confirm-email/again", access: .public, summary: "Ask for a new confirmation link", handler: resendForm),
        .page(.post, "/confirm-email/again", access: .public, summary: "Send a new confirmation link", handler: resend),
        .page(.get, "/reset-password", access: .public, summary: "Ask for a link to set a new password", handler: resetForm),
        .page(.post, "/reset-password", access: .public, summary: "Send a link to set a new password", handler: requestReset),
        .page(.get, "/new-password", access: .public, summary: "The form to set a new password (the link from the mail)", handler: newPasswordForm),
        .page(.post, "/new-password", access: .public, summary: "Set a new password", handler: setNewPassword),
    ]

    // MARK: Sign in and out

    @Sendable static func signInForm(_ request: Request, _ context: RequestContext) throws -> Response {
        if context.principal.isSignedIn { return .redirect(to: IdentityPages.safeNext(request.queryValue("next")) ?? context.pageURL("/account")) }
        let strings = IdentityPages.strings(context)
        let notices = [Notice].from(request, [
            "signed-out": strings.identitySignInSignedOut, "password-set": strings.identitySignInPasswordSet,
            "confirmed": strings.identitySignInConfirmed, "deleted": strings.identityAccountDeletedText,
        ])
        return signInPage(context, state: FormState(values: ["next": request.queryValue("next") ?? ""]), notices: notices)
    }

    static func signInPage(_ context: RequestContext, state: FormState, status: Status = .ok, notices: [Notice] = [], resend: Bool = false) -> Response {
        let strings = IdentityPages.strings(context)
        return context.page(title: strings.identitySignInTitle, status: status, notices: notices) { page in
            Form(action: context.pageURL("/sign-in"), state: state, in: page) { form in
                form.hidden("next", value: state.value("next") ?? "")
                form.email("email", label: strings.identityFieldEmail, required: true)
                form.input(.password, "password", label: strings.identityFieldPassword, required: true, autocomplete: "current-password")
                form.submit(strings.identitySignInSubmit)
            }.html
            element("p") { element("a", ["href": context.pageURL("/reset-password")]) { strings.identitySignInForgot } }
            if resend {
                element("p") { element("a", ["href": context.pageURL("/confirm-email/again")]) { strings.identityConfirmResendTitle } }
            }
            if context.region.allowsSelfRegistration {
                element("p") {
                    strings.identitySignInNoAccount + " "
                    element("a", ["href": context.pageURL("/register")]) { strings.identityLinkRegister }
                }
            }
        }
    }

    @Sendable static func signIn(_ request: Request, _ context: RequestContext) throws -> Response {
        let strings = IdentityPages.strings(context)
        var checks = FormChecks(try request.formData(), strings: strings)
        let email = checks.email("email")
        let password = checks.password("password")
        guard let email, let password, !checks.hasErrors else {
            return signInPage(context, state: checks.state, status: .unprocessableContent)
        }
        do {
            let result = try context.services.accounts.signIn(
                email: email.value, password: password, client: context.clientAddress,
                userAgent: request.headers["User-Agent"] ?? "", replacing: context.principal)
            var response = Response.redirect(to: IdentityPages.safeNext(checks.form["next"]) ?? context.pageURL("/"))
            response.headers.add("Set-Cookie", result.cookie)
            return response
        } catch let error as HTTPError {
            var state = checks.state
            var resend = false
            switch error.status {
            case .tooManyRequests: state.addError(strings.identitySignInThrottled, field: "password")
            case .forbidden where error.field == "email":
                state.addError(strings.identitySignInUnconfirmed, field: "email")
                resend = true
            case .forbidden: state.addError(strings.identitySignInDisabled, field: "email")
            default: state.addError(strings.identitySignInWrong, field: "password")
            }
            var response = signInPage(context, state: state, status: error.status == .tooManyRequests ? .tooManyRequests : .unprocessableContent, resend: resend)
            if let retry = error.headers["Retry-After"] { response.headers["Retry-After"] = retry }
            return response
        }
    }

    @Sendable static func signOut(_ request: Request, _ context: RequestContext) throws -> Response {
        var response = IdentityPages.redirect(context, to: "/sign-in", notice: "signed-out")
        response.headers.add("Set-Cookie", try context.services.accounts.signOut(context.principal))
        return response
    }

    // MARK: Registration and confirmation

    @Sendable static func registerForm(_ request: Request, _ context: RequestContext) throws -> Response {
        guard context.region.allowsSelfRegistration else { throw HTTPError.notFound() }
        if context.principal.isSignedIn { return .redirect(to: context.pageURL("/account")) }
        return registerPage(context, state: FormState(values: ["language": context.language]))
    }

    static func registerPage(_ context: RequestContext, state: FormState, status: Status = .ok) -> Response {
        let strings = IdentityPages.strings(context)
        return context.page(title: strings.identityRegisterTitle, status: status) { page in
            element("p") { strings.identityRegisterIntro }
            Form(action: context.pageURL("/register"), state: state, in: page) { form in
                form.text("display_name", label: strings.identityFieldDisplayName, hint: strings.identityFieldDisplayNameHint, required: true, autocomplete: "name")
                form.email("email", label: strings.identityFieldEmail, required: true)
                form.input(.password, "password", label: strings.identityFieldNewPassword, hint: strings.identityFieldNewPasswordHint, required: true, autocomplete: "new-password")
                form.select("language", label: strings.identityFieldLanguage, options: languageChoices(context))
                form.submit(strings.identityRegisterSubmit)
            }.html
        }
    }

    static func languageChoices(_ context: RequestContext) -> [Choice] {
        context.region.languageCodes.map { Choice($0, LanguageNames.autonym(of: $0)) }
    }

    @Sendable static func register(_ request: Request, _ context: RequestContext) throws -> Response {
        guard context.region.allowsSelfRegistration else { throw HTTPError.notFound() }
        let strings = IdentityPages.strings(context)
        var checks = FormChecks(try request.formData(), strings: strings)
        let name = checks.displayName("display_name")
        let email = checks.email("email")
        let password = checks.newPassword("password", email: email?.value)
        let language = checks.language("language", in: context.region)
        guard let name, let email, let password, !checks.hasErrors else {
            return registerPage(context, state: checks.state, status: .unprocessableContent)
        }
        try AccountFlows(context: context, mail: context.services.mail).register(
            .init(email: email.value, displayName: name, password: password, language: language))
        return context.page(title: strings.identityRegisterSentTitle) { _ in
            element("p") { strings.identityRegisterSentText(email: email.value) }
        }
    }

    @Sendable static func confirmForm(_ request: Request, _ context: RequestContext) throws -> Response {
        confirmPage(context, state: FormState(values: ["token": request.queryValue("token") ?? ""]))
    }

    static func confirmPage(_ context: RequestContext, state: FormState, status: Status = .ok) -> Response {
        let strings = IdentityPages.strings(context)
        return context.page(title: strings.identityConfirmTitle, status: status) { page in
            element("p") { strings.identityConfirmText }
            Form(action: context.pageURL("/confirm-email"), state: state, in: page) { form in
                form.hidden("token", value: state.value("token") ?? "")
                form.submit(strings.identityConfirmSubmit)
            }.html
            element("p") { element("a", ["href": context.pageURL("/confirm-email/again")]) { strings.identityConfirmResendTitle } }
        }
    }

    @Sendable static func confirm(_ request: Request, _ context: RequestContext) throws -> Response {
        let strings = IdentityPages.strings(context)
        let form = try request.formData()
        do {
            try AccountFlows(context: context, mail: context.services.mail).confirm(form["token"] ?? "")
        } catch let error as HTTPError where error.field == "token" {
            var state = FormState(form)
            state.addError(strings.identityTokenInvalid, field: "token")
            return confirmPage(context, state: state, status: .unprocessableContent)
        }
        return IdentityPages.redirect(context, to: "/sign-in", notice: "confirmed")
    }

    @Sendable static func resendForm(_ request: Request, _ context: RequestContext) throws -> Response {
        emailOnlyPage(context, title: IdentityPages.strings(context).identityConfirmResendTitle, path: "/confirm-email/again", state: FormState())
    }

    @Sendable static func resend(_ request: Request, _ context: RequestContext) throws -> Response {
        let strings = IdentityPages.strings(context)
        var checks = FormChecks(try request.formData(), strings: strings)
        guard let email = checks.email("email") else {
            return emailOnlyPage(context, title: strings.identityConfirmResendTitle, path: "/confirm-email/again", state: checks.state, status: .unprocessableContent)
        }
        try AccountFlows(context: context, mail: context.services.mail).resendConfirmation(email.value)
        return emailOnlyPage(context, title: strings.identityConfirmResendTitle, path: "/confirm-email/again", state: FormState(), notices: [Notice(.success, strings.identityConfirmResendSent)])
    }

    // MARK: Forgotten password

    static func emailOnlyPage(
        _ context: RequestContext, title: String, path: String, text: String? = nil, state: FormState, status: Status = .ok,
        notices: [Notice] = []
    ) -> Response {
        let strings = IdentityPages.strings(context)
        return context.page(title: title, status: status, notices: notices) { page in
            if let text { element("p") { text } }
            Form(action: context.pageURL(path), state: state, in: page) { form in
                form.email("email", label: strings.identityFieldEmail, required: true)
                form.submit(strings.identityResetSubmit)
            }.html
        }
    }

    @Sendable static func resetForm(_ request: Request, _ context: RequestContext) throws -> Response {
        let strings = IdentityPages.strings(context)
        return emailOnlyPage(context, title: strings.identityResetTitle, path: "/reset-password", text: strings.identityResetText, state: FormState())
    }

    @Sendable static func requestReset(_ request: Request, _ context: RequestContext) throws -> Response {
        let strings = IdentityPages.strings(context)
        var checks = FormChecks(try request.formData(), strings: strings)
        guard let email = checks.email("email") else {
            return emailOnlyPage(
                context, title: strings.identityResetTitle, path: "/reset-password", text: strings.identityResetText, state: checks.state,
                status: .unprocessableContent)
        }
        try AccountFlows(context: context, mail: context.services.mail).requestPasswordReset(email.value)
        return emailOnlyPage(
            context, title: strings.identityResetTitle, path: "/reset-password", text: strings.identityResetText, state: FormState(),
            notices: [Notice(.success, strings.identityResetSent)])
    }

    @Sendable static func newPasswordForm(_ request: Request, _ context: RequestContext) throws -> Response {
        let token = request.queryValue("token") ?? ""
        var state = FormState(values: ["token": token])
        var status = Status.ok
        do {
            _ = try context.services.storage.read(.global) { db in try AccountTokens.check(token, for: .passwordReset, now: context.now, in: db) }
        } catch let error as HTTPError where error.field == "token" {
            state.addError(IdentityPages.strings(context).identityTokenInvalid, field: "token")
            status = .unprocessableContent
        }
        return newPasswordPage(context, state: state, status: status)
    }

    static func newPasswordPage(_ context: RequestContext, state: FormState, status: Status = .ok) -> Response {
        let strings = IdentityPages.strings(context)
        return context.page(title: strings.identityNewPasswordTitle, status: status) { page in
            Form(action: context.pageURL("/new-password"), state: state, in: page) { form in
                form.hidden("token", value: state.value("token") ?? "")
                form.input(.password, "password", label: strings.identityFieldNewPassword, hint: strings.identityFieldNewPasswordHint, required: true, autocomplete: "new-password")
                form.submit(strings.identityNewPasswordSubmit)
            }.html
            if state.error(for: "token") != nil {
                element("p") { element("a", ["href": context.pageURL("/reset-password")]) { strings.identityResetTitle } }
            }
        }
    }

    @Sendable static func setNewPassword(_ request: Request, _ context: RequestContext) throws -> Response {
        let strings = IdentityPages.strings(context)
        let form = try request.formData()
        var checks = FormChecks(form, strings: strings)
        let token = form["token"] ?? ""
        // The policy's e-mail check needs the account; the flow checks it again with it.
        guard let password = checks.newPassword("password", email: nil) else {
            return newPasswordPage(context, state: checks.state, status: .unprocessableContent)
        }
        do {
            try AccountFlows(context: context, mail: context.services.mail).resetPassword(token: token, password: password, field: "password")
        } catch let error as HTTPError where error.field == "token" {
            checks.fail("token", strings.identityTokenInvalid)
            return newPasswordPage(context, state: checks.state, status: .unprocessableContent)
        } catch let error as HTTPError where error.field == "password" {
            checks.fail("password", strings.identityErrorPasswordIsEmail)
            return newPasswordPage(context, state: checks.state, status: .unprocessableContent)
        }
        return IdentityPages.redirect(context, to: "/sign-in", notice: "password-set")
    }
}
