import Foundation
import HTTP
import Kernel
import Web

/// The public pages: upcoming workshops with filters, the archive, a workshop with its
/// sessions and registration form, a programme's agenda, the workshop's calendar file, and
/// the page a manage link opens (change details, cancel).
enum WorkshopPages {
    static let routes: [Route] = [
        .page(.get, "/workshops", access: .public, summary: "Upcoming workshops with filters", handler: list),
        .page(.get, "/workshops/past", access: .public, summary: "Past workshops with their participant counts", handler: past),
        .page(.get, "/workshops/registration", access: .public, summary: "Manage a registration (from the link in its mail)", handler: manage),
        .page(.post, "/workshops/registration", access: .public, summary: "Change the details of a registration", handler: change),
        .page(.post, "/workshops/registration/cancel", access: .public, summary: "Cancel a registration", handler: cancel),
        .page(.get, "/workshops/programmes/{id}", access: .public, summary: "A programme's numbered agenda", handler: programme),
        .page(.get, "/workshops/{id}", access: .public, summary: "A workshop with its sessions and registration form", handler: detail),
        .page(.post, "/workshops/{id}", access: .public, summary: "Register for a workshop", handler: register),
        .page(.get, "/workshops/{id}/calendar.ics", access: .public, summary: "A workshop's sessions as iCalendar", handler: calendar),
    ]

    // MARK: - Lists

    static func filter(_ request: Request) throws -> WorkshopStore.Filter {
        func value(_ name: String) -> String? { request.queryValue(name).flatMap { $0.isEmpty ? nil : $0 } }
        var filter = WorkshopStore.Filter()
        if let text = value("topic") {
            guard let id = Int64(text) else { throw HTTPError.badRequest("topic must be a topic's number", field: "topic") }
            filter.topic = id
        }
        if let text = value("format") {
            guard let format = Workshop.Format(rawValue: text) else {
                throw HTTPError.badRequest("format must be in-person, online or hybrid", field: "format")
            }
            filter.format = format
        }
        if let text = value("language") {
            guard (2...3).contains(text.count), text.allSatisfy({ $0.isASCII && $0.isLetter }) else {
                throw HTTPError.badRequest("language must be a language code such as de", field: "language")
            }
            filter.language = text.lowercased()
        }
        if let text = value("targetGroup") {
            guard let group = Workshop.TargetGroup(rawValue: text) else {
                throw HTTPError.badRequest("targetGroup must be volunteers-staff, multipliers, migrants-refugees or mixed", field: "targetGroup")
            }
            filter.targetGroup = group
        }
        if let text = value("programme") {
            guard let id = Int64(text) else { throw HTTPError.badRequest("programme must be a programme's number", field: "programme") }
            filter.programme = id
        }
        return filter
    }

    @Sendable static func list(_ request: Request, _ context: RequestContext) throws -> Response {
        let strings = WorkshopsStrings(languages: context.languages)
        let filter = try self.filter(request)
        let after = request.queryValue("after").flatMap(WorkshopStore.Position.init)
        let store = WorkshopStore(context)
        let (items, next, topics) = try context.read { db in
            let (workshops, next) = try store.upcoming(filter, after: after, limit: 20, now: context.now, in: db)
            return (try WorkshopsAPI.summaries(workshops, store: store, context: context, in: db), next, try store.topics(in: db))
        }
        var query = request.queryItems.filter { $0.name != "after" && !$0.value.isEmpty }
        let nextURL = next.map { position -> String in
            query.append((name: "after", value: position.text))
            return context.pageURL("/workshops") + "?" + query.map { "\($0.name)=\(PercentDecoding.encode($0.value))" }.joined(separator: "&")
        }
        return context.page(title: strings.listTitle) { page in
            Form(action: context.pageURL("/workshops"), method: .get, state: FormState(submitted: request.queryItems), in: page) { form in
                form.select("topic", label: strings.fieldTopic,
                            options: [Choice("", strings.filterAll)] + topics.map { Choice(String($0.id), $0.name(for: context.languages)) })
                form.select("format", label: strings.fieldFormat, options: [Choice("", strings.filterAll)] + formatChoices(strings))
                form.select("language", label: strings.fieldLanguages, options: [Choice("", strings.filterAll)] + languageChoices(context))
                form.select("targetGroup", label: strings.fieldTargetGroup, options: [Choice("", strings.filterAll)] + targetGroupChoices(strings))
                form.submit(strings.filterApply, secondary: true)
            }
            if items.isEmpty {
                element("p") { strings.listEmpty }
            } else {
                CardList(items.map { card($0, strings: strings, context: context) })
            }
            Pagination(previous: nil, next: nextURL, in: page)
            element("p") { element("a", ["href": context.pageURL("/workshops/past")]) { strings.pastTitle } }
            element("p") { element("a", ["href": context.pageURL("/calendar.ics")]) { strings.calendarRegion } }
        }
    }

    static func card(_ item: WorkshopsAPI.Summary, strings: WorkshopsStrings, context: RequestContext) -> Card {
        var meta = [dateLine(item, context: context), formatName(item.format, strings)]
        if let location = item.location { meta.append(location) }
        meta.append(phaseText(item, strings))
        return Card(title: item.title, url: context.pageURL("/workshops/\(item.id)"), meta: meta, summary: item.summary.isEmpty ? nil : item.summary)
    }

    static func dateLine(_ item: WorkshopsAPI.Summary, context: RequestContext) -> String {
        guard item.sessions > 1 else { return context.dates.span(item.startsAt, item.endsAt) }
        // A series: when it starts, and how many sessions it has.
        return context.dates.moment(item.startsAt) + " · " + WorkshopsStrings(languages: context.languages).sessionsCount(count: item.sessions)
    }

    static func phaseText(_ item: WorkshopsAPI.Summary, _ strings: WorkshopsStrings) -> String {
        switch Workshop.Phase(rawValue: item.status) ?? .open {
        case .open: strings.freePlaces(count: item.freePlaces)
        case .full: strings.phaseFull
        case .closed: strings.phaseClosed
        case .cancelled: strings.phaseCancelled
        case .held: strings.participantsCount(count: item.confirmed)
        case .draft: strings.phaseDraft
        }
    }

    @Sendable static func past(_ request: Request, _ context: RequestContext) throws -> Response {
        let strings = WorkshopsStrings(languages: context.languages)
        let before = request.queryValue("before").flatMap(WorkshopStore.Position.init)
        let store = WorkshopStore(context)
        let (items, next) = try context.read { db in
            let (workshops, next) = try store.past(before: before, limit: 30, now: context.now, in: db)
            return (try WorkshopsAPI.summaries(workshops, store: store, context: context, in: db), next)
        }
        return context.page(title: strings.pastTitle) { page in
            if items.isEmpty {
                element("p") { strings.pastEmpty }
            } else {
                Table(
                    caption: strings.pastTitle, columns: [strings.columnTopic, strings.columnDate, strings.columnPlace, strings.columnParticipants],
                    rows: items.map { item -> [HTML] in
                        [element("a", ["href": context.pageURL("/workshops/\(item.id)")]) { item.title },
                         HTML.text(dateLine(item, context: context)), HTML.text(item.location ?? formatName(item.format, strings)),
                         HTML.text(String(item.confirmed))]
                    })
            }
            Pagination(previous: nil, next: next.map { context.pageURL("/workshops/past") + "?before=\($0.text)" }, in: page)
        }
    }

    /// The region home page's section: the next three workshops open to the public.
    @Sendable static func homeSection(_ context: RequestContext) throws -> HomeListing? {
        let store = WorkshopStore(context)
        let items = try context.read { db in
            try WorkshopsAPI.summaries(try store.upcoming(.init(), after: nil, limit: 3, now: context.now, in: db).items, store: store, context: context, in: db)
        }
        guard !items.isEmpty else { return nil }
        let strings = WorkshopsStrings(languages: context.languages)
        return HomeListing(
            id: "workshops.next", title: strings.homeNext,
            items: items.map { HomeListing.Item(title: $0.title, url: context.pageURL("/workshops/\($0.id)"), meta: dateLine($0, context: context)) },
            more: HomeListing.Item(title: strings.homeAll, url: context.pageURL("/workshops")))
    }

    // MARK: - One workshop

    struct DetailData {
        var workshop: Workshop
        var texts: WorkshopTexts
        var summary: WorkshopsAPI.Summary
        var questions: [Question]
        var programme: Programme?
    }

    static func load(_ id: Int64, context: RequestContext) throws -> DetailData {
        let store = WorkshopStore(context)
        return try context.read { db in
            let workshop = try WorkshopsAPI.published(id, store: store, in: db)
            let texts = try WorkshopTextStore(services: context.services, region: context.region).texts(of: workshop, language: context.language, in: db)
            let summary = try WorkshopsAPI.summaries([workshop], store: store, context: context, in: db)[0]
            return DetailData(
                workshop: workshop, texts: texts, summary: summary, questions: try store.questions(of: id, in: db),
                programme: try workshop.programmeID.flatMap { try store.programme($0, in: db) })
        }
    }

    @Sendable static func detail(_ request: Request, _ context: RequestContext) throws -> Response {
        let data = try load(try WorkshopsAPI.workshopID(request), context: context)
        var state = FormState()
        state.set("language", context.language)
        if context.principal.isSignedIn {
            state.set("name", context.principal.displayName)
            state.set("email", context.principal.email)
        }
        return detailPage(data, state: state, context: context)
    }

    static func detailPage(_ data: DetailData, state: FormState, status: Status = .ok, notices: [Notice] = [], context: RequestContext) -> Response {
        let strings = WorkshopsStrings(languages: context.languages)
        let workshop = data.workshop
        // The texts may be in a fallback language: they carry their own language and direction.
        let language = data.texts.language, direction = TextDirection(language: language).rawValue
        return context.page(title: data.texts.title, titleLanguage: data.texts.language, status: status, notices: notices) { page in
            HTML.unsafeTrustedMarkup(jsonLD(data, context: context))
            if !data.texts.summary.isEmpty { element("p", ["class": "lead", "lang": language, "dir": direction]) { data.texts.summary } }
            DefinitionList([
                (term: strings.fieldStatus, details: phaseText(data.summary, strings)),
                (term: strings.fieldFormat, details: formatName(workshop.format.rawValue, strings)),
                (term: strings.fieldPlace, details: data.summary.location ?? strings.formatOnline),
                (term: strings.fieldLanguages, details: context.listed(workshop.languages.map { languageName($0, context: context) })),
                (term: strings.fieldTargetGroup, details: targetGroupName(workshop.targetGroup, strings)),
                (term: strings.fieldTrainers, details: workshop.trainers.isEmpty ? "–" : context.listed(workshop.trainers)),
                (term: strings.fieldCapacity, details: strings.placesOf(free: String(data.summary.freePlaces), capacity: String(workshop.capacity))),
                (term: strings.fieldRegistrationCloses, details: context.dates.moment(workshop.registrationDeadline)),
            ])
            if let programme = data.programme, programme.published {
                element("p") {
                    strings.partOfProgramme
                    " "
                    element("a", ["href": context.pageURL("/workshops/programmes/\(programme.id)")]) { programme.title }
                }
            }
            if !data.texts.description.isEmpty {
                // The markup renderer's output: every text in it is escaped, its tags are its own.
                element("div", ["class": "description", "lang": language, "dir": direction]) { HTML.unsafeTrustedMarkup(Markup.html(data.texts.description)) }
            }
            Table(
                caption: strings.sessionsTitle, columns: [strings.columnNumber, strings.columnDate],
                rows: workshop.occurrences().enumerated().map { [String($0.offset + 1), WorkshopCalendar.sessionLine($0.element, dates: context.dates)] })
            element("p") { element("a", ["href": context.pageURL("/workshops/\(workshop.id)/calendar.ics")]) { strings.calendarWorkshop } }
            element("h2", ["id": "register"]) { strings.registerTitle }
            if workshop.acceptsRegistrations(now: context.now) {
                if data.summary.freePlaces == 0 { element("p") { strings.registerWaitlistNote } }
                Form(action: context.pageURL("/workshops/\(workshop.id)") + "#register", state: state, in: page) { form in
                    registrationFields(form, questions: data.questions, strings: strings, context: context, withEmail: true)
                    form.submit(data.summary.freePlaces == 0 ? strings.registerWaitlistSubmit : strings.registerSubmit)
                }
            } else {
                element("p") { workshop.status == .cancelled ? strings.phaseCancelled : strings.registerClosed }
            }
        }
    }

    /// The fields a person fills in to register (or to change their registration).
    static func registrationFields(
        _ form: FormFields, questions: [Question], strings: WorkshopsStrings, context: RequestContext, withEmail: Bool
    ) -> HTML {
        var parts: [HTML] = [form.text("name", label: strings.fieldName, required: true, autocomplete: "name")]
        if withEmail { parts.append(form.email("email", label: strings.fieldEmail, hint: strings.fieldEmailHint, required: true)) }
        parts.append(form.tel("phone", label: strings.fieldPhone))
        parts.append(form.select("language", label: strings.fieldMailLanguage, options: languageChoices(context, regionOnly: true)))
        parts.append(form.textarea("accessibility", label: strings.fieldAccessibility, hint: strings.fieldAccessibilityHint, rows: 3))
        for question in questions {
            let label = question.label(for: context.languages)
            switch question.kind {
            case .text:
                parts.append(form.text(question.field, label: label, required: question.required))
            case .choice:
                let options = question.options(for: context.languages).enumerated().map { Choice(String($0.offset), $0.element) }
                parts.append(form.radios(question.field, legend: label, options: options, required: question.required))
            case .yesNo:
                parts.append(form.radios(question.field, legend: label, options: [Choice("yes", strings.yes), Choice("no", strings.no)],
                                         required: question.required))
            }
        }
        return HTML.fragment(parts)
    }

    static func registrationInput(_ form: FormData, questions: [Question], context: RequestContext, source: Registration.Source) -> RegistrationInput {
        var answers: [String: String] = [:]
        for question in questions { if let value = form[question.field] { answers[String(question.id)] = value } }
        return RegistrationInput(
            name: form["name"] ?? "", email: form["email"], phone: form["phone"], language: form["language"],
            accessibility: form["accessibility"], answers: answers, accountID: context.principal.accountID, source: source)
    }

    @Sendable static func register(_ request: Request, _ context: RequestContext) throws -> Response {
        let id = try WorkshopsAPI.workshopID(request)
        let form = try request.formData()
        let data = try load(id, context: context)
        let strings = WorkshopsStrings(languages: context.languages)
        let input = registrationInput(form, questions: data.questions, context: context, source: context.principal.isSignedIn ? .account : .form)
        let registrar = Registrar(context)
        do {
            let registration = try context.write { db in try registrar.register(input, for: id, in: db) }
            let message = registration.booking.state == .confirmed ? strings.registeredConfirmed
                : strings.registeredWaitlisted(position: String(registration.booking.waitlistPosition ?? 0))
            let fresh = try load(id, context: context)
            return context.page(title: fresh.texts.title, status: .created, notices: [Notice(.success, message)]) { _ in
                element("p") { strings.registeredMailSent }
                element("p") { element("a", ["href": context.pageURL("/workshops/\(id)")]) { strings.backToWorkshop } }
            }
        } catch let error as WorkshopError {
            var state = FormState(submitted: form.items)
            state.addError(describe(error, strings), field: error.field ?? "name")
            return detailPage(data, state: state, status: error.httpError.status, context: context)
        } catch let problems as Problems {
            var state = FormState(submitted: form.items)
            for item in problems.items { state.addError(describe(item.problem, field: item.field, strings), field: item.field) }
            return detailPage(data, state: state, status: .unprocessableContent, context: context)
        }
    }

    @Sendable static func calendar(_ request: Request, _ context: RequestContext) throws -> Response {
        let id = try WorkshopsAPI.workshopID(request)
        let store = WorkshopStore(context)
        let (event, title) = try context.read { db in
            let workshop = try WorkshopsAPI.published(id, store: store, in: db)
            let texts = try WorkshopTextStore(services: context.services, region: context.region).texts(of: workshop, language: context.language, in: db)
            let event = WorkshopCalendar(services: context.services, region: context.region).event(
                for: workshop, texts: texts, location: try store.location(of: workshop, languages: context.languages, in: db), language: context.language)
            return (event, texts.title)
        }
        return CalendarFeed.response(name: title, events: [event], timeZone: context.region.timeZone, request: request, now: context.now)
    }

    // MARK: - Programme

    @Sendable static func programme(_ request: Request, _ context: RequestContext) throws -> Response {
        let strings = WorkshopsStrings(languages: context.languages)
        guard let id = request.parameters["id"].flatMap({ Int64($0) }) else { throw HTTPError.notFound() }
        let store = WorkshopStore(context)
        let (programme, rows) = try context.read { db -> (Programme, [[HTML]]) in
            guard let programme = try store.programme(id, in: db), programme.published else { throw HTTPError.notFound("there is no such programme here") }
            let workshops = try store.agenda(of: id, publishedOnly: true, in: db)
            let summaries = try WorkshopsAPI.summaries(workshops, store: store, context: context, in: db)
            let rows = summaries.enumerated().map { index, item -> [HTML] in
                [HTML.text(String(index + 1)), HTML.text(dateLine(item, context: context)),
                 HTML.text(item.location ?? formatName(item.format, strings)),
                 element("a", ["href": context.pageURL("/workshops/\(item.id)")]) { item.title }]
            }
            return (programme, rows)
        }
        return context.page(title: programme.title) { _ in
            Table(caption: strings.agendaTitle, columns: [strings.columnNumber, strings.columnDate, strings.columnPlace, strings.columnTopic], rows: rows)
        }
    }

    // MARK: - Manage a registration

    @Sendable static func manage(_ request: Request, _ context: RequestContext) throws -> Response {
        let token = request.queryValue("token") ?? ""
        let registrar = Registrar(context)
        let (registration, workshop) = try manageLookup(token, registrar: registrar, context: context)
        var state = FormState(values: ["name": registration.booking.name, "phone": registration.phone ?? "",
                                       "language": registration.booking.language ?? context.language, "accessibility": registration.accessibility ?? ""])
        for (key, value) in registration.answers { state.set("answer-\(key)", value) }
        return try managePage(registration, workshop: workshop, token: token, state: state, context: context)
    }

    /// An invalid or expired link answers 404: the page it names does not exist for it.
    static func manageLookup(_ token: String, registrar: Registrar, context: RequestContext) throws -> (Registration, Workshop) {
        try context.read { db in
            do {
                let registration = try registrar.registration(forToken: token, in: db)
                return (registration, try registrar.store.require(registration.workshopID, in: db))
            } catch is SignedTokenError {
                let strings = WorkshopsStrings(languages: context.languages)
                throw HTTPError(.notFound, strings.manageInvalidLink)
            }
        }
    }

    static func managePage(
        _ registration: Registration, workshop: Workshop, token: String, state: FormState, status: Status = .ok, notices: [Notice] = [],
        context: RequestContext
    ) throws -> Response {
        let strings = WorkshopsStrings(languages: context.languages)
        let (texts, questions, location) = try context.read { db in
            (try WorkshopTextStore(services: context.services, region: context.region).texts(of: workshop, language: context.language, in: db),
             try registrar(context).store.questions(of: workshop.id, in: db),
             try WorkshopStore(context).location(of: workshop, languages: context.languages, in: db))
        }
        return context.page(title: strings.manageTitle, status: status, notices: notices) { page in
            element("h2") { element("a", ["href": context.pageURL("/workshops/\(workshop.id)")]) { texts.title } }
            DefinitionList([
                (term: strings.fieldStatus, details: stateName(registration.booking, strings)),
                (term: strings.sessionsTitle, details: WorkshopCalendar.sessionLines(workshop, dates: context.dates).joined(separator: "; ")),
                (term: strings.fieldPlace, details: location ?? strings.formatOnline),
            ])
            if registration.booking.state == .confirmed, let link = workshop.onlineLink {
                element("p") {
                    strings.fieldOnlineLink
                    " "
                    element("a", ["href": link]) { link }
                }
            }
            if registration.isActive && workshop.status != .cancelled && workshop.status != .held {
                element("h2") { strings.manageChange }
                Form(action: context.pageURL("/workshops/registration"), state: state, in: page) { form in
                    form.hidden("token", value: token)
                    registrationFields(form, questions: questions, strings: strings, context: context, withEmail: false)
                    form.submit(strings.manageSave)
                }
                element("h2") { strings.manageCancel }
                Form(action: context.pageURL("/workshops/registration/cancel"), in: page) { form in
                    form.hidden("token", value: token)
                    form.submit(strings.manageCancelSubmit, secondary: true)
                }
            }
        }
    }

    static func registrar(_ context: RequestContext) -> Registrar { Registrar(context) }

    @Sendable static func change(_ request: Request, _ context: RequestContext) throws -> Response {
        let form = try request.formData()
        let token = form["token"] ?? ""
        let registrar = Registrar(context)
        let strings = WorkshopsStrings(languages: context.languages)
        let (registration, workshop) = try manageLookup(token, registrar: registrar, context: context)
        let questions = try context.read { db in try registrar.store.questions(of: workshop.id, in: db) }
        let input = registrationInput(form, questions: questions, context: context, source: registration.source)
        do {
            let changed = try context.write { db in try registrar.change(registration, to: input, in: db) }
            return try managePage(changed, workshop: workshop, token: token, state: FormState(submitted: form.items),
                                  notices: [Notice(.success, strings.manageSaved)], context: context)
        } catch let problems as Problems {
            var state = FormState(submitted: form.items)
            for item in problems.items { state.addError(describe(item.problem, field: item.field, strings), field: item.field) }
            return try managePage(registration, workshop: workshop, token: token, state: state, status: .unprocessableContent, context: context)
        } catch let error as WorkshopError {
            var state = FormState(submitted: form.items)
            state.addError(describe(error, strings), field: error.field ?? "name")
            return try managePage(registration, workshop: workshop, token: token, state: state, status: error.httpError.status, context: context)
        }
    }

    @Sendable static func cancel(_ request: Request, _ context: RequestContext) throws -> Response {
        let form = try request.formData()
        let token = form["token"] ?? ""
        let registrar = Registrar(context)
        let strings = WorkshopsStrings(languages: context.languages)
        let (registration, workshop) = try manageLookup(token, registrar: registrar, context: context)
        do {
            try context.write { db in _ = try registrar.cancel(registration, notify: true, in: db) }
        } catch let error as WorkshopError {
            throw error.httpError
        }
        let cancelled = try context.read { db in try registrar.store.registration(registration.id, in: db) } ?? registration
        return try managePage(cancelled, workshop: workshop, token: token, state: FormState(),
                              notices: [Notice(.success, strings.manageCancelled)], context: context)
    }

    // MARK: - Words

    static func formatChoices(_ strings: WorkshopsStrings) -> [Choice] {
        Workshop.Format.allCases.map { Choice($0.rawValue, formatName($0.rawValue, strings)) }
    }

    static func formatName(_ format: String, _ strings: WorkshopsStrings) -> String {
        switch Workshop.Format(rawValue: format) ?? .inPerson {
        case .inPerson: strings.formatInPerson
        case .online: strings.formatOnline
        case .hybrid: strings.formatHybrid
        }
    }

    static func targetGroupChoices(_ strings: WorkshopsStrings) -> [Choice] {
        Workshop.TargetGroup.allCases.map { Choice($0.rawValue, targetGroupName($0, strings)) }
    }

    static func targetGroupName(_ group: Workshop.TargetGroup, _ strings: WorkshopsStrings) -> String {
        switch group {
        case .volunteersStaff: strings.targetGroupVolunteersStaff
        case .multipliers: strings.targetGroupMultipliers
        case .migrantsRefugees: strings.targetGroupMigrantsRefugees
        case .mixed: strings.targetGroupMixed
        }
    }

    /// Languages a workshop can be held in: the region's, plus any already used.
    static func languageChoices(_ context: RequestContext, regionOnly: Bool = false) -> [Choice] {
        context.region.languageCodes.map { Choice($0, languageName($0, context: context)) }
    }

    static func languageName(_ code: String, context: RequestContext) -> String {
        Locale(identifier: context.language).localizedString(forLanguageCode: code) ?? code
    }

    static func stateName(_ booking: Booking, _ strings: WorkshopsStrings) -> String {
        switch booking.state {
        case .confirmed: strings.stateConfirmed
        case .waitlisted: strings.stateWaitlisted(position: String(booking.waitlistPosition ?? 0))
        case .cancelled, .left: strings.stateCancelled
        }
    }

    static func describe(_ error: WorkshopError, _ strings: WorkshopsStrings) -> String {
        switch error {
        case .invalid(let field, let problem): describe(problem, field: field, strings)
        case .notFound: strings.errorNotFound
        case .registrationClosed: strings.registerClosed
        case .cancelled: strings.phaseCancelled
        case .alreadyRegistered: strings.errorAlreadyRegistered
        case .capacityBelowConfirmed(let capacity, let confirmed):
            strings.errorCapacityBelowConfirmed(confirmed: String(confirmed), capacity: String(capacity))
        case .notEditable: strings.errorNotEditable
        }
    }

    static func describe(_ problem: Problem, field: String, _ strings: WorkshopsStrings) -> String {
        switch problem {
        case .required: strings.problemRequired
        case .tooLong(let maximum): strings.problemTooLong(maximum: String(maximum))
        case .notANumber: strings.problemNotANumber
        case .outOfRange(let range): strings.problemOutOfRange(lower: String(range.lowerBound), upper: String(range.upperBound))
        case .invalidDay: strings.problemInvalidDay
        case .invalidTime: strings.problemInvalidTime
        case .invalidRule(let reason): strings.problemInvalidRule(reason: reason)
        case .endBeforeStart: strings.problemEndBeforeStart
        case .unknownChoice: strings.problemUnknownChoice
        case .invalidLink: strings.problemInvalidLink
        case .invalidEmail: strings.problemInvalidEmail
        case .invalidPhone: strings.problemInvalidPhone
        case .tooManySessions: strings.problemTooManySessions
        }
    }

    /// The workshop as a schema.org Event for search engines.
    static func jsonLD(_ data: DetailData, context: RequestContext) -> String {
        let workshop = data.workshop
        let attendance: StructuredData.AttendanceMode = switch workshop.format {
        case .inPerson: .offline
        case .online: .online
        case .hybrid: .mixed
        }
        let event = StructuredData.event(
            name: data.texts.title, startDate: workshop.startsAt, endDate: workshop.endsAt, url: data.summary.url,
            description: data.texts.summary.isEmpty ? nil : data.texts.summary,
            location: data.summary.location.map { StructuredData.place(name: $0, address: StructuredData.address(street: $0, postalCode: nil, locality: nil)) },
            organizer: .organization(name: context.region.name(in: context.language), url: context.services.absoluteURL(context.pageURL("/"))),
            attendance: attendance, status: workshop.status == .cancelled ? .cancelled : .scheduled, language: workshop.languages.first)
        return event.scriptTag
    }
}
