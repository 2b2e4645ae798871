import Foundation
import HTTP
import Kernel
import Web

/// The coordinator's pages: every workshop, create and edit (with tags to funded projects),
/// publish, close, cancel, duplicate; participants and the waiting list (add, move, remove);
/// questions; messages to everyone; topics and programmes.
enum WorkshopAdminPages {
    static let manage = Route.Access.action(WorkshopsModule.manage)

    static let routes: [Route] = [
        .page(.get, "/admin/workshops", access: manage, summary: "Every workshop of the region", handler: list),
        .page(.post, "/admin/workshops/topics", access: manage, summary: "Add a topic", handler: addTopic),
        .page(.post, "/admin/workshops/programmes", access: manage, summary: "Add a programme", handler: addProgramme),
        .page(.post, "/admin/workshops/programmes/{id}/publish", access: manage, summary: "Publish a programme's agenda", handler: publishProgramme),
        .page(.get, "/admin/workshops/new", access: manage, summary: "The form for a new workshop", handler: new),
        .page(.post, "/admin/workshops/new", access: manage, summary: "Create a workshop (a draft)", handler: create),
        .page(.get, "/admin/workshops/{id}", access: manage, summary: "A workshop: edit, publish, participants, messages", handler: overview),
        .page(.post, "/admin/workshops/{id}", access: manage, summary: "Save a workshop", handler: save),
        .page(.post, "/admin/workshops/{id}/publish", access: manage, summary: "Publish a workshop (open registration)", handler: publish),
        .page(.post, "/admin/workshops/{id}/close", access: manage, summary: "Close registration", handler: close),
        .page(.post, "/admin/workshops/{id}/cancel", access: manage, summary: "Cancel a workshop and notify everyone", handler: cancel),
        .page(.post, "/admin/workshops/{id}/duplicate", access: manage, summary: "Duplicate a workshop as a new draft", handler: duplicate),
        .page(.post, "/admin/workshops/{id}/questions", access: manage, summary: "Add a registration question", handler: addQuestion),
        .page(.post, "/admin/workshops/{id}/participants", access: manage, summary: "Add a participant by hand", handler: addParticipant),
        .page(.post, "/admin/workshops/{id}/participants/{registration}/remove", access: manage,
              summary: "Remove a participant (the place goes to the waiting list)", handler: removeParticipant),
        .page(.post, "/admin/workshops/{id}/participants/{registration}/move", access: manage,
              summary: "Move a participant to another workshop", handler: moveParticipant),
        .page(.post, "/admin/workshops/{id}/message", access: manage, summary: "Mail every participant", handler: message),
    ] + WorkshopAttendancePages.routes

    // MARK: - List, topics, programmes

    @Sendable static func list(_ request: Request, _ context: RequestContext) throws -> Response {
        try listPage(context, notices: [])
    }

    static func listPage(_ context: RequestContext, notices: [Notice], status: Status = .ok) throws -> Response {
        let strings = WorkshopsStrings(languages: context.languages)
        let store = WorkshopStore(context)
        let (workshops, bookables, topics, programmes) = try context.read { db in
            let workshops = try store.all(limit: 500, in: db)
            return (workshops, try store.bookables(of: workshops, in: db), try store.topics(in: db), try store.programmes(in: db))
        }
        return context.page(title: strings.adminTitle, status: status, notices: notices) { page in
            element("p") {
                ButtonLink(strings.adminNew, url: context.pageURL("/admin/workshops/new"))
                " "
                element("a", ["href": context.pageURL("/admin/reports")]) { strings.adminReports }
            }
            Table(
                caption: strings.adminTitle,
                columns: [strings.columnTopic, strings.columnDate, strings.fieldStatus, strings.columnParticipants, strings.columnWaitlist],
                rows: workshops.map { workshop -> [HTML] in
                    let bookable = bookables[workshop.id]
                    return [
                        element("a", ["href": context.pageURL("/admin/workshops/\(workshop.id)")]) { workshop.title },
                        HTML.text(WorkshopCalendar.sessionLine(workshop.occurrences().first ?? Occurrence(start: workshop.startsAt, end: workshop.endsAt),
                                                               dates: context.dates)),
                        HTML.text(statusName(workshop.phase(confirmed: bookable?.confirmed ?? 0, now: context.now), strings)),
                        HTML.text("\(bookable?.confirmed ?? 0) / \(workshop.capacity)"),
                        HTML.text(""),
                    ]
                })
            element("h2") { strings.adminTopics }
            if !topics.isEmpty { element("p") { topics.map { $0.name(for: context.languages) }.joined(separator: " · ") } }
            Form(action: context.pageURL("/admin/workshops/topics"), in: page) { form in
                form.text("name", label: strings.fieldTopic, required: true)
                form.submit(strings.adminAddTopic, secondary: true)
            }
            element("h2") { strings.adminProgrammes }
            if !programmes.isEmpty {
                element("ul") {
                    for programme in programmes {
                        element("li") {
                            element("a", ["href": context.pageURL("/workshops/programmes/\(programme.id)")]) { programme.title }
                            if !programme.published {
                                Form(action: context.pageURL("/admin/workshops/programmes/\(programme.id)/publish"), in: page) { form in
                                    form.submit(strings.adminPublish, secondary: true)
                                }
                            }
                        }
                    }
                }
            }
            Form(action: context.pageURL("/admin/workshops/programmes"), in: page) { form in
                form.text("title", label: strings.fieldProgrammeTitle, required: true)
                form.submit(strings.adminAddProgramme, secondary: true)
            }
        }
    }

    @Sendable static func addTopic(_ request: Request, _ context: RequestContext) throws -> Response {
        let name = (try request.formData()["name"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let strings = WorkshopsStrings(languages: context.languages)
        guard !name.isEmpty, name.count <= 200 else {
            return try listPage(context, notices: [Notice(.error, strings.fieldTopic + ": " + strings.problemRequired)], status: .unprocessableContent)
        }
        try context.write { db in
            try db.execute("""
                INSERT INTO workshops_topics (region, names, position)
                VALUES (\(context.region.id), \(Localized.encode([context.language: name])),
                        (SELECT COALESCE(MAX(position), 0) + 1 FROM workshops_topics WHERE region = \(context.region.id)))
                """)
        }
        return .redirect(to: context.pageURL("/admin/workshops"))
    }

    @Sendable static func addProgramme(_ request: Request, _ context: RequestContext) throws -> Response {
        let title = (try request.formData()["title"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let strings = WorkshopsStrings(languages: context.languages)
        guard !title.isEmpty, title.count <= 300 else {
            return try listPage(context, notices: [Notice(.error, strings.fieldProgrammeTitle + ": " + strings.problemRequired)],
                                status: .unprocessableContent)
        }
        try context.write { db in
            try db.execute("""
                INSERT INTO workshops_programmes (region, title, original_language, published, created_at, updated_at)
                VALUES (\(context.region.id), \(title), \(context.language), 0, \(context.now), \(context.now))
                """)
        }
        return .redirect(to: context.pageURL("/admin/workshops"))
    }

    @Sendable static func publishProgramme(_ request: Request, _ context: RequestContext) throws -> Response {
        guard let id = request.parameters["id"].flatMap({ Int64($0) }) else { throw HTTPError.notFound() }
        let changed = try context.write { db in
            try db.execute("UPDATE workshops_programmes SET published = 1, updated_at = \(context.now) WHERE region = \(context.region.id) AND id = \(id)")
        }
        guard changed == 1 else { throw HTTPError.notFound("there is no such programme here") }
        return .redirect(to: context.pageURL("/workshops/programmes/\(id)"))
    }

    // MARK: - Create and edit

    @Sendable static func new(_ request: Request, _ context: RequestContext) throws -> Response {
        let defaults = FormState(values: [
            "language": context.language, "format": Workshop.Format.inPerson.rawValue, "targetGroup": Workshop.TargetGroup.mixed.rawValue,
            "capacity": String(context.settings.integer("defaultCapacity") ?? 20), "repeat": "none", "languages": context.language,
        ])
        return try editPage(nil, state: defaults, context: context)
    }

    static func editPage(_ workshop: Workshop?, state: FormState, status: Status = .ok, notices: [Notice] = [], context: RequestContext) throws -> Response {
        let strings = WorkshopsStrings(languages: context.languages)
        let store = WorkshopStore(context)
        let (topics, programmes, places, categories) = try context.read { db in
            (try store.topics(in: db), try store.programmes(in: db), try context.services.places.places(in: db),
             try context.services.reporting.assignableCategories(in: db))
        }
        let action = workshop.map { context.pageURL("/admin/workshops/\($0.id)") } ?? context.pageURL("/admin/workshops/new")
        let projects = Dictionary(grouping: categories, by: { $0.project.id })
        return context.page(title: workshop?.title ?? strings.adminNew, status: status, notices: notices) { page in
            Form(action: action, state: state, in: page) { form in
                form.text("title", label: strings.fieldTitle, required: true)
                form.textarea("summary", label: strings.fieldSummary, rows: 2)
                form.textarea("description", label: strings.fieldDescription, rows: 8)
                form.select("language", label: strings.fieldOriginalLanguage, options: WorkshopPages.languageChoices(context))
                form.select("topic", label: strings.fieldTopic,
                            options: [Choice("", "–")] + topics.map { Choice(String($0.id), $0.name(for: context.languages)) })
                form.select("programme", label: strings.fieldProgramme, options: [Choice("", "–")] + programmes.map { Choice(String($0.id), $0.title) })
                form.select("targetGroup", label: strings.fieldTargetGroup, options: WorkshopPages.targetGroupChoices(strings), required: true)
                form.select("format", label: strings.fieldFormat, options: WorkshopPages.formatChoices(strings), required: true)
                form.select("place", label: strings.fieldPlace,
                            options: [Choice("", strings.fieldPlaceNone)] + places.map { Choice(String($0.id), $0.name(for: context.languages)) })
                form.text("address", label: strings.fieldAddress, hint: strings.fieldAddressHint)
                form.input(.url, "onlineLink", label: strings.fieldOnlineLink, hint: strings.fieldOnlineLinkHint)
                form.textarea("trainers", label: strings.fieldTrainers, hint: strings.fieldTrainersHint, rows: 2)
                form.checkboxes("languages", legend: strings.fieldLanguages, options: WorkshopPages.languageChoices(context), required: true)
                form.number("capacity", label: strings.fieldCapacity, required: true)
                form.date("date", label: strings.fieldDate, hint: strings.fieldDateHint, required: true)
                form.time("startTime", label: strings.fieldStartTime, required: true)
                form.time("endTime", label: strings.fieldEndTime, required: true)
                form.select("repeat", label: strings.fieldRepeat, options: [
                    Choice("none", strings.repeatNone), Choice("daily", strings.repeatDaily), Choice("weekly", strings.repeatWeekly),
                    Choice("biweekly", strings.repeatBiweekly), Choice("monthly", strings.repeatMonthly),
                ])
                form.number("sessions", label: strings.fieldSessions, hint: strings.fieldSessionsHint)
                form.textarea("skipDates", label: strings.fieldSkipDates, hint: strings.fieldSkipDatesHint, rows: 2)
                form.text("rule", label: strings.fieldRule, hint: strings.fieldRuleHint)
                form.date("registrationOpens", label: strings.fieldRegistrationOpens)
                form.date("registrationCloses", label: strings.fieldRegistrationCloses, hint: strings.fieldRegistrationClosesHint)
                for (_, entries) in projects.sorted(by: { $0.key < $1.key }) {
                    if let project = entries.first?.project {
                        form.select("project-\(project.id)", label: strings.fieldProject(project: project.details.name),
                                    options: [Choice("", strings.fieldProjectNone)] + entries.map { Choice(String($0.category.id), $0.category.name) })
                    }
                }
                form.submit(strings.adminSave)
            }
        }
    }

    static func formState(_ form: FormData) -> FormState { FormState(submitted: form.items) }

    static func problemsState(_ form: FormData, _ problems: Problems, _ strings: WorkshopsStrings) -> FormState {
        var state = formState(form)
        for item in problems.items { state.addError(WorkshopPages.describe(item.problem, field: item.field, strings), field: item.field) }
        return state
    }

    @Sendable static func create(_ request: Request, _ context: RequestContext) throws -> Response {
        let form = try request.formData()
        let strings = WorkshopsStrings(languages: context.languages)
        let defaultCapacity = Int(context.settings.integer("defaultCapacity") ?? 20)
        switch WorkshopInput(form).plan(in: context.region, defaultCapacity: defaultCapacity) {
        case .failure(let problems):
            return try editPage(nil, state: problemsState(form, problems, strings), status: .unprocessableContent, context: context)
        case .success(let plan):
            do {
                let workshop = try context.write { db in
                    try WorkshopEditor(context).create(plan, author: context.principal.accountID, in: db)
                }
                return .redirect(to: context.pageURL("/admin/workshops/\(workshop.id)"))
            } catch let error as WorkshopError {
                var state = formState(form)
                state.addError(WorkshopPages.describe(error, strings), field: error.field ?? "title")
                return try editPage(nil, state: state, status: error.httpError.status, context: context)
            }
        }
    }

    @Sendable static func save(_ request: Request, _ context: RequestContext) throws -> Response {
        let id = try WorkshopsAPI.workshopID(request)
        let form = try request.formData()
        let strings = WorkshopsStrings(languages: context.languages)
        let workshop = try context.read { db in try WorkshopStore(context).require(id, in: db) }
        let defaultCapacity = Int(context.settings.integer("defaultCapacity") ?? 20)
        switch WorkshopInput(form).plan(in: context.region, defaultCapacity: defaultCapacity) {
        case .failure(let problems):
            return try overviewPage(workshop, edit: problemsState(form, problems, strings), status: .unprocessableContent, context: context)
        case .success(let plan):
            do {
                let saved = try context.write { db in
                    try WorkshopEditor(context).update(id, with: plan, author: context.principal.accountID, in: db)
                }
                return try overviewPage(saved, notices: [Notice(.success, strings.adminSaved)], context: context)
            } catch let error as WorkshopError {
                var state = formState(form)
                state.addError(WorkshopPages.describe(error, strings), field: error.field ?? "title")
                return try overviewPage(workshop, edit: state, status: error.httpError.status, context: context)
            }
        }
    }

    // MARK: - Overview

    @Sendable static func overview(_ request: Request, _ context: RequestContext) throws -> Response {
        let id = try WorkshopsAPI.workshopID(request)
        let workshop = try context.read { db in try WorkshopStore(context).require(id, in: db) }
        return try overviewPage(workshop, context: context)
    }

    static func overviewPage(
        _ workshop: Workshop, edit: FormState? = nil, participant: FormState = FormState(), status: Status = .ok, notices: [Notice] = [],
        context: RequestContext
    ) throws -> Response {
        let strings = WorkshopsStrings(languages: context.languages)
        let store = WorkshopStore(context)
        let zone = context.region.timeZone
        let (registrations, questions, texts, assignments, others) = try context.read { db in
            (try store.registrations(of: workshop, in: db), try store.questions(of: workshop.id, in: db),
             try WorkshopTextStore(services: context.services, region: context.region).texts(of: workshop, language: workshop.originalLanguage, in: db),
             try context.services.reporting.assignments(owner: WorkshopsModule.id, reference: workshop.reference, in: db),
             try store.all(limit: 200, in: db).filter { $0.id != workshop.id && ($0.status == .open || $0.status == .closed || $0.status == .draft) })
        }
        let stored = WorkshopInput.fields(of: workshop, texts: texts, zone: zone).map { (name: $0.key, value: $0.value) }
        var editState = edit ?? FormState(submitted: stored + workshop.languages.map { (name: "languages", value: $0) })
        if edit == nil {
            for assignment in assignments { editState.set("project-\(assignment.project)", String(assignment.category)) }
        }
        let active = registrations.filter(\.isActive)
        let confirmed = active.filter { $0.booking.state == .confirmed }
        let waiting = active.filter { $0.booking.state == .waitlisted }
        let base = "/admin/workshops/\(workshop.id)"
        let editable = workshop.status != .cancelled && workshop.status != .held
        return context.page(title: workshop.title, status: status, notices: notices) { page in
            DefinitionList([
                (term: strings.fieldStatus, details: statusName(workshop.phase(confirmed: confirmed.count, now: context.now), strings)),
                (term: strings.columnParticipants, details: "\(confirmed.count) / \(workshop.capacity)"),
                (term: strings.columnWaitlist, details: String(waiting.count)),
                (term: strings.sessionsTitle, details: WorkshopCalendar.sessionLines(workshop, dates: context.dates).joined(separator: "; ")),
            ])
            element("p") {
                if workshop.isPublished { element("a", ["href": context.pageURL("/workshops/\(workshop.id)")]) { strings.adminPublicPage } }
                " "
                element("a", ["href": context.pageURL("\(base)/attendance")]) { strings.attendanceTitle }
            }
            element("div", ["class": "actions"]) {
                if workshop.status == .draft || workshop.status == .closed {
                    Form(action: context.pageURL("\(base)/publish"), in: page) { form in form.submit(strings.adminPublish) }
                }
                if workshop.status == .open {
                    Form(action: context.pageURL("\(base)/close"), in: page) { form in form.submit(strings.adminClose, secondary: true) }
                }
                Form(action: context.pageURL("\(base)/duplicate"), in: page) { form in form.submit(strings.adminDuplicate, secondary: true) }
            }
            element("h2") { strings.participantsTitle }
            Table(
                caption: strings.participantsTitle,
                columns: [strings.fieldName, strings.fieldEmail, strings.fieldPhone, strings.fieldAccessibility, strings.fieldStatus, strings.columnActions],
                rows: (confirmed + waiting).map { registration -> [HTML] in
                    [HTML.text(registration.booking.name), HTML.text(registration.booking.email ?? "–"), HTML.text(registration.phone ?? "–"),
                     HTML.text(registration.accessibility ?? "–"), HTML.text(WorkshopPages.stateName(registration.booking, strings)),
                     participantActions(registration, workshop: workshop, others: others, strings: strings, page: page, context: context)]
                })
            if editable {
                element("h3") { strings.adminAddParticipant }
                Form(action: context.pageURL("\(base)/participants"), state: participant, in: page) { form in
                    form.text("name", label: strings.fieldName, required: true)
                    form.email("email", label: strings.fieldEmail)
                    form.tel("phone", label: strings.fieldPhone)
                    form.select("language", label: strings.fieldMailLanguage, options: WorkshopPages.languageChoices(context))
                    form.submit(strings.adminAddParticipant, secondary: true)
                }
                element("h2") { strings.messageTitle }
                Form(action: context.pageURL("\(base)/message"), in: page) { form in
                    form.text("subject", label: strings.fieldSubject, required: true)
                    form.textarea("body", label: strings.fieldMessage, required: true, rows: 6)
                    form.radios("audience", legend: strings.fieldAudience, options: [
                        Choice("confirmed", strings.audienceConfirmed), Choice("everyone", strings.audienceEveryone),
                    ])
                    form.submit(strings.messageSend, secondary: true)
                }
            }
            element("h2") { strings.questionsTitle }
            if !questions.isEmpty {
                element("ol") { for question in questions { element("li") { question.label(for: context.languages) } } }
            }
            if editable {
                Form(action: context.pageURL("\(base)/questions"), in: page) { form in
                    form.text("label", label: strings.fieldQuestion, required: true)
                    form.select("kind", label: strings.fieldQuestionKind, options: [
                        Choice("text", strings.questionText), Choice("choice", strings.questionChoice), Choice("yes-no", strings.questionYesNo),
                    ])
                    form.textarea("options", label: strings.fieldQuestionOptions, hint: strings.fieldQuestionOptionsHint, rows: 3)
                    form.checkbox("required", label: strings.fieldQuestionRequired)
                    form.submit(strings.adminAddQuestion, secondary: true)
                }
                element("h2") { strings.adminEdit }
                Form(action: context.pageURL(base), state: editState, in: page) { form in
                    editFields(form, state: editState, strings: strings, context: context)
                }
                element("h2") { strings.adminCancelTitle }
                Form(action: context.pageURL("\(base)/cancel"), in: page) { form in
                    form.textarea("reason", label: strings.fieldReason, hint: strings.fieldReasonHint, rows: 3)
                    form.submit(strings.adminCancel, secondary: true)
                }
            }
        }
    }

    /// The edit form rendered again on the overview (same fields as the new-workshop form).
    static func editFields(_ form: FormFields, state: FormState, strings: WorkshopsStrings, context: RequestContext) -> HTML {
        HTML.fragment([
            form.text("title", label: strings.fieldTitle, required: true),
            form.textarea("summary", label: strings.fieldSummary, rows: 2),
            form.textarea("description", label: strings.fieldDescription, rows: 8),
            form.hidden("language", value: state.value("language") ?? context.language),
            form.select("targetGroup", label: strings.fieldTargetGroup, options: WorkshopPages.targetGroupChoices(strings), required: true),
            form.select("format", label: strings.fieldFormat, options: WorkshopPages.formatChoices(strings), required: true),
            form.hidden("topic", value: state.value("topic") ?? ""),
            form.hidden("programme", value: state.value("programme") ?? ""),
            form.hidden("place", value: state.value("place") ?? ""),
            form.text("address", label: strings.fieldAddress),
            form.input(.url, "onlineLink", label: strings.fieldOnlineLink),
            form.textarea("trainers", label: strings.fieldTrainers, rows: 2),
            form.checkboxes("languages", legend: strings.fieldLanguages, options: WorkshopPages.languageChoices(context), required: true),
            form.number("capacity", label: strings.fieldCapacity, hint: strings.fieldCapacityHint, required: true),
            form.date("date", label: strings.fieldDate, required: true),
            form.time("startTime", label: strings.fieldStartTime, required: true),
            form.time("endTime", label: strings.fieldEndTime, required: true),
            form.hidden("repeat", value: state.value("repeat") ?? "none"),
            form.text("rule", label: strings.fieldRule, hint: strings.fieldRuleHint),
            form.number("sessions", label: strings.fieldSessions),
            form.textarea("skipDates", label: strings.fieldSkipDates, rows: 2),
            form.date("registrationOpens", label: strings.fieldRegistrationOpens),
            form.date("registrationCloses", label: strings.fieldRegistrationCloses),
            form.submit(strings.adminSave),
        ])
    }

    static func participantActions(
        _ registration: Registration, workshop: Workshop, others: [Workshop], strings: WorkshopsStrings, page: PageContext, context: RequestContext
    ) -> HTML {
        let base = "/admin/workshops/\(workshop.id)/participants/\(registration.id)"
        return HTML.fragment([
            Form(action: context.pageURL("\(base)/remove"), in: page) { form in form.submit(strings.adminRemove, secondary: true) }.html,
            others.isEmpty ? HTML.empty : Form(action: context.pageURL("\(base)/move"), in: page) { form in
                form.select("target", label: strings.adminMoveTo, options: others.map { Choice(String($0.id), $0.title) })
                form.submit(strings.adminMove, secondary: true)
            }.html,
            element("a", ["href": context.pageURL("/admin/workshops/\(workshop.id)/certificates/\(registration.id)")]) { strings.certificateLink },
        ])
    }

    // MARK: - Life

    static func transition(_ request: Request, _ context: RequestContext, _ body: (WorkshopEditor, Int64, any DatabaseTransaction) throws -> String) throws -> Response {
        let id = try WorkshopsAPI.workshopID(request)
        let strings = WorkshopsStrings(languages: context.languages)
        do {
            let message = try context.write { db in try body(WorkshopEditor(context), id, db) }
            let workshop = try context.read { db in try WorkshopStore(context).require(id, in: db) }
            return try overviewPage(workshop, notices: [Notice(.success, message)], context: context)
        } catch let error as WorkshopError {
            let workshop = try context.read { db in try WorkshopStore(context).require(id, in: db) }
            return try overviewPage(workshop, status: error.httpError.status, notices: [Notice(.error, WorkshopPages.describe(error, strings))], context: context)
        }
    }

    @Sendable static func publish(_ request: Request, _ context: RequestContext) throws -> Response {
        _ = try request.formData()
        let strings = WorkshopsStrings(languages: context.languages)
        return try transition(request, context) { editor, id, db in
            try editor.publish(id, in: db)
            return strings.adminPublished
        }
    }

    @Sendable static func close(_ request: Request, _ context: RequestContext) throws -> Response {
        let strings = WorkshopsStrings(languages: context.languages)
        return try transition(request, context) { editor, id, db in
            try editor.close(id, in: db)
            return strings.adminClosed
        }
    }

    @Sendable static func cancel(_ request: Request, _ context: RequestContext) throws -> Response {
        let reason = (try request.formData()["reason"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let strings = WorkshopsStrings(languages: context.languages)
        guard reason.count <= 2_000 else { throw HTTPError.unprocessable("reason must be at most 2000 characters", field: "reason") }
        return try transition(request, context) { editor, id, db in
            let notified = try editor.cancel(id, reason: reason, in: db)
            return strings.adminCancelled(count: notified)
        }
    }

    @Sendable static func duplicate(_ request: Request, _ context: RequestContext) throws -> Response {
        let id = try WorkshopsAPI.workshopID(request)
        let copy = try WorkshopsAPI.mapped {
            try context.write { db in try WorkshopEditor(context).duplicate(id, author: context.principal.accountID, in: db) }
        }
        return .redirect(to: context.pageURL("/admin/workshops/\(copy.id)"))
    }

    // MARK: - Questions

    @Sendable static func addQuestion(_ request: Request, _ context: RequestContext) throws -> Response {
        let id = try WorkshopsAPI.workshopID(request)
        let form = try request.formData()
        let strings = WorkshopsStrings(languages: context.languages)
        let label = (form["label"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let kind = Question.Kind(rawValue: form["kind"] ?? "text")
        let options = Workshop.lines(form["options"] ?? "")
        let workshop = try context.read { db in try WorkshopStore(context).require(id, in: db) }
        var problem: (String, Problem)?
        if label.isEmpty { problem = ("label", .required) } else if label.count > 500 { problem = ("label", .tooLong(500)) }
        if kind == nil { problem = ("kind", .unknownChoice) }
        if kind == .choice && options.count < 2 { problem = ("options", .required) }
        if let (field, reason) = problem {
            return try overviewPage(workshop, status: .unprocessableContent,
                                    notices: [Notice(.error, "\(strings.fieldQuestion): \(WorkshopPages.describe(reason, field: field, strings))")], context: context)
        }
        try context.write { db in
            try db.execute("""
                INSERT INTO workshops_questions (region, workshop_id, position, kind, required, labels, options)
                VALUES (\(context.region.id), \(id),
                        (SELECT COALESCE(MAX(position), 0) + 1 FROM workshops_questions WHERE region = \(context.region.id) AND workshop_id = \(id)),
                        \(kind?.rawValue ?? "text"), \(form["required"] != nil), \(Localized.encode([context.language: label])),
                        \(String(decoding: JSONValue.object(kind == .choice ? [context.language: .array(options.map(JSONValue.string))] : [:]).encoded(), as: UTF8.self)))
                """)
        }
        return .redirect(to: context.pageURL("/admin/workshops/\(id)"))
    }

    // MARK: - Participants

    @Sendable static func addParticipant(_ request: Request, _ context: RequestContext) throws -> Response {
        let id = try WorkshopsAPI.workshopID(request)
        let form = try request.formData()
        let strings = WorkshopsStrings(languages: context.languages)
        let input = RegistrationInput(
            name: form["name"] ?? "", email: form["email"], phone: form["phone"], language: form["language"], accessibility: nil,
            answers: [:], accountID: nil, source: .coordinator)
        do {
            let registration = try context.write { db in try Registrar(context).register(input, for: id, in: db) }
            let workshop = try context.read { db in try WorkshopStore(context).require(id, in: db) }
            return try overviewPage(workshop, notices: [Notice(.success, "\(registration.booking.name): \(WorkshopPages.stateName(registration.booking, strings))")],
                                    context: context)
        } catch let error as WorkshopError {
            let workshop = try context.read { db in try WorkshopStore(context).require(id, in: db) }
            var state = FormState(submitted: form.items)
            state.addError(WorkshopPages.describe(error, strings), field: error.field ?? "name")
            return try overviewPage(workshop, participant: state, status: error.httpError.status, context: context)
        } catch let problems as Problems {
            let workshop = try context.read { db in try WorkshopStore(context).require(id, in: db) }
            return try overviewPage(workshop, participant: problemsState(form, problems, strings), status: .unprocessableContent, context: context)
        }
    }

    static func registration(_ request: Request, _ context: RequestContext, in db: any DatabaseConnection) throws -> (Workshop, Registration) {
        let id = try WorkshopsAPI.workshopID(request)
        let store = WorkshopStore(context)
        let workshop = try store.require(id, in: db)
        guard let registrationID = request.parameters["registration"].flatMap({ Int64($0) }),
              let registration = try store.registration(registrationID, in: db), registration.workshopID == id else {
            throw HTTPError.notFound("there is no such registration for this workshop")
        }
        return (workshop, registration)
    }

    @Sendable static func removeParticipant(_ request: Request, _ context: RequestContext) throws -> Response {
        let strings = WorkshopsStrings(languages: context.languages)
        let (workshop, name) = try WorkshopsAPI.mapped {
            try context.write { db in
                let (workshop, registration) = try registration(request, context, in: db)
                try Registrar(context).cancel(registration, notify: true, in: db)
                return (workshop, registration.booking.name)
            }
        }
        return try overviewPage(workshop, notices: [Notice(.success, strings.adminRemoved(name: name))], context: context)
    }

    @Sendable static func moveParticipant(_ request: Request, _ context: RequestContext) throws -> Response {
        let strings = WorkshopsStrings(languages: context.languages)
        guard let target = try request.formData()["target"].flatMap({ Int64($0) }) else {
            throw HTTPError.unprocessable("target must be a workshop", field: "target")
        }
        let (workshop, name) = try WorkshopsAPI.mapped {
            try context.write { db in
                let (workshop, registration) = try registration(request, context, in: db)
                _ = try Registrar(context).move(registration, to: target, in: db)
                return (workshop, registration.booking.name)
            }
        }
        return try overviewPage(workshop, notices: [Notice(.success, strings.adminMoved(name: name))], context: context)
    }

    // MARK: - Messages

    @Sendable static func message(_ request: Request, _ context: RequestContext) throws -> Response {
        let id = try WorkshopsAPI.workshopID(request)
        let form = try request.formData()
        let strings = WorkshopsStrings(languages: context.languages)
        let subject = (form["subject"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let body = (form["body"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let audience = form["audience"] == "everyone" ? "everyone" : "confirmed"
        let workshop = try context.read { db in try WorkshopStore(context).require(id, in: db) }
        if subject.isEmpty || body.isEmpty || subject.count > 200 || body.count > 20_000 {
            let field = subject.isEmpty || subject.count > 200 ? strings.fieldSubject : strings.fieldMessage
            return try overviewPage(workshop, status: .unprocessableContent, notices: [Notice(.error, "\(field): \(strings.problemRequired)")],
                                    context: context)
        }
        let replyTo = context.principal.email.map { MailAddress($0, name: context.principal.displayName) }
        let sent = try context.write { db in
            let mails = WorkshopMails(services: context.services, region: context.region)
            var sent = 0
            for registration in try WorkshopStore(context).registrations(of: workshop, in: db) {
                guard registration.booking.state == .confirmed || (audience == "everyone" && registration.booking.state == .waitlisted) else { continue }
                guard let mail = mails.message(workshop, registration: registration, subject: subject, text: body, replyTo: replyTo) else { continue }
                try mails.send(mail, in: db)
                sent += 1
            }
            try db.execute("""
                INSERT INTO workshops_messages (region, workshop_id, subject, body, audience, recipients, sent_by, created_at)
                VALUES (\(context.region.id), \(id), \(subject), \(body), \(audience), \(sent),
                        \(context.principal.displayName ?? context.principal.email ?? "coordinator"), \(context.now))
                """)
            return sent
        }
        return try overviewPage(workshop, notices: [Notice(.success, strings.messageSent(count: sent))], context: context)
    }

    static func statusName(_ phase: Workshop.Phase, _ strings: WorkshopsStrings) -> String {
        switch phase {
        case .draft: strings.phaseDraft
        case .open: strings.phaseOpen
        case .full: strings.phaseFull
        case .closed: strings.phaseClosed
        case .cancelled: strings.phaseCancelled
        case .held: strings.phaseHeld
        }
    }
}
