import Foundation
import HTTP
import Kernel
import Web

/// Booking a slot without an account, and the page the manage link opens.
enum BookingPages {
    struct SlotView {
        var slot: ConsultationSlot
        var site: LearningSite
        var hours: ConsultationHours
        var siteName: String
    }

    static func load(_ request: Request, _ context: RequestContext) throws -> SlotView {
        guard let id = request.parameters["slot"].flatMap({ Int64($0) }) else { throw HTTPError.notFound() }
        return try context.read { db in
            guard let slot = try ConsultationDesk.slot(id, region: context.region.id, in: db),
                  let site = try SiteStore.site(id: slot.siteID, region: context.region.id, in: db), site.published,
                  let hours = try ConsultationHoursStore.hours(slot.hoursID, of: site, in: db) else {
                throw HTTPError.notFound("There is no such consultation slot here")
            }
            let texts = try SiteTexts.texts(of: [site], language: context.language, services: context.services, in: db)
            return SlotView(slot: slot, site: site, hours: hours, siteName: texts[site.id]?.name ?? site.name)
        }
    }

    /// `GET /learning-sites/slots/{slot}/book`
    @Sendable static func form(_ request: Request, _ context: RequestContext) throws -> Response {
        let view = try load(request, context)
        var values: [String: String] = [:]
        if let language = request.queryValue("language") { values["language"] = language }
        return page(view, state: FormState(values: values), context: context)
    }

    /// `POST /learning-sites/slots/{slot}/book`
    @Sendable static func submit(_ request: Request, _ context: RequestContext) throws -> Response {
        let view = try load(request, context)
        let strings = LearningSitesStrings(languages: context.languages)
        let form = try request.formData()
        var state = FormState(form)
        let body = BookingBody(
            name: form["name"], email: form["email"], phone: form["phone"], topic: form["topic"], language: form["language"], note: form["note"])
        do {
            let (_, token) = try context.write { db in try ConsultationDesk.book(slotID: view.slot.id, request: body, context: context, in: db) }
            return .redirect(to: context.pageURL("/learning-sites/consultations/manage?booked=1&token=\(PercentDecoding.encode(token))"))
        } catch let problem as InputProblem {
            state.addError(SitePresentation.problem(problem, strings), field: problem.field)
            return page(view, state: state, status: .unprocessableContent, context: context)
        } catch let refusal as ConsultationDesk.Refusal {
            return page(view, state: state, status: .conflict, notices: [Notice(.error, SitePresentation.refusal(refusal, strings))], context: context)
        }
    }

    static func page(_ view: SlotView, state: FormState, status: Status = .ok, notices: [Notice] = [], context: RequestContext) -> Response {
        let strings = LearningSitesStrings(languages: context.languages)
        let zone = context.region.timeZone
        let bookable = !view.slot.withdrawn && view.slot.start > context.now && view.slot.freePlaces > 0
        var allNotices = notices
        if !bookable && notices.isEmpty {
            allNotices.append(Notice(.error, view.slot.start <= context.now ? strings.refusalStarted
                                     : view.slot.withdrawn ? strings.refusalWithdrawn : strings.refusalTaken))
        }
        let languages = ConsultationDesk.languages(of: view.hours, region: context.region)
        return context.page(title: strings.bookTitle, status: status, notices: allNotices) { page in
            DefinitionList([
                (strings.factSite, HTML.text(view.siteName)),
                (strings.factWhen, HTML.text(SitePresentation.slotRange(view.slot.start, view.slot.end, zone: zone, language: context.language))),
                (strings.factWhere, HTML.text(view.hours.online ? strings.online : (view.site.address?.singleLine ?? view.siteName))),
            ])
            if bookable {
                element("p") { strings.bookIntro }
                Form(action: context.pageURL("/learning-sites/slots/\(view.slot.id)/book"), state: state, in: page) { form in
                    form.text("name", label: strings.bookName, hint: strings.bookNameHint, required: true, autocomplete: "name")
                    form.email("email", label: strings.bookEmail, hint: strings.bookContactHint)
                    form.tel("phone", label: strings.bookPhone)
                    form.select("topic", label: strings.bookTopic, options: view.hours.topics.map { Choice($0, SitePresentation.topic($0, strings)) }, required: true)
                    form.select("language", label: strings.bookLanguage, options: languages.map { Choice($0, LanguageCode.name($0, in: context.language)) }, required: true)
                    form.textarea("note", label: strings.bookNote, hint: strings.bookNoteHint, rows: 3)
                    form.submit(strings.bookSubmit)
                }
                element("p", ["class": "hint"]) { strings.bookPrivacy }
            } else {
                element("p") { element("a", ["href": context.pageURL(view.site.path + "#slots")]) { strings.bookOther } }
            }
        }
    }

    // MARK: - The manage link

    /// `GET /learning-sites/consultations/manage?token=`
    @Sendable static func manage(_ request: Request, _ context: RequestContext) throws -> Response {
        let strings = LearningSitesStrings(languages: context.languages)
        let token = try PublicAPI.requiredToken(request.queryValue("token"))
        var notices: [Notice] = []
        if request.queryValue("booked") != nil { notices.append(Notice(.success, strings.manageBooked)) }
        if request.queryValue("cancelled") != nil { notices.append(Notice(.success, strings.manageCancelled)) }
        return try managePage(token: token, notices: notices, context: context)
    }

    /// `POST /learning-sites/consultations/manage`: cancel.
    @Sendable static func cancel(_ request: Request, _ context: RequestContext) throws -> Response {
        let strings = LearningSitesStrings(languages: context.languages)
        let token = try PublicAPI.requiredToken(try request.formData()["token"])
        do {
            _ = try PublicAPI.refusals {
                try context.write { db in
                    try ConsultationDesk.cancel(
                        ConsultationDesk.consultation(forToken: token, region: context.region.id, services: context.services, in: db),
                        context: context, in: db)
                }
            }
        } catch let error as HTTPError where error.status == .conflict {
            // Cancelled already (a second click, another tab): what the person wanted is done.
            let state = try? context.read { db in
                try ConsultationDesk.consultation(forToken: token, region: context.region.id, services: context.services, in: db).booking.state
            }
            guard state == .cancelled else {
                return try managePage(token: token, status: .conflict, notices: [Notice(.error, strings.refusalStarted)], context: context)
            }
        }
        return .redirect(to: context.pageURL("/learning-sites/consultations/manage?cancelled=1&token=\(PercentDecoding.encode(token))"))
    }

    static func managePage(token: String, status: Status = .ok, notices: [Notice], context: RequestContext) throws -> Response {
        let strings = LearningSitesStrings(languages: context.languages)
        let zone = context.region.timeZone
        let (consultation, site, hours, name) = try PublicAPI.refusals {
            try context.read { db -> (Consultation, LearningSite?, ConsultationHours?, String?) in
                let consultation = try ConsultationDesk.consultation(forToken: token, region: context.region.id, services: context.services, in: db)
                let site = try SiteStore.site(id: consultation.slot.siteID, region: context.region.id, in: db)
                let hours = try site.flatMap { try ConsultationHoursStore.hours(consultation.slot.hoursID, of: $0, in: db) }
                let texts = try site.map { try SiteTexts.texts(of: [$0], language: context.language, services: context.services, in: db) }
                return (consultation, site, hours, site.flatMap { texts?[$0.id]?.name ?? $0.name })
            }
        }
        let state: String
        switch consultation.booking.state {
        case .confirmed: state = consultation.slot.end < context.now ? strings.stateTookPlace : strings.stateConfirmed
        default: state = strings.stateCancelled
        }
        var response = context.page(title: strings.manageTitle, status: status, notices: notices) { page in
            DefinitionList([
                (strings.factSite, site.map { site in element("a", ["href": context.pageURL(site.path)]) { name ?? site.name } } ?? .empty),
                (strings.factWhen, HTML.text(SitePresentation.slotRange(consultation.slot.start, consultation.slot.end, zone: zone, language: context.language))),
                (strings.factWhere, HTML.text(hours?.online == true ? strings.online : (site?.address?.singleLine ?? name ?? ""))),
                (strings.bookTopic, HTML.text(SitePresentation.topic(consultation.topic, strings))),
                (strings.bookLanguage, HTML.text(LanguageCode.name(consultation.language, in: context.language))),
            ])
            element("p", ["id": "state", "data-state": consultation.booking.state.rawValue]) { element("strong") { state } }
            if consultation.booking.state == .confirmed && consultation.slot.start > context.now {
                element("p") { strings.manageKeepLink }
                Form(action: context.pageURL("/learning-sites/consultations/manage"), in: page) { form in
                    form.hidden("token", value: token)
                    form.submit(strings.manageCancel, secondary: true)
                }
            }
        }
        // The token is in this page's address: keep it out of other sites' logs and caches.
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Cache-Control"] = "no-store"
        return response
    }
}
