import Foundation
import HTTP
import Web

/// The report pages for coordinators: the region's funded projects, each project's report
/// (target against actual, per category and region, with CSV and JSON), the editing of a
/// project's details, regions, categories and targets, and the indicators of the region.
enum ReportingPages {
    static let read = Route.Access.action(ReportingService.readReports)
    static let manage = Route.Access.action(ReportingService.manageProjects)

    static let routes: [Route] = [
        .page(.get, "/admin/reports", access: read, summary: "Funded projects of the region", handler: list),
        .page(.post, "/admin/reports", access: manage, summary: "Create a funded project", handler: create),
        .page(.get, "/admin/reports/{id}", access: read, summary: "A funded project's targets against actual", handler: report),
        .page(.get, "/admin/reports/{id}/report.csv", access: read, summary: "A funded project's report as CSV", handler: csv),
        .page(.get, "/admin/reports/{id}/edit", access: manage, summary: "Edit a funded project and its targets", handler: edit),
        .page(.post, "/admin/reports/{id}/edit", access: manage, summary: "Save a funded project's details", handler: saveDetails),
        .page(.post, "/admin/reports/{id}/regions", access: manage, summary: "Choose the regions a funded project covers", handler: saveRegions),
        .page(.post, "/admin/reports/{id}/categories", access: manage, summary: "Add an indicator category", handler: addCategory),
        .page(.post, "/admin/reports/{id}/categories/{category}/remove", access: manage, summary: "Remove an indicator category", handler: removeCategory),
        .page(.post, "/admin/reports/{id}/targets", access: manage, summary: "Add a target", handler: addTarget),
        .page(.post, "/admin/reports/{id}/targets/{target}/remove", access: manage, summary: "Remove a target", handler: removeTarget),
        .page(.post, "/admin/reports/{id}/delete", access: manage, summary: "Delete a funded project", handler: deleteProject),
        .page(.get, "/admin/indicators", access: read, summary: "Everything the region's modules count, over a period", handler: indicators),
    ]

    // MARK: - Projects

    @Sendable static func list(_ request: Request, _ context: RequestContext) throws -> Response {
        try listPage(context, state: FormState())
    }

    static func listPage(_ context: RequestContext, state: FormState, status: Status = .ok) throws -> Response {
        let strings = KernelStrings(languages: context.languages)
        let projects = try context.read { db in try context.services.reporting.projects(in: db) }
        return context.page(title: strings.reportProjectsTitle, status: status) { page in
            AdminPages.navigation(context, strings)
            element("p") { strings.reportProjectsIntro }
            if projects.isEmpty {
                element("p") { strings.reportProjectsEmpty }
            } else {
                Table(
                    caption: strings.reportProjectsCaption,
                    columns: [strings.reportColumnProject, strings.reportColumnPeriod, strings.reportColumnRegions],
                    rows: projects.map { project -> [HTML] in
                        [element("a", ["href": context.pageURL("/admin/reports/\(project.id)")]) { project.details.name },
                         HTML.text("\(project.details.firstDay) – \(project.details.lastDay)"),
                         HTML.text(regionNames(project.regions, context).joined(separator: ", "))]
                    })
            }
            if context.allows(ReportingService.manageProjects) {
                element("h2") { strings.reportNewProject }
                Form(action: context.pageURL("/admin/reports"), state: state, in: page) { form in
                    detailsFields(form, strings)
                    form.submit(strings.reportCreate)
                }
            }
        }
    }

    static func detailsFields(_ form: FormFields, _ strings: KernelStrings) -> HTML {
        HTML.fragment([
            form.text("name", label: strings.reportFieldName, required: true),
            form.text("funder", label: strings.reportFieldFunder),
            form.text("reference", label: strings.reportFieldReference),
            form.date("firstDay", label: strings.reportFieldFirstDay, required: true),
            form.date("lastDay", label: strings.reportFieldLastDay, required: true),
        ])
    }

    static func details(from form: FormData) -> ProjectDetails {
        ProjectDetails(
            name: form["name"] ?? "", funder: form["funder"] ?? "", reference: form["reference"] ?? "",
            firstDay: form["firstDay"] ?? "", lastDay: form["lastDay"] ?? "")
    }

    @Sendable static func create(_ request: Request, _ context: RequestContext) throws -> Response {
        let form = try request.formData()
        let strings = KernelStrings(languages: context.languages)
        do {
            let project = try context.services.reporting.createProject(
                details(from: form), region: context.region.id, actor: AuditActor(context.principal))
            return .redirect(to: context.pageURL("/admin/reports/\(project.id)/edit"))
        } catch let error as ReportingError {
            var state = FormState(form)
            state.addError(message(for: error, strings), field: error.field ?? "name")
            return try listPage(context, state: state, status: .unprocessableContent)
        }
    }

    // MARK: - Report

    @Sendable static func report(_ request: Request, _ context: RequestContext) throws -> Response {
        let id = try ReportingAPI.projectID(request)
        let (from, to) = try period(request)
        let strings = KernelStrings(languages: context.languages)
        let reporting = context.services.reporting
        let report = try ReportingAPI.mapped {
            try reporting.report(project: id, region: context.region.id, from: from, to: to, languages: context.languages)
        }
        let query = [from.map { "from=\($0)" }, to.map { "to=\($0)" }].compactMap { $0 }.joined(separator: "&")
        let suffix = query.isEmpty ? "" : "?" + query
        let isHome = try context.read { db in try reporting.project(id, in: db)?.homeRegion == context.region.id }
        let categories = uniqueCategories(report.rows)
        return context.page(title: report.project.name) { page in
            AdminPages.navigation(context, strings)
            DefinitionList([
                (term: strings.reportFieldFunder, details: report.project.funder.isEmpty ? "–" : report.project.funder),
                (term: strings.reportFieldReference, details: report.project.reference.isEmpty ? "–" : report.project.reference),
                (term: strings.reportColumnPeriod, details: "\(report.firstDay) – \(report.lastDay)"),
                (term: strings.reportColumnRegions, details: report.regions.map(\.name).joined(separator: ", ")),
            ])
            element("p", ["class": "meta"]) { strings.reportFromData }
            if categories.isEmpty {
                element("p") { strings.reportNoTargets }
            }
            for category in categories {
                let rows = report.rows.filter { $0.categoryID == category.id }
                let regionColumns = report.regions.count > 1 ? report.regions.map(\.name) : []
                Table(
                    caption: category.name,
                    columns: [strings.reportColumnIndicator, strings.reportColumnTarget, strings.reportColumnActual] + regionColumns
                        + [strings.reportColumnMet],
                    rows: rows.map { row -> [HTML] in
                        let perRegion = report.regions.count > 1 ? report.regions.map { HTML.text(String(row.byRegion[$0.id] ?? 0)) } : []
                        return [HTML.text(describe(row)), HTML.text(String(row.target)),
                                HTML.text(row.available ? String(row.actual) : "–")] + perRegion
                            + [element("span", ["data-met": row.met ? "yes" : "no"]) { row.met ? strings.reportMet : strings.reportNotMet }]
                    })
                if rows.contains(where: { !$0.available }) { element("p", ["class": "meta"]) { strings.reportNotAvailable } }
            }
            element("h2") { strings.reportPeriodNarrow }
            Form(action: context.pageURL("/admin/reports/\(id)"), method: .get,
                 state: FormState(values: ["from": from?.description ?? report.firstDay, "to": to?.description ?? report.lastDay]),
                 in: page) { form in
                form.date("from", label: strings.reportFrom)
                form.date("to", label: strings.reportTo)
                form.submit(strings.reportShow, secondary: true)
            }
            element("ul") {
                element("li") { element("a", ["href": context.pageURL("/admin/reports/\(id)/report.csv\(suffix)"), "download": "report-\(id).csv"]) { strings.reportDownloadCSV } }
                element("li") { element("a", ["href": "/api/v1/\(context.region.id)/\(context.language)/reports/projects/\(id)/report\(suffix)"]) { strings.reportDownloadJSON } }
                if isHome && context.allows(ReportingService.manageProjects) {
                    element("li") { element("a", ["href": context.pageURL("/admin/reports/\(id)/edit")]) { strings.reportEdit } }
                }
            }
        }
    }

    @Sendable static func csv(_ request: Request, _ context: RequestContext) throws -> Response {
        let id = try ReportingAPI.projectID(request)
        let (from, to) = try period(request)
        let report = try ReportingAPI.mapped {
            try context.services.reporting.report(project: id, region: context.region.id, from: from, to: to, languages: context.languages)
        }
        let document = ReportCSV.document(report, strings: KernelStrings(languages: context.languages))
        return Response(status: .ok, headers: [
            "Content-Type": CSVDocument.contentType,
            "Content-Disposition": "attachment; filename=\"report-\(id)-\(report.firstDay)-\(report.lastDay).csv\"",
            "Cache-Control": "private, no-store",
        ], body: document.bytes)
    }

    /// "Workshops held · Volunteers and staff · at least 20 participants each".
    static func describe(_ row: ProjectReport.Row) -> String {
        var parts = [row.factTitle]
        if let group = row.targetGroupTitle { parts.append(group) }
        if let minimum = row.minimumSize { parts.append("≥ \(minimum) \(row.sizeTitle ?? "")".trimmingCharacters(in: .whitespaces)) }
        return parts.joined(separator: " · ")
    }

    static func uniqueCategories(_ rows: [ProjectReport.Row]) -> [(id: Int64, name: String)] {
        var seen: Set<Int64> = []
        return rows.compactMap { seen.insert($0.categoryID).inserted ? ($0.categoryID, $0.category) : nil }
    }

    // MARK: - Editing

    @Sendable static func edit(_ request: Request, _ context: RequestContext) throws -> Response {
        try editPage(context, id: try ReportingAPI.projectID(request))
    }

    /// The edit page; `failed` names the form that was rejected, which is shown with its errors.
    static func editPage(_ context: RequestContext, id: Int64, failed: (form: String, state: FormState)? = nil) throws -> Response {
        let strings = KernelStrings(languages: context.languages)
        let reporting = context.services.reporting
        guard let project = try context.read({ db in try reporting.project(id, in: db) }) else {
            throw ReportingError.projectNotFound(id).httpError
        }
        guard project.homeRegion == context.region.id else {
            throw HTTPError.conflict(strings.reportNotHome(region: regionNames([project.homeRegion], context).joined()))
        }
        func state(_ form: String, _ fallback: FormState) -> FormState { failed?.form == form ? failed?.state ?? fallback : fallback }
        let detailValues = [
            "name": project.details.name, "funder": project.details.funder, "reference": project.details.reference,
            "firstDay": project.details.firstDay, "lastDay": project.details.lastDay,
        ]
        let manageable = try manageableRegions(context)
        let regionChoices = context.services.regions.values
            .filter { manageable.contains($0.id) || project.regions.contains($0.id) }
            .sorted { $0.id < $1.id }
            .map { Choice($0.id, $0.name(in: context.language)) }
        let facts = reporting.facts(in: context.region)
        var groups: [Choice] = []
        for fact in facts {
            for group in fact.declaration.targetGroups where !groups.contains(where: { $0.value == group.key }) {
                groups.append(Choice(group.key, fact.targetGroupTitle(group.key, languages: context.languages)))
            }
        }
        let base = "/admin/reports/\(id)"
        return context.page(title: project.details.name, status: failed == nil ? .ok : .unprocessableContent) { page in
            element("p") { element("a", ["href": context.pageURL(base)]) { strings.reportBack } }

            element("h2") { strings.reportDetailsTitle }
            Form(action: context.pageURL(base + "/edit"), state: state("details", FormState(values: detailValues)), in: page) { form in
                detailsFields(form, strings)
                form.submit(strings.reportSave)
            }

            element("h2") { strings.reportRegionsTitle }
            Form(action: context.pageURL(base + "/regions"), state: state("regions", FormState(submitted: project.regions.map { (name: "regions", value: $0) })), in: page) { form in
                form.checkboxes("regions", legend: strings.reportColumnRegions, options: regionChoices, hint: strings.reportRegionsHint)
                form.submit(strings.reportSaveRegions, secondary: true)
            }

            element("h2") { strings.reportCategoriesTitle }
            if project.categories.isEmpty {
                element("p") { strings.reportNoCategories }
            }
            for category in project.categories {
                let targets = project.targets(in: category.id)
                element("h3") { category.name }
                if targets.isEmpty {
                    element("p") { strings.reportNoTargets }
                } else {
                    Table(
                        caption: strings.reportTargetsOf(category: category.name),
                        columns: [strings.reportColumnIndicator, strings.reportColumnTarget, ""],
                        rows: targets.map { target -> [HTML] in
                            let fact = reporting.fact(target.fact)
                            let row = ProjectReport.Row(
                                categoryID: category.id, category: category.name, targetID: target.id, fact: target.fact,
                                factTitle: fact?.title(languages: context.languages) ?? target.fact, targetGroup: target.targetGroup,
                                targetGroupTitle: target.targetGroup.map { fact?.targetGroupTitle($0, languages: context.languages) ?? $0 },
                                minimumSize: target.minimumSize, sizeTitle: fact?.sizeTitle(languages: context.languages),
                                target: target.value, actual: 0, byRegion: [:], byTargetGroup: [:], met: false, available: true)
                            return [HTML.text(describe(row)), HTML.text(String(target.value)),
                                    Form(action: context.pageURL(base + "/targets/\(target.id)/remove"), in: page) { form in
                                        form.submit(strings.reportRemoveTarget, secondary: true)
                                    }.html]
                        })
                }
                Form(action: context.pageURL(base + "/categories/\(category.id)/remove"), in: page) { form in
                    form.submit(strings.reportRemoveCategory(category: category.name), secondary: true)
                }
            }
            element("h3") { strings.reportAddCategory }
            Form(action: context.pageURL(base + "/categories"), state: state("category", FormState()), in: page) { form in
                form.text("name", label: strings.reportFieldCategoryName, hint: strings.reportCategoryHint, required: true)
                form.submit(strings.reportAddCategory, secondary: true)
            }
            if !project.categories.isEmpty {
                element("h3") { strings.reportAddTarget }
                Form(action: context.pageURL(base + "/targets"), state: state("target", FormState()), in: page) { form in
                    form.select("category", label: strings.reportColumnCategory, options: project.categories.map { Choice(String($0.id), $0.name) }, required: true)
                    form.select("fact", label: strings.reportFieldFact, options: facts.map { Choice($0.id, $0.title(languages: context.languages)) }, required: true)
                    form.select("targetGroup", label: strings.reportFieldTargetGroup, options: groups, hint: strings.reportTargetGroupHint)
                    form.number("minimumSize", label: strings.reportFieldMinimumSize, hint: strings.reportMinimumSizeHint, min: 1)
                    form.number("value", label: strings.reportFieldValue, required: true, min: 0)
                    form.submit(strings.reportAddTarget)
                }
            }

            element("h2") { strings.reportDeleteTitle }
            element("p") { strings.reportDeleteHint }
            Form(action: context.pageURL(base + "/delete"), in: page) { form in
                form.submit(strings.reportDelete, secondary: true)
            }
        }
    }

    /// Runs a change; a refused change shows the edit page with the error at `form`'s field.
    static func change(
        _ request: Request, _ context: RequestContext, form name: String, _ body: (FormData, Int64, AuditActor) throws -> Void
    ) throws -> Response {
        let id = try ReportingAPI.projectID(request)
        let form = try request.formData()
        do {
            try body(form, id, AuditActor(context.principal))
        } catch let error as ReportingError {
            switch error {
            case .projectNotFound, .notHomeRegion, .targetNotFound: throw error.httpError
            default:
                var state = FormState(form)
                state.addError(message(for: error, KernelStrings(languages: context.languages)), field: error.field ?? "name")
                return try editPage(context, id: id, failed: (name, state))
            }
        }
        return .redirect(to: context.pageURL("/admin/reports/\(id)/edit"))
    }

    @Sendable static func saveDetails(_ request: Request, _ context: RequestContext) throws -> Response {
        try change(request, context, form: "details") { form, id, actor in
            try context.services.reporting.updateProject(id, details: details(from: form), region: context.region.id, actor: actor)
        }
    }

    @Sendable static func saveRegions(_ request: Request, _ context: RequestContext) throws -> Response {
        let allowed = try manageableRegions(context)
        return try change(request, context, form: "regions") { form, id, actor in
            try context.services.reporting.setRegions(form.values("regions"), of: id, allowed: allowed, region: context.region.id, actor: actor)
        }
    }

    @Sendable static func addCategory(_ request: Request, _ context: RequestContext) throws -> Response {
        try change(request, context, form: "category") { form, id, actor in
            try context.services.reporting.addCategory(form["name"] ?? "", to: id, region: context.region.id, actor: actor)
        }
    }

    @Sendable static func removeCategory(_ request: Request, _ context: RequestContext) throws -> Response {
        guard let category = request.parameters["category"].flatMap({ Int64($0) }) else { throw HTTPError.notFound() }
        return try change(request, context, form: "remove") { _, id, actor in
            do {
                try context.services.reporting.removeCategory(category, of: id, region: context.region.id, actor: actor)
            } catch ReportingError.categoryNotFound {
                throw HTTPError.notFound()
            }
        }
    }

    @Sendable static func addTarget(_ request: Request, _ context: RequestContext) throws -> Response {
        try change(request, context, form: "target") { form, id, actor in
            guard let category = form["category"].flatMap({ Int64($0) }) else { throw ReportingError.categoryNotFound(0) }
            let minimum = form["minimumSize"]?.trimmingCharacters(in: .whitespaces) ?? ""
            guard minimum.isEmpty || Int(minimum) != nil else { throw ReportingError.invalidNumber(field: "minimumSize") }
            guard let value = form["value"].flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }) else {
                throw ReportingError.invalidNumber(field: "value")
            }
            try context.services.reporting.addTarget(
                NewProjectTarget(categoryID: category, fact: form["fact"] ?? "", targetGroup: form["targetGroup"],
                                 minimumSize: Int(minimum), value: value),
                to: id, region: context.region.id, actor: actor)
        }
    }

    @Sendable static func removeTarget(_ request: Request, _ context: RequestContext) throws -> Response {
        guard let target = request.parameters["target"].flatMap({ Int64($0) }) else { throw HTTPError.notFound() }
        return try change(request, context, form: "remove") { _, id, actor in
            try context.services.reporting.removeTarget(target, of: id, region: context.region.id, actor: actor)
        }
    }

    @Sendable static func deleteProject(_ request: Request, _ context: RequestContext) throws -> Response {
        let id = try ReportingAPI.projectID(request)
        try ReportingAPI.mapped { try context.services.reporting.deleteProject(id, region: context.region.id, actor: AuditActor(context.principal)) }
        return .redirect(to: context.pageURL("/admin/reports"))
    }

    // MARK: - Indicators

    @Sendable static func indicators(_ request: Request, _ context: RequestContext) throws -> Response {
        let strings = KernelStrings(languages: context.languages)
        let (from, to) = try yearOrPeriod(request, context)
        let counts = try context.services.reporting.indicators(region: context.region, from: from, to: to, languages: context.languages)
        return context.page(title: strings.reportIndicatorsTitle) { page in
            AdminPages.navigation(context, strings)
            element("p") { strings.reportIndicatorsIntro }
            Form(action: context.pageURL("/admin/indicators"), method: .get,
                 state: FormState(values: ["from": from.description, "to": to.description]), in: page) { form in
                form.date("from", label: strings.reportFrom)
                form.date("to", label: strings.reportTo)
                form.submit(strings.reportShow, secondary: true)
            }
            if counts.isEmpty {
                element("p") { strings.reportNoFacts }
            }
            for count in counts {
                Table(
                    caption: "\(count.title): \(count.total)",
                    columns: [strings.reportColumnTargetGroup, strings.reportColumnActual],
                    rows: count.byTargetGroup.map { [$0.title, String($0.count)] })
            }
        }
    }

    // MARK: - Helpers

    /// `from` and `to` from the query (days), each optional; 400 naming the field when malformed.
    static func period(_ request: Request) throws -> (from: ReportingDay?, to: ReportingDay?) {
        func day(_ name: String) throws -> ReportingDay? {
            guard let text = request.queryValue(name), !text.isEmpty else { return nil }
            guard let day = ReportingDay(text) else { throw HTTPError.badRequest("\(name) must be a day like 2026-01-31", field: name) }
            return day
        }
        let from = try day("from")
        let to = try day("to")
        if let from, let to, to < from { throw HTTPError.badRequest("to must not be before from", field: "to") }
        return (from, to)
    }

    /// The period of the query, this year (in the region's zone) where it gives none.
    static func yearOrPeriod(_ request: Request, _ context: RequestContext) throws -> (ReportingDay, ReportingDay) {
        let (from, to) = try period(request)
        let today = ReportingDay(containing: context.now, in: context.region.timeZone)
        let year = String(today.description.prefix(4))
        let start = from ?? ReportingDay("\(year)-01-01") ?? today
        let end = to ?? ReportingDay("\(year)-12-31") ?? today
        guard start <= end else { throw HTTPError.badRequest("to must not be before from", field: "to") }
        return (start, end)
    }

    static func regionNames(_ ids: [String], _ context: RequestContext) -> [String] {
        ids.map { context.services.regions[$0]?.name(in: context.language) ?? $0 }
    }

    /// The regions where the signed-in person may manage funded projects.
    static func manageableRegions(_ context: RequestContext) throws -> Set<String> {
        if context.principal.roles.contains(.operator) { return Set(context.services.regions.keys) }
        var regions: Set<String> = context.allows(ReportingService.manageProjects) ? [context.region.id] : []
        guard let accountID = context.principal.accountID,
              let account = try context.services.storage.read(.global, { db in try Accounts.find(id: accountID, in: db) }) else {
            return regions
        }
        for other in context.services.regions.keys where other != context.region.id {
            if try context.services.accounts.principal(of: account, in: other).holds(ReportingService.manageProjects) {
                regions.insert(other)
            }
        }
        return regions
    }

    static func message(for error: ReportingError, _ strings: KernelStrings) -> String {
        switch error {
        case .required: strings.reportErrorRequired
        case .tooLong(_, let maximum): strings.reportErrorTooLong(maximum: String(maximum))
        case .invalidDay: strings.reportErrorInvalidDay
        case .periodReversed: strings.reportErrorPeriodReversed
        case .invalidNumber: strings.reportErrorInvalidNumber
        case .unknownFact: strings.reportErrorUnknownFact
        case .targetGroupNotOffered: strings.reportErrorTargetGroup
        case .sizeNotMeasured: strings.reportErrorSize
        case .duplicateCategory: strings.reportErrorDuplicateCategory
        case .categoryNotFound: strings.reportErrorCategory
        case .regionNotAllowed: strings.reportErrorRegion
        case .projectNotFound, .targetNotFound, .notHomeRegion, .taggedTwice, .needsRegion: error.description
        }
    }
}
