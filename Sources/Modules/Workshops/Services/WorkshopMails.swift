import Foundation
import HTTP
import Kernel
import Web

/// The mails of the module, each in the person's language: confirmation (with the dates as
/// an iCalendar attachment and the link to change or cancel), a place from the waiting list,
/// a cancellation, the cancellation of the whole workshop, reminders and the coordinator's
/// messages. The online link is only ever sent to confirmed participants.
struct WorkshopMails {
    let services: KernelServices
    let region: Region

    static let managePurpose = "workshops.manage-registration"

    func strings(_ language: String?) -> WorkshopsStrings {
        WorkshopsStrings(languages: languages(language))
    }

    func languages(_ language: String?) -> [String] {
        let chosen = language.flatMap { region.speaks($0) ? $0 : nil } ?? region.defaultLanguage
        return Localizer.fallbackLanguages(requested: chosen, regionDefault: region.defaultLanguage)
    }

    // MARK: - Links

    /// The token of the link to change or cancel a registration: signed, for this booking,
    /// valid until 30 days after the workshop's last session.
    func manageToken(for booking: Booking, workshop: Workshop) -> String {
        services.tokens.sign(
            purpose: Self.managePurpose, subject: "\(region.id):\(booking.id)", expires: workshop.endsAt.addingTimeInterval(30 * 86_400))
    }

    func manageURL(for booking: Booking, workshop: Workshop) -> String {
        let language = languages(booking.language).first ?? region.defaultLanguage
        let token = PercentDecoding.encode(manageToken(for: booking, workshop: workshop))
        return "\(services.server.publicURL)/\(region.id)/\(language)/workshops/registration?token=\(token)"
    }

    func pageURL(of workshop: Workshop, language: String) -> String {
        "\(services.server.publicURL)/\(region.id)/\(language)/workshops/\(workshop.id)"
    }

    // MARK: - What a mail says about a workshop

    /// Title, dates and place in one language, gathered while the transaction is open so that
    /// mails built later (the ledger's promotion notice) need no database.
    struct Facts: Sendable {
        var texts: WorkshopTexts
        var location: String?
        var sessions: [String]
        var calendar: MailAttachment
    }

    func facts(of workshop: Workshop, language: String, in db: any DatabaseConnection) throws -> Facts {
        let texts = try WorkshopTextStore(services: services, region: region).texts(of: workshop, language: language, in: db)
        let location = try WorkshopStore(services, region: region).location(of: workshop, languages: languages(language), in: db)
        let event = WorkshopCalendar(services: services, region: region)
            .event(for: workshop, texts: texts, location: location, language: language)
        let document = ICalendarDocument.render(name: texts.title, events: [event], timeZone: region.timeZone, stamp: services.clock.now())
        return Facts(
            texts: texts, location: location, sessions: WorkshopCalendar.sessionLines(workshop, dates: LocalDates(language: language, timeZone: region.timeZone)),
            calendar: MailAttachment(filename: "workshop-\(workshop.id).ics", contentType: "text/calendar; method=PUBLISH; charset=utf-8",
                                     bytes: Array(document.utf8)))
    }

    /// The facts in every language of the region.
    func factsByLanguage(of workshop: Workshop, in db: any DatabaseConnection) throws -> [String: Facts] {
        var result: [String: Facts] = [:]
        for language in region.languageCodes { result[language] = try facts(of: workshop, language: language, in: db) }
        return result
    }

    private func body(
        _ strings: WorkshopsStrings, name: String, lead: String, facts: Facts, onlineLink: String?, manageURL: String?,
        extra: [String] = []
    ) -> String {
        var lines = [strings.mailGreeting(name: name), "", lead, ""]
        lines += extra.isEmpty ? [] : extra + [""]
        lines.append(strings.mailWhen)
        lines += facts.sessions.map { "  \($0)" }
        if let location = facts.location { lines += ["", strings.mailWhere, "  \(location)"] }
        if let onlineLink { lines += ["", strings.mailOnline, "  \(onlineLink)"] }
        if let manageURL { lines += ["", strings.mailManage, manageURL] }
        lines += ["", strings.mailCalendarAttached, "", strings.mailSignature(region: region.name(in: facts.texts.language))]
        return lines.joined(separator: "\n")
    }

    private func address(_ booking: Booking) -> MailAddress? {
        booking.email.map { MailAddress($0, name: booking.name) }
    }

    // MARK: - Mails

    /// Confirmation of a new registration: a place, or a place on the waiting list.
    func confirmation(_ workshop: Workshop, registration: Registration, in db: any DatabaseConnection) throws -> MailMessage? {
        guard let to = address(registration.booking) else { return nil }
        let language = languages(registration.booking.language).first ?? region.defaultLanguage
        let facts = try facts(of: workshop, language: language, in: db)
        let strings = strings(language)
        let confirmed = registration.booking.state == .confirmed
        let lead = confirmed ? strings.mailConfirmedText(title: facts.texts.title)
            : strings.mailWaitlistedText(title: facts.texts.title, position: String(registration.booking.waitlistPosition ?? 0))
        return MailMessage(
            to: to,
            subject: confirmed ? strings.mailConfirmedSubject(title: facts.texts.title) : strings.mailWaitlistedSubject(title: facts.texts.title),
            text: body(strings, name: registration.booking.name, lead: lead, facts: facts,
                       onlineLink: confirmed ? workshop.onlineLink : nil, manageURL: manageURL(for: registration.booking, workshop: workshop)),
            attachments: [facts.calendar])
    }

    /// The ledger's notice for a person promoted from the waiting list of `workshop`.
    func promotion(for workshop: Workshop, in db: any DatabaseConnection) throws -> BookingLedger.PromotionNotice {
        let facts = try factsByLanguage(of: workshop, in: db)
        let mails = self
        return { booking, _, _ in
            guard let to = mails.address(booking) else { return nil }
            let language = mails.languages(booking.language).first ?? mails.region.defaultLanguage
            guard let facts = facts[language] ?? facts[mails.region.defaultLanguage] else { return nil }
            let strings = mails.strings(language)
            return MailMessage(
                to: to, subject: strings.mailPromotedSubject(title: facts.texts.title),
                text: mails.body(strings, name: booking.name, lead: strings.mailPromotedText(title: facts.texts.title), facts: facts,
                                 onlineLink: workshop.onlineLink, manageURL: mails.manageURL(for: booking, workshop: workshop)),
                attachments: [facts.calendar])
        }
    }

    /// Confirms that the person's own cancellation went through.
    func cancellationConfirmed(_ workshop: Workshop, booking: Booking, in db: any DatabaseConnection) throws -> MailMessage? {
        guard let to = address(booking) else { return nil }
        let language = languages(booking.language).first ?? region.defaultLanguage
        let facts = try facts(of: workshop, language: language, in: db)
        let strings = strings(language)
        return MailMessage(
            to: to, subject: strings.mailCancelledSubject(title: facts.texts.title),
            text: [strings.mailGreeting(name: booking.name), "", strings.mailCancelledText(title: facts.texts.title), "",
                   strings.mailSignature(region: region.name(in: language))].joined(separator: "\n"))
    }

    /// Tells a registered or waiting person that the whole workshop is cancelled.
    func workshopCancelled(_ workshop: Workshop, registration: Registration, reason: String, in db: any DatabaseConnection) throws -> MailMessage? {
        guard let to = address(registration.booking) else { return nil }
        let language = languages(registration.booking.language).first ?? region.defaultLanguage
        let facts = try facts(of: workshop, language: language, in: db)
        let strings = strings(language)
        var lines = [strings.mailGreeting(name: registration.booking.name), "", strings.mailWorkshopCancelledText(title: facts.texts.title)]
        if !reason.isEmpty { lines += ["", strings.mailReason, reason] }
        lines += ["", strings.mailWhen] + facts.sessions.map { "  \($0)" }
        lines += ["", strings.mailSignature(region: region.name(in: language))]
        // The attached event says CANCELLED, so calendars that saved it remove or mark it.
        return MailMessage(
            to: to, subject: strings.mailWorkshopCancelledSubject(title: facts.texts.title), text: lines.joined(separator: "\n"),
            attachments: [facts.calendar])
    }

    /// A reminder of one session, sent a configurable time before it.
    func reminder(_ workshop: Workshop, registration: Registration, session: Occurrence, in db: any DatabaseConnection) throws -> MailMessage? {
        guard let to = address(registration.booking) else { return nil }
        let language = languages(registration.booking.language).first ?? region.defaultLanguage
        let facts = try facts(of: workshop, language: language, in: db)
        let strings = strings(language)
        let when = WorkshopCalendar.sessionLine(session, dates: LocalDates(language: language, timeZone: region.timeZone))
        var reminded = facts
        reminded.sessions = [when]
        return MailMessage(
            to: to, subject: strings.mailReminderSubject(title: facts.texts.title, date: when),
            text: body(strings, name: registration.booking.name, lead: strings.mailReminderText(title: facts.texts.title), facts: reminded,
                       onlineLink: workshop.onlineLink, manageURL: manageURL(for: registration.booking, workshop: workshop)),
            attachments: [facts.calendar])
    }

    /// The coordinator's message to a participant, with a line saying why they receive it.
    func message(_ workshop: Workshop, registration: Registration, subject: String, text: String, replyTo: MailAddress?) -> MailMessage? {
        guard let to = address(registration.booking) else { return nil }
        let language = languages(registration.booking.language).first ?? region.defaultLanguage
        let strings = strings(language)
        let footer = strings.mailMessageFooter(title: workshop.title)
        return MailMessage(
            to: to, subject: subject,
            text: [text, "", "--", footer, manageURL(for: registration.booking, workshop: workshop)].joined(separator: "\n"),
            replyTo: replyTo)
    }

    func send(_ message: MailMessage?, in db: any DatabaseTransaction) throws {
        if let message { try services.mail.enqueue(message, in: db) }
    }
}
