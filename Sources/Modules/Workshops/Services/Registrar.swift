import Foundation
import Kernel

/// What a person gives to register.
struct RegistrationInput: Sendable {
    var name: String
    var email: String?
    var phone: String?
    var language: String?
    var accessibility: String?
    /// By question id: text, the option's number (0, 1, …) or `yes`/`no`.
    var answers: [String: String]
    var accountID: Int64?
    var source: Registration.Source
}

/// Registering, changing and cancelling registrations, each in the caller's transaction
/// with its mails and events: one registration per e-mail address and workshop; places are
/// taken through the kernel's booking ledger, which never overbooks and keeps the waiting
/// list in arrival order.
struct Registrar {
    let services: KernelServices
    let region: Region
    let now: Date

    init(_ services: KernelServices, region: Region) {
        self.services = services
        self.region = region
        now = services.clock.now()
    }

    init(_ context: RequestContext) {
        self.init(context.services, region: context.region)
    }

    var store: WorkshopStore { WorkshopStore(services, region: region) }
    var mails: WorkshopMails { WorkshopMails(services: services, region: region) }

    /// Checks the person's details and answers; every problem with its field.
    func check(_ input: RegistrationInput, questions: [Question]) -> Problems {
        var problems = Problems()
        let name = input.name.trimmingCharacters(in: .whitespacesAndNewlines)
        if name.isEmpty { problems.add("name", .required) } else if name.count > 200 { problems.add("name", .tooLong(200)) }
        if let email = input.email?.trimmingCharacters(in: .whitespaces), !email.isEmpty {
            if MailAddress.problem(with: email) != nil { problems.add("email", .invalidEmail) }
        } else if input.accountID == nil && input.source != .coordinator {
            problems.add("email", .required)
        }
        if let phone = input.phone?.trimmingCharacters(in: .whitespaces), !phone.isEmpty {
            if phone.count > 40 || !phone.allSatisfy({ $0.isASCII && ($0.isNumber || " +-()/".contains($0)) }) {
                problems.add("phone", .invalidPhone)
            }
        }
        if (input.accessibility ?? "").count > 1_000 { problems.add("accessibility", .tooLong(1_000)) }
        if let language = input.language, !language.isEmpty, !region.speaks(language) { problems.add("language", .unknownChoice) }
        for question in questions {
            let answer = (input.answers[String(question.id)] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            if answer.isEmpty {
                if question.required && input.source != .coordinator { problems.add(question.field, .required) }
                continue
            }
            switch question.kind {
            case .text:
                if answer.count > 1_000 { problems.add(question.field, .tooLong(1_000)) }
            case .choice:
                let count = question.options.values.map(\.count).max() ?? 0
                if Int(answer).map({ !(0..<count).contains($0) }) ?? true { problems.add(question.field, .unknownChoice) }
            case .yesNo:
                if answer != "yes" && answer != "no" { problems.add(question.field, .unknownChoice) }
            }
        }
        return problems
    }

    /// Registers the person: a place while there is one, else the waiting list. Mails the
    /// confirmation and publishes `workshops.registration-created`. Coordinators may add
    /// people outside the registration window and without answers. Throws `Problems` with
    /// every field that is wrong, so that a form shows them all at once.
    func register(_ input: RegistrationInput, for workshopID: Int64, in db: any DatabaseTransaction) throws -> Registration {
        let workshop = try store.require(workshopID, in: db)
        switch workshop.status {
        case .cancelled: throw WorkshopError.cancelled
        case .held, .draft: throw WorkshopError.registrationClosed
        case .open, .closed:
            if input.source != .coordinator && !workshop.acceptsRegistrations(now: now) { throw WorkshopError.registrationClosed }
        }
        let questions = try store.questions(of: workshopID, in: db)
        let problems = check(input, questions: questions)
        if !problems.isEmpty { throw problems }
        let email = input.email.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0.trimmingCharacters(in: .whitespaces) }
        let key = Registration.emailKey(email)
        if let key { try releaseWithdrawn(key, workshop: workshopID, in: db) }

        let bookableID = try WorkshopEditor(services, region: region).ensureBookable(workshop, in: db)
        let booking = try services.bookings.book(bookableID, for: BookingPerson(
            name: input.name, email: email, language: input.language.flatMap { region.speaks($0) ? $0 : nil },
            accountID: input.accountID), in: db)
        let answers = input.answers.filter { key, value in
            questions.contains { String($0.id) == key } && !value.trimmingCharacters(in: .whitespaces).isEmpty
        }
        let id: Int64?
        do {
            id = try db.scalar(Int64.self, """
                INSERT INTO workshops_registrations (region, workshop_id, booking_id, email_key, account_id, phone, accessibility, answers, source, created_at, updated_at)
                VALUES (\(region.id), \(workshopID), \(booking.id), \(key), \(input.accountID), \(Self.blankToNil(input.phone)), \(Self.blankToNil(input.accessibility)),
                        \(Registration.storedAnswers(answers)), \(input.source.rawValue), \(now), \(now))
                RETURNING id
                """)
        } catch StorageError.uniqueViolation {
            throw WorkshopError.alreadyRegistered
        }
        guard let id, let registration = try store.registration(id, in: db) else { throw WorkshopError.notFound }
        try mails.send(try mails.confirmation(workshop, registration: registration, in: db), in: db)
        try services.events.publish(RegistrationCreated(
            workshop: workshopID, registration: id, state: registration.booking.state.rawValue, source: input.source.rawValue),
            region: region.id, after: db)
        return registration
    }

    /// An address whose earlier registration here was cancelled may register again.
    private func releaseWithdrawn(_ key: String, workshop: Int64, in db: any DatabaseTransaction) throws {
        guard let row = try db.query("""
            \(Registration.columns) WHERE region = \(region.id) AND workshop_id = \(workshop) AND email_key = \(key) AND active = 1
            """).first else { return }
        let stored = try Registration.Row(row)
        if let booking = try services.bookings.booking(stored.bookingID, in: db), booking.state == .confirmed || booking.state == .waitlisted {
            throw WorkshopError.alreadyRegistered
        }
        try db.execute("UPDATE workshops_registrations SET active = 0 WHERE region = \(region.id) AND id = \(stored.id)")
    }

    /// Cancels a registration (its place goes to the first on the waiting list, who is
    /// mailed) or takes it off the waiting list. `notify` mails the person a confirmation.
    @discardableResult
    func cancel(_ registration: Registration, notify: Bool, in db: any DatabaseTransaction) throws -> Cancellation {
        let workshop = try store.require(registration.workshopID, in: db)
        try requireChangeable(workshop)
        let notice = try mails.promotion(for: workshop, in: db)
        let outcome: Cancellation
        do {
            outcome = try services.bookings.cancel(registration.booking.id, notice: notice, in: db)
        } catch BookingError.alreadyWithdrawn {
            throw WorkshopError.notEditable(.cancelled)
        }
        try db.execute("""
            UPDATE workshops_registrations SET active = 0, updated_at = \(now) WHERE region = \(region.id) AND id = \(registration.id)
            """)
        if notify { try mails.send(try mails.cancellationConfirmed(workshop, booking: outcome.booking, in: db), in: db) }
        return outcome
    }

    /// Registrations of a cancelled or held workshop, or of one whose last session is over,
    /// stay as they are: a cancellation would promote someone to a workshop that will not
    /// take place, and counts already reported to funders would change afterwards.
    private func requireChangeable(_ workshop: Workshop) throws {
        if workshop.status == .cancelled || workshop.status == .held { throw WorkshopError.notEditable(workshop.status) }
        if workshop.endsAt <= now { throw WorkshopError.notEditable(.held) }
    }

    /// Changes what the person may change themselves: name, language, phone, accessibility
    /// needs and answers (not the address, which identifies them). Throws `Problems` like `register`.
    func change(_ registration: Registration, to input: RegistrationInput, in db: any DatabaseTransaction) throws -> Registration {
        try requireChangeable(try store.require(registration.workshopID, in: db))
        guard registration.isActive else { throw WorkshopError.notEditable(.cancelled) }
        let questions = try store.questions(of: registration.workshopID, in: db)
        var checked = input
        checked.email = registration.booking.email
        checked.accountID = registration.booking.accountID
        let problems = check(checked, questions: questions)
        if !problems.isEmpty { throw problems }
        _ = try services.bookings.changePerson(
            registration.booking.id, name: input.name, language: input.language.flatMap { region.speaks($0) ? $0 : nil }, in: db)
        let answers = input.answers.filter { key, value in
            questions.contains { String($0.id) == key } && !value.trimmingCharacters(in: .whitespaces).isEmpty
        }
        try db.execute("""
            UPDATE workshops_registrations SET phone = \(Self.blankToNil(input.phone)), accessibility = \(Self.blankToNil(input.accessibility)),
                answers = \(Registration.storedAnswers(answers)), updated_at = \(now)
            WHERE region = \(region.id) AND id = \(registration.id)
            """)
        guard let changed = try store.registration(registration.id, in: db) else { throw WorkshopError.notFound }
        return changed
    }

    /// Moves a person to another workshop (another date of the same training): cancelled
    /// here (the place goes to this waiting list), registered there with the same details
    /// (a place or that waiting list), and mailed the new confirmation.
    func move(_ registration: Registration, to target: Int64, in db: any DatabaseTransaction) throws -> Registration {
        guard registration.isActive else { throw WorkshopError.notEditable(.cancelled) }
        guard target != registration.workshopID else { throw WorkshopError.invalid(field: "target", problem: .unknownChoice) }
        guard try store.workshop(target, in: db) != nil else { throw WorkshopError.invalid(field: "target", problem: .unknownChoice) }
        try cancel(registration, notify: false, in: db)
        return try register(RegistrationInput(
            name: registration.booking.name, email: registration.booking.email, phone: registration.phone,
            language: registration.booking.language, accessibility: registration.accessibility, answers: [:],
            accountID: registration.booking.accountID, source: .coordinator), for: target, in: db)
    }

    /// The registration a manage link's token names, in this region.
    func registration(forToken token: String, in db: any DatabaseConnection) throws -> Registration {
        let subject = try services.tokens.verify(token, purpose: WorkshopMails.managePurpose, now: now)
        let parts = subject.split(separator: ":")
        guard parts.count == 2, parts[0] == region.id, let booking = Int64(parts[1]),
              let registration = try store.registration(booking: booking, in: db) else {
            throw SignedTokenError.malformed
        }
        return registration
    }

    static func blankToNil(_ text: String?) -> String? {
        text.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 }
    }
}
