import Foundation
import HTTP
import Web

/// The signed-in person's account page: details and language, password, where they are
/// signed in, API tokens for this region, and their data (download, delete). Every form posts
/// to its own route and comes back here.
enum AccountPages {
    static let routes: [Route] = [
        .page(.get, "/account", access: .public, summary: "The signed-in person's account", handler: show),
        .page(.post, "/account", access: .public, summary: "Change name and language", handler: updateProfile),
        .page(.post, "/account/password", access: .public, summary: "Change the password", handler: changePassword),
        .page(.post, "/account/sessions/{id}/end", access: .public, summary: "Sign out one browser", handler: endSession),
        .page(.post, "/account/sessions/end-all", access: .public, summary: "Sign out everywhere", handler: endAllSessions),
        .page(.post, "/account/tokens", access: .public, summary: "Create an API token", handler: createToken),
        .page(.post, "/account/tokens/{id}/revoke", access: .public, summary: "Revoke an API token", handler: revokeToken),
        .page(.get, "/account/export", access: .public, summary: "Download everything held on the signed-in person (JSON)", handler: export),
        .page(.post, "/account/erase", access: .public, summary: "Delete the account and erase the person's data", handler: erase),
    ]

    /// Which form of the page a rejected submission belongs to, so that only it shows errors.
    enum Section { case none, profile, password, token, erase }

    static func page(
        _ request: Request, _ context: RequestContext, account: Account, section: Section = .none, state: FormState = FormState(),
        status: Status = .ok, notices: [Notice] = []
    ) throws -> Response {
        let strings = IdentityPages.strings(context)
        var current: Int64?
        if case .session(let id, _) = context.principal.credential { current = id }
        let accounts = context.services.accounts
        let (sessions, tokens) = try context.services.storage.read(.global) { db in
            (try Sessions.list(of: account.id, current: current, settings: accounts.settings, now: context.now, in: db),
             try APITokens.list(account: account.id, region: context.region.id, in: db))
        }
        let notices = notices + [Notice].from(request, [
            "saved": strings.identityAccountSaved, "password-changed": strings.identityAccountPasswordChanged,
            "session-ended": strings.identityAccountSessionEnded, "token-revoked": strings.identityAccountTokenRevoked,
        ])
        func formState(for form: Section, values: [String: String]) -> FormState { section == form ? state : FormState(values: values) }
        let actions = context.services.accounts.declarations.filter { context.principal.holds($0.name) }
        return context.page(title: strings.identityAccountTitle, status: status, notices: notices) { page in
            element("h2") { strings.identityAccountRoles }
            if context.principal.roles.isEmpty {
                element("p") { strings.identityAccountNoRoles }
            } else {
                element("ul") {
                    for role in context.principal.roles.sorted(by: { $0.rawValue < $1.rawValue }) {
                        element("li") { IdentityPages.roleName(role, strings) }
                    }
                }
            }

            element("h2") { strings.identityAccountProfile }
            Form(action: context.pageURL("/account"), state: formState(for: .profile, values: [
                "display_name": account.displayName, "language": account.language ?? context.language,
            ]), in: page) { form in
                form.text("display_name", label: strings.identityFieldDisplayName, hint: strings.identityFieldDisplayNameHint, required: true, autocomplete: "name")
                DefinitionList([(term: strings.identityFieldEmail, details: account.email)]).html
                form.select("language", label: strings.identityFieldLanguage, options: SignInPages.languageChoices(context))
                form.submit(strings.identityAccountSave)
            }.html

            element("h2") { strings.identityAccountPassword }
            Form(action: context.pageURL("/account/password"), state: formState(for: .password, values: [:]), in: page) { form in
                form.input(.password, "current_password", label: strings.identityFieldCurrentPassword, required: true, autocomplete: "current-password")
                form.input(.password, "new_password", label: strings.identityFieldNewPassword, hint: strings.identityFieldNewPasswordHint, required: true, autocomplete: "new-password")
                form.submit(strings.identityAccountPassword)
            }.html

            element("h2") { strings.identityAccountSessions }
            element("ul", ["class": "sessions"]) {
                for session in sessions {
                    element("li") {
                        element("strong") { session.current ? strings.identityAccountSessionCurrent : strings.identityAccountSessionOther }
                        " — " + strings.identityAccountSessionSince(
                            date: IdentityPages.format(session.createdAt, context), lastUsed: IdentityPages.format(session.lastSeenAt, context))
                        element("br")
                        element("small", ["dir": "auto"]) { session.userAgent.isEmpty ? session.clientAddress : "\(session.userAgent) (\(session.clientAddress))" }
                        if !session.current {
                            Form(action: context.pageURL("/account/sessions/\(session.id)/end"), in: page) { form in
                                form.submit(strings.identityAccountSessionEnd, secondary: true)
                            }.html
                        }
                    }
                }
            }
            Form(action: context.pageURL("/account/sessions/end-all"), in: page) { form in
                form.submit(strings.identityAccountSessionEndAll, secondary: true)
            }.html

            element("h2") { strings.identityAccountTokens }
            element("p") { strings.identityAccountTokensIntro }
            if tokens.isEmpty {
                element("p") { strings.identityAccountTokensNone }
            } else {
                element("ul", ["class": "tokens"]) {
                    for token in tokens {
                        element("li") {
                            element("strong", ["dir": "auto"]) { token.name }
                            " — " + token.actions.joined(separator: ", ") + " — "
                                + (token.revokedAt == nil ? strings.identityAccountTokenState(date: IdentityPages.format(token.expiresAt, context)) : strings.identityAccountTokenStateRevoked)
                            if token.revokedAt == nil {
                                Form(action: context.pageURL("/account/tokens/\(token.id)/revoke"), in: page) { form in
                                    form.submit(strings.identityAccountTokenRevoke, secondary: true)
                                }.html
                            }
                        }
                    }
                }
            }
            if !actions.isEmpty {
                Form(action: context.pageURL("/account/tokens"), state: formState(for: .token, values: ["expires_in_days": String(APITokens.defaultLifetimeDays)]), in: page) { form in
                    form.text("name", label: strings.identityAccountTokenName, required: true)
                    form.checkboxes("actions", legend: strings.identityAccountTokenActions, options: actions.map { Choice($0.name, "\($0.summary) (\($0.name))") }, required: true)
                    form.number("expires_in_days", label: strings.identityAccountTokenDays, required: true)
                    form.submit(strings.identityAccountTokenCreate)
                }.html
            }

            element("h2") { strings.identityAccountData }
            element("p") { element("a", ["href": context.pageURL("/account/export"), "download": "teilhabe-data.json"]) { strings.identityAccountExport } }
            element("h3") { strings.identityAccountDelete }
            element("p") { strings.identityAccountDeleteText }
            Form(action: context.pageURL("/account/erase"), state: formState(for: .erase, values: [:]), in: page) { form in
                form.input(.password, "password", label: strings.identityFieldCurrentPassword, required: true, autocomplete: "current-password")
                form.submit(strings.identityAccountDeleteSubmit)
            }.html
        }
    }

    @Sendable static func show(_ request: Request, _ context: RequestContext) throws -> Response {
        try page(request, context, account: try IdentityPages.signedInAccount(request, context))
    }

    @Sendable static func updateProfile(_ request: Request, _ context: RequestContext) throws -> Response {
        let account = try IdentityPages.signedInAccount(request, context)
        var checks = FormChecks(try request.formData(), strings: IdentityPages.strings(context))
        let name = checks.displayName("display_name")
        let language = checks.language("language", in: context.region)
        guard let name, !checks.hasErrors else {
            return try page(request, context, account: account, section: .profile, state: checks.state, status: .unprocessableContent)
        }
        try context.services.storage.write(.global) { db in
            try Accounts.updateProfile(id: account.id, displayName: name, language: language, in: db)
        }
        // The page comes back in the language the person chose.
        let home = "/\(context.region.id)/\(language ?? context.language)/account?notice=saved"
        return .redirect(to: home)
    }

    @Sendable static func changePassword(_ request: Request, _ context: RequestContext) throws -> Response {
        let account = try IdentityPages.signedInAccount(request, context)
        let strings = IdentityPages.strings(context)
        var checks = FormChecks(try request.formData(), strings: strings)
        let current = checks.password("current_password")
        let new = checks.newPassword("new_password", email: account.email)
        guard let current, let new, !checks.hasErrors else {
            return try page(request, context, account: account, section: .password, state: checks.state, status: .unprocessableContent)
        }
        let cookie: String
        do {
            cookie = try AccountChanges.changePassword(
                of: account, current: current, new: new, fields: ("current_password", "new_password"), request: request, context: context)
        } catch let error as HTTPError where error.field == "current_password" || error.status == .tooManyRequests {
            checks.fail("current_password", error.status == .tooManyRequests ? strings.identitySignInThrottled : strings.identityAccountWrongPassword)
            return try page(request, context, account: account, section: .password, state: checks.state, status: .unprocessableContent)
        }
        var response = IdentityPages.redirect(context, to: "/account", notice: "password-changed")
        response.headers.add("Set-Cookie", cookie)
        return response
    }

    @Sendable static func endSession(_ request: Request, _ context: RequestContext) throws -> Response {
        let account = try IdentityPages.signedInAccount(request, context)
        let session = try context.idParameter(request)
        guard try context.services.storage.write(.global, { db in try Sessions.end(session, of: account.id, in: db) }) else {
            throw HTTPError.notFound()
        }
        return IdentityPages.redirect(context, to: "/account", notice: "session-ended")
    }

    @Sendable static func endAllSessions(_ request: Request, _ context: RequestContext) throws -> Response {
        let account = try IdentityPages.signedInAccount(request, context)
        try context.services.storage.write(.global) { db in try Sessions.endAll(of: account.id, in: db) }
        var response = IdentityPages.redirect(context, to: "/sign-in", notice: "signed-out")
        response.headers.add("Set-Cookie", try context.services.accounts.signOut(.anonymous))
        return response
    }

    @Sendable static func createToken(_ request: Request, _ context: RequestContext) throws -> Response {
        let account = try IdentityPages.signedInAccount(request, context)
        let strings = IdentityPages.strings(context)
        var checks = FormChecks(try request.formData(), strings: strings)
        let name = checks.text("name", maximum: 100, required: true)
        let actions = checks.form.values("actions")
        if actions.isEmpty { checks.fail("actions", strings.identityErrorChooseAction) }
        let days = checks.integer("expires_in_days", in: 1...APITokens.maxLifetimeDays)
        guard let name, let days, !checks.hasErrors else {
            return try page(request, context, account: account, section: .token, state: checks.state, status: .unprocessableContent)
        }
        let created: (secret: String, token: APITokenSummary)
        do {
            created = try context.write { db in
                try APITokens.create(
                    account: account.id, region: context.region.id, name: name, actions: actions, lifetimeDays: days,
                    holderActions: context.principal.actions, now: context.now, in: db)
            }
        } catch let error as HTTPError where error.field != nil {
            try checks.absorb(error)
            return try page(request, context, account: account, section: .token, state: checks.state, status: .unprocessableContent)
        }
        // The secret is shown this once, on this response; reloading does not post again.
        var response = try page(request, context, account: account, notices: [Notice(.success, "\(strings.identityAccountTokenCreated) \(created.secret)")])
        response.headers["Cache-Control"] = "no-store"
        return response
    }

    @Sendable static func revokeToken(_ request: Request, _ context: RequestContext) throws -> Response {
        let account = try IdentityPages.signedInAccount(request, context)
        let token = try context.idParameter(request)
        guard try context.write({ db in try APITokens.revoke(token, account: account.id, region: context.region.id, now: context.now, in: db) }) else {
            throw HTTPError.notFound()
        }
        return IdentityPages.redirect(context, to: "/account", notice: "token-revoked")
    }

    @Sendable static func export(_ request: Request, _ context: RequestContext) throws -> Response {
        let account = try IdentityPages.signedInAccount(request, context)
        var response = Response.json(try context.services.privacy.export(try EmailAddress(account.email)).encoded())
        response.headers["Content-Disposition"] = "attachment; filename=\"teilhabe-data.json\""
        response.headers["Cache-Control"] = "no-store"
        return response
    }

    @Sendable static func erase(_ request: Request, _ context: RequestContext) throws -> Response {
        let account = try IdentityPages.signedInAccount(request, context)
        let strings = IdentityPages.strings(context)
        var checks = FormChecks(try request.formData(), strings: strings)
        guard let password = checks.password("password") else {
            return try page(request, context, account: account, section: .erase, state: checks.state, status: .unprocessableContent)
        }
        do {
            _ = try AccountChanges.erase(account, password: password, field: "password", context: context)
        } catch let error as HTTPError where error.field == "password" || error.status == .tooManyRequests {
            checks.fail("password", error.status == .tooManyRequests ? strings.identitySignInThrottled : strings.identityAccountWrongPassword)
            return try page(request, context, account: account, section: .erase, state: checks.state, status: .unprocessableContent)
        }
        var response = IdentityPages.redirect(context, to: "/sign-in", notice: "deleted")
        response.headers.add("Set-Cookie", try context.services.accounts.signOut(.anonymous))
        return response
    }
}
