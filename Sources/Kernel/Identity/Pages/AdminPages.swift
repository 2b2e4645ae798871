import Foundation
import HTTP
import Web

/// A region's administration pages: members and their roles, permissions, organisations and
/// the audit log. Each is guarded by its own action; the kernel has refused everyone else
/// before a handler runs, and every query here is scoped to the request's region.
enum AdminPages {
    static let routes: [Route] = [
        .page(.get, "/admin/members", access: .action(IdentityArea.manageMembers), summary: "Members of the region", handler: members),
        .page(.post, "/admin/members", access: .action(IdentityArea.manageMembers), summary: "Add a member", handler: addMember),
        .page(.get, "/admin/members/{id}", access: .action(IdentityArea.manageMembers), summary: "A member's roles", handler: member),
        .page(.post, "/admin/members/{id}", access: .action(IdentityArea.manageMembers), summary: "Change a member's roles", handler: saveRoles),
        .page(.post, "/admin/members/{id}/remove", access: .action(IdentityArea.manageMembers), summary: "Remove a member from the region", handler: removeMember),
        .page(.get, "/admin/permissions", access: .action(IdentityArea.managePermissions), summary: "Which roles hold which action", handler: permissions),
        .page(.post, "/admin/permissions", access: .action(IdentityArea.managePermissions), summary: "Change which roles hold which action", handler: savePermissions),
        .page(.get, "/admin/organisations", access: .action(IdentityArea.manageOrganisations), summary: "The region's organisations", handler: organisations),
        .page(.post, "/admin/organisations", access: .action(IdentityArea.manageOrganisations), summary: "Add an organisation", handler: addOrganisation),
        .page(.get, "/admin/organisations/{id}", access: .action(IdentityArea.manageOrganisations), summary: "Edit an organisation", handler: organisation),
        .page(.post, "/admin/organisations/{id}", access: .action(IdentityArea.manageOrganisations), summary: "Save an organisation", handler: saveOrganisation),
        .page(.post, "/admin/organisations/{id}/delete", access: .action(IdentityArea.manageOrganisations), summary: "Delete an organisation", handler: deleteOrganisation),
        .page(.get, "/admin/audit-log", access: .action(IdentityArea.readAuditLog), summary: "Administrative actions in the region", handler: auditLog),
    ]

    struct Section: Sendable {
        var path: String
        var action: String
        var title: @Sendable (KernelStrings) -> String
    }

    static let allSections = [
        Section(path: "/admin/members", action: IdentityArea.manageMembers, title: { $0.identityAdminMembersTitle }),
        Section(path: "/admin/organisations", action: IdentityArea.manageOrganisations, title: { $0.identityAdminOrganisationsTitle }),
        Section(path: "/admin/permissions", action: IdentityArea.managePermissions, title: { $0.identityAdminPermissionsTitle }),
        Section(path: "/admin/audit-log", action: IdentityArea.readAuditLog, title: { $0.identityAdminAuditTitle }),
        Section(path: "/admin/outbox", action: MailArea.readOutbox, title: { $0.outboxTitle }),
        Section(path: "/admin/reports", action: ReportingService.readReports, title: { $0.reportProjectsTitle }),
        Section(path: "/admin/indicators", action: ReportingService.readReports, title: { $0.reportIndicatorsTitle }),
    ]

    /// The administration pages the principal may use, in order.
    static func sections(for context: RequestContext) -> [Section] {
        allSections.filter { context.principal.holds($0.action) }
    }

    /// The links between the administration pages.
    static func navigation(_ context: RequestContext, _ strings: KernelStrings) -> HTML {
        let path = context.requestTarget.split(separator: "?", maxSplits: 1).first.map(String.init) ?? ""
        return element("nav", ["class": "admin", "aria-label": strings.identityLinkAdministration]) {
            element("ul") {
                for section in sections(for: context) {
                    let url = context.pageURL(section.path)
                    element("li") {
                        element("a", ["href": url, "aria-current": path.hasPrefix(url) ? "page" : nil]) { section.title(strings) }
                    }
                }
            }
        }
    }

    // MARK: Members

    static func membersPage(_ request: Request, _ context: RequestContext, state: FormState = FormState(), status: Status = .ok) throws -> Response {
        let strings = IdentityPages.strings(context)
        let (members, organisations) = try context.read { db in
            (try Memberships.members(of: context.region.id, db: db), try Organisations.list(in: context.region.id, publicOnly: false, db: db))
        }
        let notices = [Notice].from(request, ["added": strings.identityAdminMembersAdded, "removed": strings.identityAdminMembersRemoved])
        return context.page(title: strings.identityAdminMembersTitle, status: status, notices: notices) { page in
            navigation(context, strings)
            if members.isEmpty {
                element("p") { strings.identityAdminMembersNone }
            } else {
                Table(caption: strings.identityAdminMembersTitle, columns: [strings.identityFieldDisplayName, strings.identityFieldEmail, strings.identityAdminMembersRoles, ""],
                      rows: members.map { member -> [HTML] in
                          [
                              element("span", ["dir": "auto"]) { member.displayName + (member.disabled ? " (\(strings.identityAdminMembersDisabled))" : "") },
                              element("span") { member.email },
                              element("span") { describe(member.memberships, organisations, strings) },
                              element("a", ["href": context.pageURL("/admin/members/\(member.accountID)")]) { strings.identityAdminMembersEdit },
                          ]
                      }).html
            }
            element("h2") { strings.identityAdminMembersAdd }
            element("p") { strings.identityAdminMembersAddHint }
            Form(action: context.pageURL("/admin/members"), state: state, in: page) { form in
                form.email("email", label: strings.identityFieldEmail, required: true)
                form.text("display_name", label: strings.identityFieldDisplayName, autocomplete: "off")
                form.checkboxes("roles", legend: strings.identityAdminMembersRoles, options: roleChoices(strings), required: true)
                form.submit(strings.identityAdminMembersAdd)
            }.html
        }
    }

    static func roleChoices(_ strings: KernelStrings) -> [Choice] {
        IdentityPages.regionRoles.map { Choice($0.rawValue, IdentityPages.roleName($0, strings)) }
    }

    static func describe(_ memberships: [Membership], _ organisations: [Organisation], _ strings: KernelStrings) -> String {
        memberships.map { membership in
            let role = IdentityPages.roleName(membership.role, strings)
            guard let id = membership.organisationID else { return role }
            return "\(role) (\(organisations.first { $0.id == id }?.name ?? "#\(id)"))"
        }.joined(separator: ", ")
    }

    @Sendable static func members(_ request: Request, _ context: RequestContext) throws -> Response {
        try membersPage(request, context)
    }

    /// The roles a roles form asks for; region-wide ones and organisation admin per organisation.
    static func memberships(from form: FormData, checks: inout FormChecks) -> Set<Membership> {
        var result: Set<Membership> = []
        for value in form.values("roles") {
            guard let role = Role(rawValue: value), IdentityPages.regionRoles.contains(role) else {
                checks.fail("roles", checks.strings.identityErrorCheck)
                continue
            }
            result.insert(Membership(role: role))
        }
        for value in form.values("organisations") {
            guard let id = Int64(value) else {
                checks.fail("organisations", checks.strings.identityErrorCheck)
                continue
            }
            result.insert(Membership(role: .organisationAdmin, organisationID: id))
        }
        return result
    }

    @Sendable static func addMember(_ request: Request, _ context: RequestContext) throws -> Response {
        let strings = IdentityPages.strings(context)
        var checks = FormChecks(try request.formData(), strings: strings)
        let email = checks.email("email")
        let name = checks.text("display_name", maximum: Accounts.maxDisplayNameLength)
        let roles = memberships(from: checks.form, checks: &checks)
        if roles.isEmpty { checks.fail("roles", strings.identityAdminMembersChooseRole) }
        guard let email, !checks.hasErrors else { return try membersPage(request, context, state: checks.state, status: .unprocessableContent) }
        do {
            _ = try Administration.addMember(email: email, displayName: name, roles: roles, context: context)
        } catch let error as HTTPError where error.status == .conflict {
            checks.fail("email", strings.identityAdminMembersExists)
            return try membersPage(request, context, state: checks.state, status: .conflict)
        }
        return IdentityPages.redirect(context, to: "/admin/members", notice: "added")
    }

    static func memberPage(_ request: Request, _ context: RequestContext, account: Int64, state: FormState? = nil, status: Status = .ok) throws -> Response {
        let strings = IdentityPages.strings(context)
        let (member, organisations) = try context.read { db in
            (try Memberships.members(of: context.region.id, db: db).first { $0.accountID == account },
             try Organisations.list(in: context.region.id, publicOnly: false, db: db))
        }
        guard let member else { throw HTTPError.notFound() }
        let current = state ?? FormState(submitted:
            member.memberships.filter { $0.organisationID == nil }.map { ("roles", $0.role.rawValue) }
                + member.memberships.compactMap { $0.organisationID.map { ("organisations", String($0)) } })
        let notices = [Notice].from(request, ["saved": strings.identityAdminMembersSaved])
        return context.page(title: member.displayName, status: status, notices: notices) { page in
            navigation(context, strings)
            DefinitionList([(term: strings.identityFieldEmail, details: member.email)]).html
            element("h2") { strings.identityAdminMembersEdit }
            Form(action: context.pageURL("/admin/members/\(account)"), state: current, in: page) { form in
                form.checkboxes("roles", legend: strings.identityAdminMembersRoles, options: roleChoices(strings))
                if !organisations.isEmpty {
                    form.checkboxes(
                        "organisations", legend: IdentityPages.roleName(.organisationAdmin, strings),
                        options: organisations.map { Choice(String($0.id), $0.name) })
                }
                form.submit(strings.identityAdminMembersSave)
            }.html
            Form(action: context.pageURL("/admin/members/\(account)/remove"), in: page) { form in
                form.submit(strings.identityAdminMembersRemove, secondary: true)
            }.html
        }
    }

    @Sendable static func member(_ request: Request, _ context: RequestContext) throws -> Response {
        try memberPage(request, context, account: try context.idParameter(request))
    }

    @Sendable static func saveRoles(_ request: Request, _ context: RequestContext) throws -> Response {
        let account = try context.idParameter(request)
        let strings = IdentityPages.strings(context)
        var checks = FormChecks(try request.formData(), strings: strings)
        let roles = memberships(from: checks.form, checks: &checks)
        if roles.isEmpty { checks.fail("roles", strings.identityAdminMembersChooseRole) }
        guard !checks.hasErrors else { return try memberPage(request, context, account: account, state: checks.state, status: .unprocessableContent) }
        do {
            try Administration.setRoles(of: account, to: roles, context: context)
        } catch let error as HTTPError where error.field == "roles" {
            checks.fail("roles", error.message.contains("region admin") ? strings.identityAdminMembersLastAdmin : strings.identityErrorCheck)
            return try memberPage(request, context, account: account, state: checks.state, status: .unprocessableContent)
        }
        return IdentityPages.redirect(context, to: "/admin/members/\(account)", notice: "saved")
    }

    @Sendable static func removeMember(_ request: Request, _ context: RequestContext) throws -> Response {
        let account = try context.idParameter(request)
        do {
            try Administration.setRoles(of: account, to: [], context: context)
        } catch let error as HTTPError where error.field == "roles" {
            let strings = IdentityPages.strings(context)
            var state = FormState()
            state.addError(strings.identityAdminMembersLastAdmin, field: "roles")
            return try memberPage(request, context, account: account, state: state, status: .unprocessableContent)
        }
        return IdentityPages.redirect(context, to: "/admin/members", notice: "removed")
    }

    // MARK: Permissions

    static func ruleField(_ action: String, _ role: Role) -> String { "rule:\(action):\(role.rawValue)" }

    static func permissionsPage(_ request: Request, _ context: RequestContext, state: FormState? = nil, status: Status = .ok) throws -> Response {
        let strings = IdentityPages.strings(context)
        let rules = try context.read { db in try Permissions.rules(region: context.region.id, in: db) }
        let declarations = context.services.accounts.declarations.sorted { $0.name < $1.name }
        var values: [String: String] = [:]
        for rule in rules { values[ruleField(rule.action, rule.role)] = rule.effect.rawValue }
        let choices = [
            Choice("default", strings.identityAdminPermissionsDefault), Choice("grant", strings.identityAdminPermissionsGrant),
            Choice("deny", strings.identityAdminPermissionsDeny),
        ]
        let notices = [Notice].from(request, ["saved": strings.identityAdminPermissionsSaved])
        return context.page(title: strings.identityAdminPermissionsTitle, status: status, notices: notices) { page in
            navigation(context, strings)
            element("p") { strings.identityAdminPermissionsIntro }
            element("p") { strings.identityAdminPermissionsLocked }
            Form(action: context.pageURL("/admin/permissions"), state: state ?? FormState(values: values), in: page) { form in
                for declaration in declarations {
                    element("h2") { declaration.summary }
                    element("p") {
                        element("code") { declaration.name }
                        " — " + Permissions.holders(of: declaration, rules: rules).sorted { $0.rawValue < $1.rawValue }
                            .map { IdentityPages.roleName($0, strings) }.joined(separator: ", ")
                    }
                    for role in IdentityPages.regionRoles {
                        form.select(ruleField(declaration.name, role), label: IdentityPages.roleName(role, strings), options: choices)
                    }
                }
                form.submit(strings.identityAdminPermissionsSave)
            }.html
        }
    }

    @Sendable static func permissions(_ request: Request, _ context: RequestContext) throws -> Response {
        try permissionsPage(request, context)
    }

    @Sendable static func savePermissions(_ request: Request, _ context: RequestContext) throws -> Response {
        let strings = IdentityPages.strings(context)
        let form = try request.formData()
        var state = FormState(form)
        let declarations = context.services.accounts.declarations
        var wanted: [(action: String, role: Role, effect: PermissionRule.Effect?)] = []
        for declaration in declarations {
            for role in IdentityPages.regionRoles {
                let field = ruleField(declaration.name, role)
                switch form[field] ?? "default" {
                case "default": wanted.append((declaration.name, role, nil))
                case "grant": wanted.append((declaration.name, role, .grant))
                case "deny":
                    if role == .regionAdmin, Permissions.undeniableForRegionAdmins.contains(declaration.name) {
                        state.addError(strings.identityAdminPermissionsLocked, field: field)
                    }
                    wanted.append((declaration.name, role, .deny))
                default: state.addError(strings.identityErrorCheck, field: field)
                }
            }
        }
        guard !state.hasErrors else { return try permissionsPage(request, context, state: state, status: .unprocessableContent) }
        let region = context.region.id
        try context.write { db in
            let current = Dictionary(uniqueKeysWithValues: try Permissions.rules(region: region, in: db).map { ("\($0.action)|\($0.role.rawValue)", $0.effect) })
            for change in wanted where current["\(change.action)|\(change.role.rawValue)"] != change.effect {
                try Permissions.setRule(region: region, action: change.action, role: change.role, effect: change.effect, declarations: declarations, in: db)
                try AuditLog.record(
                    region: region, actor: context.auditActor, action: "kernel.permission-changed", subject: "\(change.action)/\(change.role.rawValue)",
                    detail: .object(["effect": .string(change.effect?.rawValue ?? "default")]), at: context.now, in: db)
            }
        }
        return IdentityPages.redirect(context, to: "/admin/permissions", notice: "saved")
    }

    // MARK: Organisations

    static func organisationForm(_ form: FormFields, _ strings: KernelStrings) -> HTML {
        HTML.fragment([
            form.text("name", label: strings.identityOrganisationName, required: true),
            form.select("kind", label: strings.identityOrganisationKind, options: OrganisationKind.allCases.map { Choice($0.rawValue, IdentityPages.kindName($0, strings)) }, required: true),
            form.email("contact_email", label: strings.identityOrganisationContactEmail),
            form.tel("contact_phone", label: strings.identityOrganisationContactPhone),
            form.input(.url, "website", label: strings.identityOrganisationWebsite),
            form.textarea("address", label: strings.identityOrganisationAddress, rows: 3),
            form.textarea("description", label: strings.identityOrganisationDescription),
            form.checkbox("public", label: strings.identityOrganisationPublic),
        ])
    }

    /// The profile a form describes, with localized errors for what is wrong.
    static func profile(from checks: inout FormChecks) -> OrganisationProfile? {
        let strings = checks.strings
        let name = checks.text("name", maximum: 200, required: true)
        let kind = OrganisationKind(rawValue: checks.form["kind"] ?? "")
        if kind == nil { checks.fail("kind", strings.identityErrorRequired) }
        var email: String?
        if !(checks.form["contact_email"] ?? "").trimmingCharacters(in: .whitespaces).isEmpty { email = checks.email("contact_email")?.value }
        let profile = OrganisationProfile(
            name: name ?? "", kind: kind ?? .other, contactEmail: email,
            contactPhone: checks.text("contact_phone", maximum: 40), website: checks.text("website", maximum: 300),
            address: checks.text("address", maximum: 500), description: checks.text("description", maximum: 5000),
            isPublic: checks.form["public"] != nil)
        guard !checks.hasErrors else { return nil }
        do {
            return try profile.validated()
        } catch let error as HTTPError {
            let message = switch error.field {
            case "website": strings.identityErrorWebsite
            case "contact_phone": strings.identityErrorPhone
            default: strings.identityErrorCheck
            }
            checks.fail(error.field ?? "name", message)
        } catch {
            checks.fail("name", strings.identityErrorCheck)
        }
        return nil
    }

    static func organisationsPage(_ request: Request, _ context: RequestContext, state: FormState = FormState(values: ["public": "on"]), status: Status = .ok) throws -> Response {
        let strings = IdentityPages.strings(context)
        let organisations = try context.read { db in try Organisations.list(in: context.region.id, publicOnly: false, db: db) }
        let notices = [Notice].from(request, ["deleted": strings.identityAdminOrganisationsDeleted])
        return context.page(title: strings.identityAdminOrganisationsTitle, status: status, notices: notices) { page in
            navigation(context, strings)
            if organisations.isEmpty {
                element("p") { strings.identityAdminOrganisationsNone }
            } else {
                Table(caption: strings.identityAdminOrganisationsTitle, columns: [strings.identityOrganisationName, strings.identityOrganisationKind, strings.identityOrganisationPublic],
                      rows: organisations.map { organisation -> [HTML] in
                          [
                              element("a", ["href": context.pageURL("/admin/organisations/\(organisation.id)"), "dir": "auto"]) { organisation.name },
                              element("span") { IdentityPages.kindName(organisation.kind, strings) },
                              element("span") { organisation.isPublic ? "✓" : "—" },
                          ]
                      }).html
            }
            element("h2") { strings.identityAdminOrganisationsAdd }
            Form(action: context.pageURL("/admin/organisations"), state: state, in: page) { form in
                organisationForm(form, strings)
                form.submit(strings.identityAdminOrganisationsAdd)
            }.html
        }
    }

    @Sendable static func organisations(_ request: Request, _ context: RequestContext) throws -> Response {
        try organisationsPage(request, context)
    }

    @Sendable static func addOrganisation(_ request: Request, _ context: RequestContext) throws -> Response {
        let strings = IdentityPages.strings(context)
        var checks = FormChecks(try request.formData(), strings: strings)
        guard let profile = profile(from: &checks) else { return try organisationsPage(request, context, state: checks.state, status: .unprocessableContent) }
        let created: Organisation
        do {
            created = try Administration.createOrganisation(profile, context: context)
        } catch let error as HTTPError where error.status == .conflict {
            checks.fail("name", strings.identityAdminOrganisationsExists)
            return try organisationsPage(request, context, state: checks.state, status: .conflict)
        }
        return IdentityPages.redirect(context, to: "/admin/organisations/\(created.id)", notice: "saved")
    }

    static func organisationPage(_ request: Request, _ context: RequestContext, id: Int64, state: FormState? = nil, status: Status = .ok) throws -> Response {
        let strings = IdentityPages.strings(context)
        guard let organisation = try context.read({ db in try Organisations.find(id, in: context.region.id, db: db) }) else { throw HTTPError.notFound() }
        var values = [
            "name": organisation.name, "kind": organisation.kind.rawValue, "contact_email": organisation.contactEmail ?? "",
            "contact_phone": organisation.contactPhone ?? "", "website": organisation.website ?? "", "address": organisation.address ?? "",
            "description": organisation.description ?? "",
        ]
        if organisation.isPublic { values["public"] = "on" }
        let notices = [Notice].from(request, ["saved": strings.identityAdminOrganisationsSaved])
        return context.page(title: organisation.name, status: status, notices: notices) { page in
            navigation(context, strings)
            element("h2") { strings.identityAdminOrganisationsEdit }
            Form(action: context.pageURL("/admin/organisations/\(id)"), state: state ?? FormState(values: values), in: page) { form in
                organisationForm(form, strings)
                form.submit(strings.identityAdminOrganisationsSave)
            }.html
            Form(action: context.pageURL("/admin/organisations/\(id)/delete"), in: page) { form in
                form.submit(strings.identityAdminOrganisationsDelete, secondary: true)
            }.html
        }
    }

    @Sendable static func organisation(_ request: Request, _ context: RequestContext) throws -> Response {
        try organisationPage(request, context, id: try context.idParameter(request))
    }

    @Sendable static func saveOrganisation(_ request: Request, _ context: RequestContext) throws -> Response {
        let id = try context.idParameter(request)
        let strings = IdentityPages.strings(context)
        var checks = FormChecks(try request.formData(), strings: strings)
        guard let profile = profile(from: &checks) else {
            return try organisationPage(request, context, id: id, state: checks.state, status: .unprocessableContent)
        }
        do {
            _ = try Administration.updateOrganisation(id, profile, context: context)
        } catch let error as HTTPError where error.status == .conflict {
            checks.fail("name", strings.identityAdminOrganisationsExists)
            return try organisationPage(request, context, id: id, state: checks.state, status: .conflict)
        }
        return IdentityPages.redirect(context, to: "/admin/organisations/\(id)", notice: "saved")
    }

    @Sendable static func deleteOrganisation(_ request: Request, _ context: RequestContext) throws -> Response {
        try Administration.deleteOrganisation(try context.idParameter(request), context: context)
        return IdentityPages.redirect(context, to: "/admin/organisations", notice: "deleted")
    }

    // MARK: Audit log

    @Sendable static func auditLog(_ request: Request, _ context: RequestContext) throws -> Response {
        let strings = IdentityPages.strings(context)
        var before: Int64?
        if let text = request.queryValue("before") {
            guard let value = Int64(text), value > 0 else { throw HTTPError.badRequest("before must be an entry id", field: "before") }
            before = value
        }
        let pageSize = 50
        let entries = try context.read { db in try AuditLog.entries(region: context.region.id, before: before, limit: pageSize, in: db) }
        let next = entries.count == pageSize ? entries.last.map { context.pageURL("/admin/audit-log?before=\($0.id)") } : nil
        return context.page(title: strings.identityAdminAuditTitle) { page in
            navigation(context, strings)
            if entries.isEmpty {
                element("p") { strings.identityAdminAuditNone }
            } else {
                Table(caption: strings.identityAdminAuditTitle,
                      columns: [strings.identityAdminAuditWhen, strings.identityAdminAuditWho, strings.identityAdminAuditWhat, strings.identityAdminAuditSubject],
                      rows: entries.map { entry in [IdentityPages.format(entry.at, context), entry.actor, entry.action, entry.subject] }).html
            }
            Pagination(previous: before == nil ? nil : context.pageURL("/admin/audit-log"), next: next, in: page).html
        }
    }
}
