import Foundation
import HTTP
import Kernel
import Web

/// The staff's list of their sites and the form that creates or changes one.
enum AdminSitePages {
    /// `GET /learning-sites/admin`
    @Sendable static func list(_ request: Request, _ context: RequestContext) throws -> Response {
        let strings = LearningSitesStrings(languages: context.languages)
        let access = SiteAccess(managing: context)
        let sites = try context.read { db in try SiteStore.managed(by: access, region: context.region.id, in: db) }
        return context.page(title: strings.adminTitle) { _ in
            element("p") { ButtonLink(strings.adminNewSite, url: context.pageURL("/learning-sites/admin/new")) }
            if sites.isEmpty {
                element("p") { strings.adminNoSites }
            } else {
                Table(caption: strings.adminSitesCaption, columns: [strings.factSite, strings.adminKind, strings.adminState, strings.adminLinks], rows: sites.map { site in
                    let base = AdminPageSupport.base(site, context)
                    return [
                        element("a", ["href": base]) { site.name },
                        HTML.text(site.kind == .mobile ? strings.kindMobile : strings.kindStationary),
                        HTML.text(site.published ? strings.adminPublished : strings.adminDraft),
                        HTML.fragment([
                            element("a", ["href": base + "/hours"]) { strings.adminHours }, HTML.text(" · "),
                            element("a", ["href": base + "/consultation-hours"]) { strings.adminConsultationHours }, HTML.text(" · "),
                            element("a", ["href": base + "/day"]) { strings.adminDay },
                        ]),
                    ]
                })
            }
            if context.allows("learning-sites.report") {
                element("p") { element("a", ["href": context.pageURL("/learning-sites/admin/report")]) { strings.reportTitle } }
            }
        }
    }

    /// `GET /learning-sites/admin/new`
    @Sendable static func new(_ request: Request, _ context: RequestContext) throws -> Response {
        form(site: nil, state: FormState(values: ["kind": "stationary", "published": "yes"]), context: context)
    }

    /// `POST /learning-sites/admin/new`
    @Sendable static func create(_ request: Request, _ context: RequestContext) throws -> Response {
        let strings = LearningSitesStrings(languages: context.languages)
        let submitted = try request.formData()
        var state = FormState(submitted)
        var created: LearningSite?
        let notices = try AdminPageSupport.outcome(strings, state: &state) {
            let input = try body(submitted, context: context).validated(region: context.region)
            created = try context.write { db in try SiteStore.create(input, context: context, in: db) }
        }
        if let created { return .redirect(to: AdminPageSupport.base(created, context) + "/hours?created=1") }
        return form(site: nil, state: state, status: .unprocessableContent, notices: notices, context: context)
    }

    /// `GET /learning-sites/admin/sites/{site}`
    @Sendable static func edit(_ request: Request, _ context: RequestContext) throws -> Response {
        let strings = LearningSitesStrings(languages: context.languages)
        let site = try AdminPageSupport.site(request, context, access: SiteAccess(managing: context))
        let texts = try context.read { db in try SiteTexts.texts(of: [site], language: context.language, services: context.services, in: db) }[site.id]
        var values: [String: String] = [
            "name": texts?.name ?? site.name, "description": texts?.description ?? "", "kind": site.kind.rawValue,
            "organisation": site.organisationID.map(String.init) ?? "", "address.street": site.address?.street ?? "",
            "address.postalCode": site.address?.postalCode ?? "", "address.locality": site.address?.locality ?? "",
            "latitude": site.coordinates.map { String($0.latitude) } ?? "", "longitude": site.coordinates.map { String($0.longitude) } ?? "",
            "languages": site.languages.joined(separator: ", "), "contactEmail": site.contactEmail ?? "",
            "contactPhone": site.contactPhone ?? "", "website": site.website ?? "",
        ]
        for (item, count) in site.equipment { values["equipment.\(item)"] = String(count) }
        let assignments = try context.read { db in
            try context.services.reporting.assignments(owner: SiteStore.owner, reference: "site:\(site.id)", in: db)
        }
        for assignment in assignments { values["project-\(assignment.project)"] = String(assignment.category) }
        var state = FormState(values: values)
        if site.published { state.set("published", "yes") }
        if site.accessibility.stepFree { state.set("stepFree", "yes") }
        if site.accessibility.accessibleToilet { state.set("accessibleToilet", "yes") }
        if site.accessibility.hearingLoop { state.set("hearingLoop", "yes") }
        let notices = request.queryValue("saved") != nil ? [Notice(.success, strings.adminSaved)] : []
        return form(site: site, state: state, notices: notices, context: context)
    }

    /// `POST /learning-sites/admin/sites/{site}`
    @Sendable static func update(_ request: Request, _ context: RequestContext) throws -> Response {
        let strings = LearningSitesStrings(languages: context.languages)
        let site = try AdminPageSupport.site(request, context, access: SiteAccess(managing: context))
        let submitted = try request.formData()
        var state = FormState(submitted)
        state.set("kind", site.kind.rawValue)
        var fields = submitted.items.filter { $0.name != "kind" }
        fields.append(("kind", site.kind.rawValue))
        var saved = false
        let notices = try AdminPageSupport.outcome(strings, state: &state) {
            let input = try body(FormData(fields), context: context).validated(region: context.region)
            _ = try context.write { db in try SiteStore.update(site, with: input, context: context, in: db) }
            saved = true
        }
        if saved { return .redirect(to: AdminPageSupport.base(site, context) + "?saved=1") }
        return form(site: site, state: state, status: .unprocessableContent, notices: notices, context: context)
    }

    /// `POST /learning-sites/admin/sites/{site}/delete`
    @Sendable static func delete(_ request: Request, _ context: RequestContext) throws -> Response {
        let strings = LearningSitesStrings(languages: context.languages)
        let site = try AdminPageSupport.site(request, context, access: SiteAccess(managing: context))
        do {
            try context.write { db in try SiteStore.delete(site, context: context, in: db) }
        } catch let conflict as StaffConflict {
            return context.page(title: strings.adminDeleteTitle, status: .conflict, notices: [Notice(.error, SitePresentation.conflict(conflict, strings))]) { _ in
                element("p") { element("a", ["href": AdminPageSupport.base(site, context)]) { strings.adminBack } }
            }
        }
        return .redirect(to: context.pageURL("/learning-sites/admin"))
    }

    /// The form's fields as the API's body: the name and description in the page's language.
    static func body(_ form: FormData, context: RequestContext) -> SiteBody {
        var equipment: [String: Int] = [:]
        for item in Equipment.kinds {
            if let text = form["equipment.\(item)"]?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
                equipment[item] = Int(text) ?? -1
            }
        }
        return SiteBody(
            names: [context.language: form["name"] ?? ""], descriptions: [context.language: form["description"] ?? ""],
            kind: form["kind"] ?? "", organisation: form["organisation"].flatMap { Int64($0) }, published: form["published"] != nil,
            address: SiteBody.Address(street: form["address.street"], postalCode: form["address.postalCode"], locality: form["address.locality"]),
            latitude: AdminPageSupport.number(form["latitude"]) ?? (form["latitude"]?.isEmpty == false ? .nan : nil),
            longitude: AdminPageSupport.number(form["longitude"]) ?? (form["longitude"]?.isEmpty == false ? .nan : nil),
            accessibility: SiteBody.Accessibility(
                stepFree: form["stepFree"] != nil, accessibleToilet: form["accessibleToilet"] != nil, hearingLoop: form["hearingLoop"] != nil),
            equipment: equipment, languages: AdminPageSupport.codes(form["languages"]),
            contactEmail: form["contactEmail"], contactPhone: form["contactPhone"], website: form["website"],
            projects: form.items.compactMap { item -> ProjectAssignment? in
                guard item.name.hasPrefix("project-"), let project = Int64(item.name.dropFirst("project-".count)),
                      let category = Int64(item.value) else { return nil }
                return ProjectAssignment(project: project, category: category)
            })
    }

    static func form(site: LearningSite?, state: FormState, status: Status = .ok, notices: [Notice] = [], context: RequestContext) -> Response {
        let strings = LearningSitesStrings(languages: context.languages)
        let access = SiteAccess(managing: context)
        let organisations = (try? context.read { db in try Organisations.list(in: context.region.id, publicOnly: false, db: db) })?
            .filter { access.all || access.organisations.contains($0.id) } ?? []
        let action = site.map { AdminPageSupport.base($0, context) } ?? context.pageURL("/learning-sites/admin/new")
        let categories = (try? context.read { db in try context.services.reporting.assignableCategories(in: db) }) ?? []
        let projects = Dictionary(grouping: categories, by: { $0.project.id }).sorted { $0.key < $1.key }
        return context.page(title: site.map { strings.adminEditTitle(site: $0.name) } ?? strings.adminNewSite, status: status, notices: notices) { page in
            if let site { AdminPageSupport.navigation(site, current: "details", strings: strings, context: context) }
            Form(action: action, state: state, in: page) { form in
                form.text("name", label: strings.fieldName, hint: strings.fieldNameHint, required: true)
                form.textarea("description", label: strings.fieldDescription, hint: strings.fieldDescriptionHint, rows: 6)
                if site == nil {
                    form.radios("kind", legend: strings.adminKind, options: [
                        Choice("stationary", strings.kindStationary), Choice("mobile", strings.kindMobile),
                    ], required: true)
                }
                form.select("organisation", label: strings.fieldOrganisation, options: organisations.map { Choice(String($0.id), $0.name) },
                            required: !access.all)
                form.text("address.street", label: strings.fieldStreet, hint: strings.fieldAddressHint, autocomplete: "street-address")
                form.text("address.postalCode", label: strings.fieldPostalCode, autocomplete: "postal-code")
                form.text("address.locality", label: strings.fieldLocality, autocomplete: "address-level2")
                form.input(.text, "latitude", label: strings.fieldLatitude, hint: strings.fieldCoordinatesHint, attributes: ["inputmode": "decimal"])
                form.input(.text, "longitude", label: strings.fieldLongitude, attributes: ["inputmode": "decimal"])
                form.checkbox("stepFree", label: strings.accessStepFree)
                form.checkbox("accessibleToilet", label: strings.accessToilet)
                form.checkbox("hearingLoop", label: strings.accessHearingLoop)
                for item in Equipment.kinds {
                    form.number("equipment.\(item)", label: SitePresentation.equipment(item, strings), min: 0, max: 500)
                }
                form.text("languages", label: strings.fieldLanguages, hint: strings.fieldLanguagesHint)
                form.email("contactEmail", label: strings.fieldContactEmail)
                form.tel("contactPhone", label: strings.fieldContactPhone)
                form.input(.url, "website", label: strings.fieldWebsite)
                form.checkbox("published", label: strings.fieldPublished, hint: strings.fieldPublishedHint)
                for (_, entries) in projects {
                    if let project = entries.first?.project {
                        form.select("project-\(project.id)", label: strings.fieldProject(project: project.details.name),
                                    options: [Choice("", strings.fieldProjectNone)] + entries.map { Choice(String($0.category.id), $0.category.name) })
                    }
                }
                form.submit(site == nil ? strings.adminCreate : strings.adminSave)
            }
            if let site {
                Form(action: AdminPageSupport.base(site, context) + "/delete", in: page) { form in
                    form.submit(strings.adminDelete, secondary: true)
                }
            }
        }
    }
}
