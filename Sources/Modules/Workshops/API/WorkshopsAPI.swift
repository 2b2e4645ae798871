import Foundation
import HTTP
import Kernel

/// The JSON API under `/api/v1/{region}/{lang}/workshops`: upcoming and past workshops,
/// one workshop with its sessions and questions, registering, and reading or cancelling a
/// registration with the token of its manage link.
enum WorkshopsAPI {
    static let routes: [Route] = [
        .api(.get, "/workshops", access: .public,
             summary: "Upcoming workshops by date (?topic=&format=&language=&targetGroup=&programme=&after=&limit=)", handler: list),
        .api(.get, "/workshops/past", access: .public, summary: "Past workshops, newest first, with participant counts (?before=&limit=)",
             handler: past),
        .api(.get, "/workshops/registration", access: .public,
             summary: "A registration, by the token of its manage link (?token=)", handler: registration),
        .api(.post, "/workshops/registration/cancel", access: .public,
             summary: "Cancel a registration with the token of its manage link ({\"token\"})", handler: cancel),
        .api(.get, "/workshops/{id}", access: .public, summary: "A published workshop with its sessions and questions", handler: detail),
        .api(.post, "/workshops/{id}/registrations", access: .public,
             summary: "Register for a workshop ({\"name\", \"email\", \"phone\", \"language\", \"accessibility\", \"answers\"}); a place or the waiting list",
             handler: register),
    ] + WorkshopPages.routes + WorkshopAdminPages.routes

    // MARK: - Shapes

    struct Session: Encodable, Sendable {
        var start: Date
        var end: Date
    }

    struct QuestionView: Encodable, Sendable {
        var id: Int64
        var kind: String
        var required: Bool
        var label: String
        var options: [String]
    }

    struct Summary: Encodable, Sendable {
        var id: Int64
        var title: String
        var summary: String
        var status: String
        var startsAt: Date
        var endsAt: Date
        var sessions: Int
        var format: String
        var targetGroup: String
        var topic: String?
        var languages: [String]
        var location: String?
        var capacity: Int
        var confirmed: Int
        var freePlaces: Int
        var url: String
    }

    struct Detail: Encodable, Sendable {
        var workshop: Summary
        var description: String
        var trainers: [String]
        var registrationOpensAt: Date?
        var registrationClosesAt: Date
        var acceptsRegistrations: Bool
        var schedule: [Session]
        var questions: [QuestionView]
        var calendar: String
    }

    static func summary(
        _ workshop: Workshop, texts: WorkshopTexts, bookable: Bookable?, topics: [Topic], location: String?, context: RequestContext
    ) -> Summary {
        let confirmed = bookable?.confirmed ?? 0
        return Summary(
            id: workshop.id, title: texts.title, summary: texts.summary,
            status: workshop.phase(confirmed: confirmed, now: context.now).rawValue, startsAt: workshop.startsAt, endsAt: workshop.endsAt,
            sessions: workshop.sessions, format: workshop.format.rawValue, targetGroup: workshop.targetGroup.rawValue,
            topic: workshop.topicID.flatMap { id in topics.first { $0.id == id }?.name(for: context.languages) },
            languages: workshop.languages, location: location, capacity: workshop.capacity, confirmed: confirmed,
            freePlaces: max(0, workshop.capacity - confirmed),
            url: "\(context.services.server.publicURL)\(context.pageURL("/workshops/\(workshop.id)"))")
    }

    // MARK: - Lists

    @Sendable static func list(_ request: Request, _ context: RequestContext) throws -> Response {
        let filter = try WorkshopPages.filter(request)
        let after = try request.queryValue("after").map { text -> WorkshopStore.Position in
            guard let position = WorkshopStore.Position(text) else { throw HTTPError.badRequest("after must be a cursor from next", field: "after") }
            return position
        }
        let limit = try self.limit(request)
        let store = WorkshopStore(context)
        let page = try context.read { db in
            let (items, next) = try store.upcoming(filter, after: after, limit: limit, now: context.now, in: db)
            return (try summaries(items, store: store, context: context, in: db), next)
        }
        return try .json(ListPage(items: page.0, next: page.1?.text))
    }

    @Sendable static func past(_ request: Request, _ context: RequestContext) throws -> Response {
        let before = try request.queryValue("before").map { text -> WorkshopStore.Position in
            guard let position = WorkshopStore.Position(text) else { throw HTTPError.badRequest("before must be a cursor from next", field: "before") }
            return position
        }
        let limit = try self.limit(request)
        let store = WorkshopStore(context)
        let page = try context.read { db in
            let (items, next) = try store.past(before: before, limit: limit, now: context.now, in: db)
            return (try summaries(items, store: store, context: context, in: db), next)
        }
        return try .json(ListPage(items: page.0, next: page.1?.text))
    }

    struct ListPage: Encodable {
        var items: [Summary]
        var next: String?
    }

    static func limit(_ request: Request) throws -> Int {
        guard let text = request.queryValue("limit") else { return 20 }
        guard let limit = Int(text), (1...100).contains(limit) else { throw HTTPError.badRequest("limit must be from 1 to 100", field: "limit") }
        return limit
    }

    static func summaries(_ workshops: [Workshop], store: WorkshopStore, context: RequestContext, in db: any DatabaseConnection) throws -> [Summary] {
        let texts = try WorkshopTextStore(services: context.services, region: context.region).texts(of: workshops, language: context.language, in: db)
        let bookables = try store.bookables(of: workshops, in: db)
        let topics = try store.topics(in: db)
        let locations = try store.locations(of: workshops, languages: context.languages, in: db)
        return workshops.map { workshop in
            summary(workshop, texts: texts[workshop.id] ?? WorkshopTexts(workshop), bookable: bookables[workshop.id], topics: topics,
                    location: locations[workshop.id] ?? nil, context: context)
        }
    }

    // MARK: - One workshop

    static func workshopID(_ request: Request) throws -> Int64 {
        guard let id = request.parameters["id"].flatMap({ Int64($0) }) else { throw WorkshopError.notFound.httpError }
        return id
    }

    /// The published workshop or 404 (drafts are invisible to the public).
    static func published(_ id: Int64, store: WorkshopStore, in db: any DatabaseConnection) throws -> Workshop {
        guard let workshop = try store.workshop(id, in: db), workshop.isPublished else { throw WorkshopError.notFound.httpError }
        return workshop
    }

    @Sendable static func detail(_ request: Request, _ context: RequestContext) throws -> Response {
        let id = try workshopID(request)
        let store = WorkshopStore(context)
        let detail = try context.read { db -> Detail in
            let workshop = try published(id, store: store, in: db)
            let texts = try WorkshopTextStore(services: context.services, region: context.region).texts(of: workshop, language: context.language, in: db)
            let bookable = try store.bookables(of: [workshop], in: db)[workshop.id]
            let questions = try store.questions(of: id, in: db)
            return Detail(
                workshop: summary(workshop, texts: texts, bookable: bookable, topics: try store.topics(in: db),
                                  location: try store.location(of: workshop, languages: context.languages, in: db), context: context),
                description: texts.description, trainers: workshop.trainers, registrationOpensAt: workshop.registrationOpensAt,
                registrationClosesAt: workshop.registrationDeadline, acceptsRegistrations: workshop.acceptsRegistrations(now: context.now),
                schedule: workshop.occurrences().map { Session(start: $0.start, end: $0.end) },
                questions: questions.map {
                    QuestionView(id: $0.id, kind: $0.kind.rawValue, required: $0.required, label: $0.label(for: context.languages),
                                 options: $0.options(for: context.languages))
                },
                calendar: "\(context.services.server.publicURL)\(context.pageURL("/workshops/\(id)/calendar.ics"))")
        }
        return try .json(detail)
    }

    // MARK: - Registration

    struct NewRegistration: Decodable {
        var name: String
        var email: String?
        var phone: String?
        var language: String?
        var accessibility: String?
        var answers: [String: String]?
    }

    struct RegistrationView: Encodable {
        var id: Int64
        var workshop: Int64
        var name: String
        var email: String?
        var phone: String?
        var language: String?
        var accessibility: String?
        var answers: [String: String]
        var state: String
        var waitlistPosition: Int?
        /// Only for confirmed participants.
        var onlineLink: String?
        var manageToken: String
        var manageURL: String
    }

    static func view(_ registration: Registration, workshop: Workshop, context: RequestContext) -> RegistrationView {
        let mails = WorkshopMails(services: context.services, region: context.region)
        return RegistrationView(
            id: registration.id, workshop: workshop.id, name: registration.booking.name, email: registration.booking.email,
            phone: registration.phone, language: registration.booking.language, accessibility: registration.accessibility,
            answers: registration.answers, state: registration.booking.state.rawValue, waitlistPosition: registration.booking.waitlistPosition,
            onlineLink: registration.booking.state == .confirmed ? workshop.onlineLink : nil,
            manageToken: mails.manageToken(for: registration.booking, workshop: workshop),
            manageURL: mails.manageURL(for: registration.booking, workshop: workshop))
    }

    @Sendable static func register(_ request: Request, _ context: RequestContext) throws -> Response {
        let id = try workshopID(request)
        let input = try request.decodeJSON(NewRegistration.self)
        let registrar = Registrar(context)
        let (registration, workshop) = try mapped {
            try context.write { db in
                _ = try published(id, store: registrar.store, in: db)
                let registration = try registrar.register(RegistrationInput(
                    name: input.name, email: input.email ?? (context.principal.isSignedIn ? context.principal.email : nil),
                    phone: input.phone, language: input.language ?? context.language, accessibility: input.accessibility,
                    answers: input.answers ?? [:], accountID: context.principal.accountID,
                    source: context.principal.isSignedIn ? .account : .api), for: id, in: db)
                return (registration, try registrar.store.require(id, in: db))
            }
        }
        return try .json(["registration": view(registration, workshop: workshop, context: context)], status: .created)
    }

    @Sendable static func registration(_ request: Request, _ context: RequestContext) throws -> Response {
        let token = try self.token(request.queryValue("token"))
        let registrar = Registrar(context)
        let result = try mapped {
            try context.read { db in
                let registration = try registrar.registration(forToken: token, in: db)
                return view(registration, workshop: try registrar.store.require(registration.workshopID, in: db), context: context)
            }
        }
        return try .json(["registration": result])
    }

    struct TokenBody: Decodable {
        var token: String
    }

    @Sendable static func cancel(_ request: Request, _ context: RequestContext) throws -> Response {
        let token = try self.token(request.decodeJSON(TokenBody.self).token)
        let registrar = Registrar(context)
        let result = try mapped {
            try context.write { db in
                let registration = try registrar.registration(forToken: token, in: db)
                try registrar.cancel(registration, notify: true, in: db)
                let cancelled = try registrar.store.registration(registration.id, in: db) ?? registration
                return view(cancelled, workshop: try registrar.store.require(registration.workshopID, in: db), context: context)
            }
        }
        return try .json(["registration": result])
    }

    static func token(_ text: String?) throws -> String {
        guard let text, !text.isEmpty else { throw HTTPError.badRequest("token is required: the token of the manage link", field: "token") }
        return text
    }

    /// Module and token errors as the HTTP errors people read.
    static func mapped<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as WorkshopError {
            throw error.httpError
        } catch let problems as Problems {
            throw problems.httpError
        } catch is SignedTokenError {
            throw HTTPError(.forbidden, "the link is not valid or has expired; use the link from your latest mail", field: "token")
        } catch let error as BookingError {
            throw HTTPError.conflict(error.description, field: error.field)
        }
    }
}

extension WorkshopTexts {
    /// The stored title alone, for workshops whose texts are not found.
    init(_ workshop: Workshop) {
        self.init(title: workshop.title, summary: "", description: "", language: workshop.originalLanguage)
    }
}
