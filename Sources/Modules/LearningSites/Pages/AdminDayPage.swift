import Foundation
import HTTP
import Kernel
import Web

/// The day's consultations at a site, for the staff at the desk: who comes when, for what and
/// in which language; buttons for "came" and "did not come"; the outcome (topic handled,
/// follow-up needed). Works on a phone and prints as a list.
enum AdminDayPage {
    /// `GET /learning-sites/admin/sites/{site}/day?day=`
    @Sendable static func show(_ request: Request, _ context: RequestContext) throws -> Response {
        let strings = LearningSitesStrings(languages: context.languages)
        var day = AdminAPI.today(context)
        if let text = request.queryValue("day"), !text.isEmpty {
            guard let value = LocalDay(text) else { throw HTTPError.badRequest(strings.problemInvalidDay, field: "day") }
            day = value
        }
        let notices = request.queryValue("saved") != nil ? [Notice(.success, strings.adminSaved)] : []
        return try page(request, day: day, notices: notices, context: context)
    }

    static func page(_ request: Request, day: LocalDay, status: Status = .ok, notices: [Notice], context: RequestContext) throws -> Response {
        let strings = LearningSitesStrings(languages: context.languages)
        let site = try AdminPageSupport.site(request, context, access: SiteAccess(consulting: context))
        let consultations = try context.read { db in try ConsultationDesk.day(day, site: site, zone: context.region.timeZone, in: db) }
        let zone = context.region.timeZone
        let base = AdminPageSupport.base(site, context)
        return context.page(title: strings.adminDayTitle(site: site.name), status: status, notices: notices) { page in
            if context.allows("learning-sites.manage") && SiteAccess(managing: context).allows(site) {
                AdminPageSupport.navigation(site, current: "day", strings: strings, context: context)
            }
            Form(action: base + "/day", method: .get, state: FormState(values: ["day": day.description]), in: page) { form in
                form.date("day", label: strings.hoursDay)
                form.submit(strings.slotsShow, secondary: true)
            }
            element("h2") { SitePresentation.day(day, language: context.language) + " – " + strings.adminBookings(count: consultations.filter { $0.booking.state == .confirmed }.count) }
            if consultations.isEmpty { element("p") { strings.adminNoBookings } }
            CardList(consultations.map { consultation in
                card(consultation, strings: strings, zone: zone, page: page, context: context)
            })
        }
    }

    static func card(_ consultation: Consultation, strings: LearningSitesStrings, zone: TimeZone, page: PageContext, context: RequestContext) -> Card {
        let action = context.pageURL("/learning-sites/admin/consultations/\(consultation.id)")
        let booking = consultation.booking
        var meta = [SitePresentation.range(consultation.slot.start, consultation.slot.end, zone: zone),
                    SitePresentation.topic(consultation.topic, strings), LanguageCode.name(consultation.language, in: context.language)]
        switch (booking.state, booking.attendance) {
        case (.confirmed, .attended?): meta.append(strings.attendanceCame)
        case (.confirmed, .noShow?): meta.append(strings.attendanceNoShow)
        case (.confirmed, nil): meta.append(strings.stateConfirmed)
        default: meta.append(strings.stateCancelled)
        }
        let contact = [booking.email, consultation.phone].compactMap { $0 }.joined(separator: " · ")
        return Card(
            title: consultation.contactErased ? strings.adminErased : booking.name, meta: meta,
            summary: [contact.isEmpty ? nil : contact, consultation.note].compactMap { $0 }.joined(separator: " – "),
            content: booking.state != .confirmed ? .empty : HTML.fragment([
                Form(action: action, in: page) { form in
                    form.submit(strings.attendanceCameButton, name: "attendance", value: "attended", secondary: booking.attendance == .attended)
                    form.submit(strings.attendanceNoShowButton, name: "attendance", value: "no-show", secondary: true)
                }.html,
                booking.attendance == .attended ? Form(
                    action: action,
                    state: FormState(values: ["outcome": consultation.outcomeTopic ?? consultation.topic]).with(consultation.followUp == true ? "followUp" : nil),
                    in: page
                ) { form in
                    form.select("outcome", label: strings.outcomeTopic, options: Topics.all.map { Choice($0, SitePresentation.topic($0, strings)) })
                    form.checkbox("followUp", label: strings.outcomeFollowUp)
                    form.submit(strings.outcomeSave, name: "save", value: "outcome")
                }.html : .empty,
            ]))
    }

    /// `POST /learning-sites/admin/consultations/{consultation}`: attendance or outcome.
    @Sendable static func record(_ request: Request, _ context: RequestContext) throws -> Response {
        let strings = LearningSitesStrings(languages: context.languages)
        let form = try request.formData()
        let (consultation, site) = try context.read { db -> (Consultation, LearningSite) in
            let consultation = try AdminAPI.loadConsultation(request, context, in: db)
            guard let site = try SiteStore.site(id: consultation.slot.siteID, region: context.region.id, in: db) else { throw HTTPError.notFound() }
            return (consultation, site)
        }
        let day = LocalMoment(consultation.slot.start, in: context.region.timeZone).day
        var dayRequest = request
        dayRequest.parameters["site"] = String(site.id)
        do {
            try context.write { db in
                if let attendance = form["attendance"] {
                    _ = try ConsultationDesk.recordAttendance(attendance == "attended", of: consultation, context: context, in: db)
                } else {
                    _ = try ConsultationDesk.recordOutcome(
                        topic: form["outcome"] ?? "", followUp: form["followUp"] != nil, of: consultation, context: context, in: db)
                }
            }
        } catch let conflict as StaffConflict {
            return try page(dayRequest, day: day, status: .conflict, notices: [Notice(.error, SitePresentation.conflict(conflict, strings))], context: context)
        } catch let problem as InputProblem {
            return try page(dayRequest, day: day, status: .unprocessableContent, notices: [Notice(.error, SitePresentation.problem(problem, strings))], context: context)
        } catch let error as BookingError {
            return try page(dayRequest, day: day, status: .conflict, notices: [Notice(.error, error.description)], context: context)
        }
        return .redirect(to: AdminPageSupport.base(site, context) + "/day?day=\(day)&saved=1")
    }
}

extension FormState {
    /// The state with the checkbox `name` ticked (nothing when nil).
    func with(_ name: String?) -> FormState {
        guard let name else { return self }
        var copy = self
        copy.set(name, "yes")
        return copy
    }
}
