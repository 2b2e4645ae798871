import Foundation
import HTTP
import Kernel
import Web

/// Consultation hours, peer helpers and tour stops for staff: a list of what there is with a
/// button to end or remove each, and a form to add one.
enum AdminConsultationPages {
    // MARK: - Consultation hours

    /// `GET /learning-sites/admin/sites/{site}/consultation-hours`
    @Sendable static func hours(_ request: Request, _ context: RequestContext) throws -> Response {
        let site = try AdminPageSupport.site(request, context, access: SiteAccess(managing: context))
        let strings = LearningSitesStrings(languages: context.languages)
        let state = FormState(values: [
            "schedule.firstDay": AdminAPI.today(context).description, "schedule.everyWeeks": "1",
            "slotMinutes": String(context.settings.integer("slotMinutes") ?? 30), "capacity": "1",
        ])
        return try hoursPage(site, state: state, notices: request.queryValue("saved") != nil ? [Notice(.success, strings.adminSaved)] : [], context: context)
    }

    /// `POST /learning-sites/admin/sites/{site}/consultation-hours`
    @Sendable static func addHours(_ request: Request, _ context: RequestContext) throws -> Response {
        let strings = LearningSitesStrings(languages: context.languages)
        let site = try AdminPageSupport.site(request, context, access: SiteAccess(managing: context))
        let form = try request.formData()
        var state = FormState(form)
        let body = ConsultationHoursBody(
            schedule: schedule(form), slotMinutes: form["slotMinutes"].map { Int($0) ?? -1 }, capacity: form["capacity"].map { Int($0) ?? -1 },
            topics: form.values("topics"), languages: AdminPageSupport.codes(form["languages"]), online: form["online"] != nil,
            walkIn: form["walkIn"] != nil, helpers: form.values("helpers").compactMap { Int64($0) })
        let notices = try AdminPageSupport.outcome(strings, state: &state) {
            let input = try body.validated(settings: context.settings, today: AdminAPI.today(context))
            try context.write { db in _ = try ConsultationHoursStore.save(input, id: nil, of: site, context: context, in: db) }
        }
        if notices.isEmpty && !state.hasErrors { return .redirect(to: AdminPageSupport.base(site, context) + "/consultation-hours?saved=1") }
        return try hoursPage(site, state: state, status: .unprocessableContent, notices: notices, context: context)
    }

    /// `POST /learning-sites/admin/sites/{site}/consultation-hours/{hours}/remove`
    @Sendable static func removeHours(_ request: Request, _ context: RequestContext) throws -> Response {
        let strings = LearningSitesStrings(languages: context.languages)
        let site = try AdminPageSupport.site(request, context, access: SiteAccess(managing: context))
        let id = try AdminAPI.id(request, "hours")
        var state = FormState()
        let notices = try AdminPageSupport.outcome(strings, state: &state) {
            try context.write { db in try ConsultationHoursStore.remove(id, of: site, context: context, in: db) }
        }
        if notices.isEmpty { return .redirect(to: AdminPageSupport.base(site, context) + "/consultation-hours?saved=1") }
        return try hoursPage(site, state: FormState(), status: .conflict, notices: notices, context: context)
    }

    static func schedule(_ form: FormData, prefix: String = "schedule") -> WeeklySchedule.Body {
        WeeklySchedule.Body(
            firstDay: form["\(prefix).firstDay"] ?? "", starts: form["\(prefix).starts"] ?? "", ends: form["\(prefix).ends"] ?? "",
            everyWeeks: form["\(prefix).everyWeeks"].map { Int($0) ?? -1 }, lastDay: form["\(prefix).lastDay"])
    }

    static func scheduleFields(_ form: FormFields, strings: LearningSitesStrings) -> HTML {
        HTML.fragment([
            form.date("schedule.firstDay", label: strings.fieldFirstDay, required: true),
            form.time("schedule.starts", label: strings.fieldStarts, required: true),
            form.time("schedule.ends", label: strings.fieldEnds, required: true),
            form.select("schedule.everyWeeks", label: strings.fieldRepeat, options: [
                Choice("0", strings.repeatOnce), Choice("1", strings.everyWeek), Choice("2", strings.everyWeeks(count: 2)),
                Choice("3", strings.everyWeeks(count: 3)), Choice("4", strings.everyWeeks(count: 4)),
            ]),
            form.date("schedule.lastDay", label: strings.fieldLastDay, hint: strings.fieldLastDayHint),
        ])
    }

    static func hoursPage(_ site: LearningSite, state: FormState, status: Status = .ok, notices: [Notice], context: RequestContext) throws -> Response {
        let strings = LearningSitesStrings(languages: context.languages)
        let (hours, helpers, assignments) = try context.read { db in
            (try SlotPlanner.hours(of: site.id, region: context.region.id, in: db),
             try db.query(PeerHelper.columns + " WHERE region = \(context.region.id) AND site_id = \(site.id) ORDER BY display_name").map(PeerHelper.init),
             try ConsultationHoursStore.assignments(siteID: site.id, region: context.region.id, in: db))
        }
        let base = AdminPageSupport.base(site, context)
        return context.page(title: strings.adminConsultationHoursTitle(site: site.name), status: status, notices: notices) { page in
            AdminPageSupport.navigation(site, current: "consultation-hours", strings: strings, context: context)
            if hours.isEmpty {
                element("p") { strings.consultationsNone }
            }
            CardList(hours.map { block in
                let assigned = helpers.filter { (assignments[block.id] ?? []).contains($0.id) }
                return Card(
                    title: SitePageParts.hoursTitle(block, strings: strings, context: context),
                    meta: [strings.slotLength(minutes: String(block.slotMinutes)), strings.capacity(count: block.capacity)],
                    content: HTML.fragment([
                        element("p") { SitePageParts.hoursDetails(block, helpers: assigned, strings: strings, context: context) },
                        Form(action: base + "/consultation-hours/\(block.id)/remove", in: page) { form in
                            form.submit(strings.adminEndHours, secondary: true)
                        }.html,
                    ]))
            })
            element("h2") { strings.adminAddHours }
            Form(action: base + "/consultation-hours", state: state, in: page) { form in
                scheduleFields(form, strings: strings)
                form.number("slotMinutes", label: strings.fieldSlotMinutes, min: 5, max: 480)
                form.number("capacity", label: strings.fieldCapacity, hint: strings.fieldCapacityHint, min: 1, max: 50)
                form.checkboxes("topics", legend: strings.fieldTopics, options: Topics.offered(context.settings).map {
                    Choice($0, SitePresentation.topic($0, strings))
                }, hint: strings.fieldTopicsHint)
                form.text("languages", label: strings.fieldLanguages, hint: strings.fieldLanguagesHint)
                if !helpers.isEmpty {
                    form.checkboxes("helpers", legend: strings.adminHelpers, options: helpers.map {
                        Choice(String($0.id), "\($0.displayName) (\(SitePresentation.languages($0.languages, language: context.language)))")
                    })
                }
                form.checkbox("online", label: strings.fieldOnline)
                form.checkbox("walkIn", label: strings.fieldWalkIn, hint: strings.fieldWalkInHint)
                form.submit(strings.adminAdd)
            }
        }
    }

    // MARK: - Peer helpers

    /// `GET /learning-sites/admin/sites/{site}/helpers`
    @Sendable static func helpers(_ request: Request, _ context: RequestContext) throws -> Response {
        let site = try AdminPageSupport.site(request, context, access: SiteAccess(managing: context))
        let strings = LearningSitesStrings(languages: context.languages)
        return try helpersPage(site, state: FormState(), notices: request.queryValue("saved") != nil ? [Notice(.success, strings.adminSaved)] : [], context: context)
    }

    /// `POST /learning-sites/admin/sites/{site}/helpers`
    @Sendable static func addHelper(_ request: Request, _ context: RequestContext) throws -> Response {
        let strings = LearningSitesStrings(languages: context.languages)
        let site = try AdminPageSupport.site(request, context, access: SiteAccess(managing: context))
        let form = try request.formData()
        var state = FormState(form)
        let notices = try AdminPageSupport.outcome(strings, state: &state) {
            let helper = try PeerHelperBody(displayName: form["displayName"] ?? "", languages: AdminPageSupport.codes(form["languages"]), account: nil).validated()
            _ = try context.write { db in try HelperStore.add(name: helper.name, languages: helper.languages, account: nil, to: site, context: context, in: db) }
        }
        if notices.isEmpty && !state.hasErrors { return .redirect(to: AdminPageSupport.base(site, context) + "/helpers?saved=1") }
        return try helpersPage(site, state: state, status: .unprocessableContent, notices: notices, context: context)
    }

    /// `POST /learning-sites/admin/sites/{site}/helpers/{helper}/remove`
    @Sendable static func removeHelper(_ request: Request, _ context: RequestContext) throws -> Response {
        let site = try AdminPageSupport.site(request, context, access: SiteAccess(managing: context))
        let id = try AdminAPI.id(request, "helper")
        try context.write { db in try HelperStore.remove(id, of: site, context: context, in: db) }
        return .redirect(to: AdminPageSupport.base(site, context) + "/helpers?saved=1")
    }

    static func helpersPage(_ site: LearningSite, state: FormState, status: Status = .ok, notices: [Notice], context: RequestContext) throws -> Response {
        let strings = LearningSitesStrings(languages: context.languages)
        let helpers = try context.read { db in
            try db.query(PeerHelper.columns + " WHERE region = \(context.region.id) AND site_id = \(site.id) ORDER BY display_name").map(PeerHelper.init)
        }
        let base = AdminPageSupport.base(site, context)
        return context.page(title: strings.adminHelpersTitle(site: site.name), status: status, notices: notices) { page in
            AdminPageSupport.navigation(site, current: "helpers", strings: strings, context: context)
            element("p") { strings.adminHelpersIntro }
            if !helpers.isEmpty {
                Table(caption: strings.adminHelpers, columns: [strings.fieldDisplayName, strings.fieldLanguages, ""], rows: helpers.map { helper in
                    [
                        HTML.text(helper.displayName), HTML.text(SitePresentation.languages(helper.languages, language: context.language)),
                        Form(action: base + "/helpers/\(helper.id)/remove", in: page) { form in form.submit(strings.adminRemove, secondary: true) }.html,
                    ]
                })
            }
            element("h2") { strings.adminAddHelper }
            Form(action: base + "/helpers", state: state, in: page) { form in
                form.text("displayName", label: strings.fieldDisplayName, hint: strings.fieldDisplayNameHint, required: true)
                form.text("languages", label: strings.fieldLanguages, hint: strings.fieldLanguagesHint, required: true)
                form.submit(strings.adminAdd)
            }
        }
    }

    // MARK: - Tour stops

    /// `GET /learning-sites/admin/sites/{site}/tour`
    @Sendable static func tour(_ request: Request, _ context: RequestContext) throws -> Response {
        let site = try AdminPageSupport.site(request, context, access: SiteAccess(managing: context))
        let strings = LearningSitesStrings(languages: context.languages)
        let state = FormState(values: ["schedule.firstDay": AdminAPI.today(context).description, "schedule.everyWeeks": "1"])
        return try tourPage(site, state: state, notices: request.queryValue("saved") != nil ? [Notice(.success, strings.adminSaved)] : [], context: context)
    }

    /// `POST /learning-sites/admin/sites/{site}/tour`
    @Sendable static func addStop(_ request: Request, _ context: RequestContext) throws -> Response {
        let strings = LearningSitesStrings(languages: context.languages)
        let site = try AdminPageSupport.site(request, context, access: SiteAccess(managing: context))
        let form = try request.formData()
        var state = FormState(form)
        let body = TourStopBody(
            placeName: form["placeName"] ?? "",
            address: SiteBody.Address(street: form["address.street"], postalCode: form["address.postalCode"], locality: form["address.locality"]),
            latitude: AdminPageSupport.number(form["latitude"]) ?? (form["latitude"]?.isEmpty == false ? .nan : nil),
            longitude: AdminPageSupport.number(form["longitude"]) ?? (form["longitude"]?.isEmpty == false ? .nan : nil),
            schedule: schedule(form), note: form["note"])
        let notices = try AdminPageSupport.outcome(strings, state: &state) {
            guard site.kind == .mobile else { throw StaffConflict.onlyMobileSitesTour }
            let stop = try body.validated(today: AdminAPI.today(context))
            _ = try context.write { db in try TourPlan.add(stop, to: site, context: context, in: db) }
        }
        if notices.isEmpty && !state.hasErrors { return .redirect(to: AdminPageSupport.base(site, context) + "/tour?saved=1") }
        return try tourPage(site, state: state, status: .unprocessableContent, notices: notices, context: context)
    }

    /// `POST /learning-sites/admin/sites/{site}/tour/{stop}/remove`
    @Sendable static func removeStop(_ request: Request, _ context: RequestContext) throws -> Response {
        let strings = LearningSitesStrings(languages: context.languages)
        let site = try AdminPageSupport.site(request, context, access: SiteAccess(managing: context))
        let id = try AdminAPI.id(request, "stop")
        var state = FormState()
        let notices = try AdminPageSupport.outcome(strings, state: &state) {
            try context.write { db in try TourPlan.remove(id, of: site, context: context, in: db) }
        }
        if notices.isEmpty { return .redirect(to: AdminPageSupport.base(site, context) + "/tour?saved=1") }
        return try tourPage(site, state: FormState(), status: .conflict, notices: notices, context: context)
    }

    static func tourPage(_ site: LearningSite, state: FormState, status: Status = .ok, notices: [Notice], context: RequestContext) throws -> Response {
        let strings = LearningSitesStrings(languages: context.languages)
        let stops = try context.read { db in try TourPlan.stops(siteID: site.id, region: context.region.id, in: db) }
        let base = AdminPageSupport.base(site, context)
        let zone = context.region.timeZone
        return context.page(title: strings.adminTourTitle(site: site.name), status: status, notices: notices) { page in
            AdminPageSupport.navigation(site, current: "tour", strings: strings, context: context)
            if stops.isEmpty { element("p") { strings.tourNone } }
            CardList(stops.map { stop in
                let schedule = WeeklySchedule(stop.schedule)
                let when = schedule.everyWeeks == 0
                    ? SitePresentation.day(schedule.firstDay, language: context.language)
                    : "\(SitePresentation.weekday(schedule.weekday, language: context.language)), "
                        + (schedule.everyWeeks == 1 ? strings.everyWeek : strings.everyWeeks(count: schedule.everyWeeks))
                return Card(
                    title: stop.placeName,
                    meta: [when, SitePresentation.range(stop.schedule.start, stop.schedule.start.addingTimeInterval(stop.schedule.duration), zone: zone)]
                        + (stop.address.map { [$0.singleLine] } ?? []),
                    summary: stop.note,
                    content: Form(action: base + "/tour/\(stop.id)/remove", in: page) { form in form.submit(strings.adminRemove, secondary: true) }.html)
            })
            element("h2") { strings.adminAddStop }
            Form(action: base + "/tour", state: state, in: page) { form in
                form.text("placeName", label: strings.fieldPlaceName, required: true)
                form.text("address.street", label: strings.fieldStreet)
                form.text("address.postalCode", label: strings.fieldPostalCode)
                form.text("address.locality", label: strings.fieldLocality)
                form.input(.text, "latitude", label: strings.fieldLatitude, hint: strings.fieldCoordinatesHint, required: true, attributes: ["inputmode": "decimal"])
                form.input(.text, "longitude", label: strings.fieldLongitude, required: true, attributes: ["inputmode": "decimal"])
                scheduleFields(form, strings: strings)
                form.text("note", label: strings.adminExceptionNote)
                form.submit(strings.adminAdd)
            }
        }
    }
}
