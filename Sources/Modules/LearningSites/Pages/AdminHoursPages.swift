import Foundation
import HTTP
import Kernel
import Web

/// Opening hours for staff: the regular week as one line per weekday (`09:00-13:00, 14:00-18:00`),
/// and the days that differ.
enum AdminHoursPages {
    /// `GET /learning-sites/admin/sites/{site}/hours`
    @Sendable static func show(_ request: Request, _ context: RequestContext) throws -> Response {
        let strings = LearningSitesStrings(languages: context.languages)
        let site = try AdminPageSupport.site(request, context, access: SiteAccess(managing: context))
        let week = try context.read { db in try OpeningHoursStore.week(siteID: site.id, region: context.region.id, in: db) }
        var notices: [Notice] = []
        if request.queryValue("created") != nil { notices.append(Notice(.success, strings.adminCreated)) }
        if request.queryValue("saved") != nil { notices.append(Notice(.success, strings.adminSaved)) }
        return try page(site, week: FormState(values: weekValues(week)), exception: FormState(values: ["exception.kind": "holiday"]), notices: notices, context: context)
    }

    /// The week form's fields for the saved hours: `hours-MO` = `09:00–12:30, 14:00–18:00` as
    /// `AdminPageSupport.ranges` reads it back (plain text: the isolates and joiners that
    /// `SitePresentation.range` adds for display would make an unchanged form fail), and
    /// `appointment-MO` ticked for appointment-only days.
    static func weekValues(_ week: [OpeningInterval]) -> [String: String] {
        var values: [String: String] = [:]
        for weekday in 1...7 {
            let day = week.filter { $0.weekday == weekday }
            values["hours-\(Weekdays.codes[weekday - 1])"] = day.map { ClockTime.text($0.opens) + "–" + ClockTime.text($0.closes) }
                .joined(separator: ", ")
            if day.contains(where: \.appointmentOnly) { values["appointment-\(Weekdays.codes[weekday - 1])"] = "yes" }
        }
        return values
    }

    /// `POST /learning-sites/admin/sites/{site}/hours`
    @Sendable static func saveWeek(_ request: Request, _ context: RequestContext) throws -> Response {
        let strings = LearningSitesStrings(languages: context.languages)
        let site = try AdminPageSupport.site(request, context, access: SiteAccess(managing: context))
        let form = try request.formData()
        var state = FormState(form)
        var intervals: [OpeningInterval] = []
        for weekday in 1...7 {
            let code = Weekdays.codes[weekday - 1]
            let field = "hours-\(code)"
            let text = (form[field] ?? "").trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty else { continue }
            guard let ranges = AdminPageSupport.ranges(text) else {
                state.addError(strings.problemInvalidRanges, field: field)
                continue
            }
            do {
                let day = try OpeningHoursInput.week(ranges.map { (code, $0.opens, $0.closes, form["appointment-\(code)"] != nil) })
                intervals += day
            } catch {
                state.addError(SitePresentation.problem(error, strings), field: field)
            }
        }
        var notices: [Notice] = []
        if !state.hasErrors {
            notices = try AdminPageSupport.outcome(strings, state: &state) {
                try context.write { db in try OpeningHoursStore.setWeek(intervals, of: site, context: context, in: db) }
            }
            if notices.isEmpty && !state.hasErrors { return .redirect(to: AdminPageSupport.base(site, context) + "/hours?saved=1") }
        }
        return try page(site, week: state, exception: FormState(), status: .unprocessableContent, notices: notices, context: context)
    }

    /// `POST /learning-sites/admin/sites/{site}/exceptions`
    @Sendable static func addException(_ request: Request, _ context: RequestContext) throws -> Response {
        let strings = LearningSitesStrings(languages: context.languages)
        let site = try AdminPageSupport.site(request, context, access: SiteAccess(managing: context))
        let form = try request.formData()
        var state = FormState(form)
        let kind = form["exception.kind"] ?? ""
        let hoursText = form["exception.hours"] ?? ""
        var ranges: [(opens: String, closes: String)] = []
        if kind == HoursException.Kind.hours.rawValue {
            if let parsed = AdminPageSupport.ranges(hoursText), !hoursText.isEmpty { ranges = parsed } else {
                state.addError(strings.problemInvalidRanges, field: "exception.hours")
            }
        }
        var notices: [Notice] = []
        if !state.hasErrors {
            notices = try AdminPageSupport.outcome(strings, state: &state) {
                let rows = try OpeningHoursInput.exception(
                    day: form["exception.day"] ?? "", kind: kind, hours: ranges, note: form["exception.note"],
                    today: AdminAPI.today(context))
                try context.write { db in try OpeningHoursStore.setException(rows, of: site, context: context, in: db) }
            }
            if notices.isEmpty && !state.hasErrors { return .redirect(to: AdminPageSupport.base(site, context) + "/hours?saved=1#exceptions") }
        }
        let week = try context.read { db in try OpeningHoursStore.week(siteID: site.id, region: context.region.id, in: db) }
        return try page(site, week: FormState(values: weekValues(week)), exception: state, status: .unprocessableContent, notices: notices, context: context)
    }

    /// `POST /learning-sites/admin/sites/{site}/exceptions/remove`
    @Sendable static func removeException(_ request: Request, _ context: RequestContext) throws -> Response {
        let strings = LearningSitesStrings(languages: context.languages)
        let site = try AdminPageSupport.site(request, context, access: SiteAccess(managing: context))
        let day = try request.formData()["day"] ?? ""
        var state = FormState()
        let notices = try AdminPageSupport.outcome(strings, state: &state) {
            _ = try context.write { db in try OpeningHoursStore.removeException(day: day, of: site, context: context, in: db) }
        }
        if notices.isEmpty { return .redirect(to: AdminPageSupport.base(site, context) + "/hours?saved=1#exceptions") }
        return try page(site, week: FormState(), exception: FormState(), status: .conflict, notices: notices, context: context)
    }

    static func page(
        _ site: LearningSite, week: FormState, exception: FormState, status: Status = .ok, notices: [Notice], context: RequestContext
    ) throws -> Response {
        let strings = LearningSitesStrings(languages: context.languages)
        let today = AdminAPI.today(context)
        let exceptions = try context.read { db in try OpeningHoursStore.exceptions(siteID: site.id, region: context.region.id, from: today, in: db) }
        let base = AdminPageSupport.base(site, context)
        return context.page(title: strings.adminHoursTitle(site: site.name), status: status, notices: notices) { page in
            AdminPageSupport.navigation(site, current: "hours", strings: strings, context: context)
            element("h2") { strings.adminWeek }
            element("p", ["class": "hint"]) { strings.adminWeekHint }
            Form(action: base + "/hours", state: week, in: page) { form in
                for weekday in 1...7 {
                    let code = Weekdays.codes[weekday - 1]
                    element("fieldset", ["class": "field"]) {
                        element("legend") { SitePresentation.weekday(weekday, language: context.language) }
                        form.text("hours-\(code)", label: strings.adminWeekTimes)
                        form.checkbox("appointment-\(code)", label: strings.hoursByAppointment)
                    }
                }
                form.submit(strings.adminSave)
            }
            element("h2", ["id": "exceptions"]) { strings.adminExceptions }
            if exceptions.isEmpty {
                element("p") { strings.adminNoExceptions }
            } else {
                Table(caption: strings.adminExceptionsCaption, columns: [strings.hoursDay, strings.hoursTimes, ""], rows: Dictionary(grouping: exceptions, by: \.day).sorted { $0.key < $1.key }.map { day, rows in
                    [
                        HTML.text(SitePresentation.day(LocalDay(day) ?? today, language: context.language)),
                        HTML.text(rows.map { SitePageParts.exceptionLabel($0, strings) }.joined(separator: ", ") + (rows.first?.note.map { " – " + $0 } ?? "")),
                        Form(action: base + "/exceptions/remove", in: page) { form in
                            form.hidden("day", value: day)
                            form.submit(strings.adminRemove, secondary: true)
                        }.html,
                    ]
                })
            }
            element("h3") { strings.adminAddException }
            Form(action: base + "/exceptions", state: exception, in: page) { form in
                form.date("exception.day", label: strings.hoursDay, required: true)
                form.radios("exception.kind", legend: strings.adminExceptionKind, options: [
                    Choice("holiday", strings.hoursHoliday), Choice("closed", strings.hoursClosed),
                    Choice("appointment-only", strings.hoursByAppointment), Choice("hours", strings.hoursSpecial),
                ], required: true)
                form.text("exception.hours", label: strings.adminExceptionHours, hint: strings.adminExceptionHoursHint)
                form.text("exception.note", label: strings.adminExceptionNote, hint: strings.adminExceptionNoteHint)
                form.submit(strings.adminAdd)
            }
        }
    }
}
