import Foundation
import Kernel

/// The confirmation a person gets after booking: when and where, what they asked for, the
/// link to cancel, and the appointment as a calendar file. In the language they booked in.
enum ConsultationMail {
    static func confirmation(
        to address: MailAddress, consultation: Consultation, site: LearningSite, hours: ConsultationHours, manageURL: String,
        context: RequestContext, db: any DatabaseConnection
    ) throws -> MailMessage {
        let strings = LearningSitesStrings(languages: context.languages)
        let texts = try SiteTexts.texts(of: [site], language: context.language, services: context.services, in: db)
        let siteName = texts[site.id]?.name ?? site.name
        let zone = context.region.timeZone
        let when = context.dates.span(consultation.slot.start, consultation.slot.end)
        let place = hours.online ? strings.online : (site.address?.singleLine ?? siteName)
        let text = strings.mailConfirmation(
            name: address.name ?? "", site: siteName, when: when, place: place,
            topic: SitePresentation.topic(consultation.topic, strings),
            language: LanguageCode.name(consultation.language, in: context.language), link: manageURL)
        let event = CalendarEvent(
            uid: CalendarEvent.uid("learning-sites-consultation-\(consultation.id)", publicURL: context.services.server.publicURL),
            summary: strings.consultationAt(site: siteName), location: place, url: manageURL,
            schedule: try Recurrence(start: consultation.slot.start, duration: consultation.slot.end.timeIntervalSince(consultation.slot.start),
                                     timeZone: zone))
        let calendar = ICalendarDocument.render(name: siteName, events: [event], timeZone: zone, stamp: context.now)
        return MailMessage(
            to: address, subject: strings.mailConfirmationSubject(site: siteName, when: when), text: text,
            replyTo: site.contactEmail.map { MailAddress($0, name: siteName) },
            attachments: [MailAttachment(filename: "termin.ics", contentType: "text/calendar; method=PUBLISH; charset=utf-8", bytes: Array(calendar.utf8))])
    }
}
