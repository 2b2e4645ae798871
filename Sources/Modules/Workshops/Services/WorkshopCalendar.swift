import Foundation
import HTTP
import Kernel
import Web

/// Workshops as calendar events: the region's feed (the manifest's `calendar:` hook), each
/// workshop's own feed, and the attachment of confirmation mails. A series is one event with
/// its rule; a cancelled workshop stays in feeds as CANCELLED so calendars update.
struct WorkshopCalendar {
    let services: KernelServices
    let region: Region

    func event(for workshop: Workshop, texts: WorkshopTexts, location: String?, language: String) -> CalendarEvent {
        let details = [texts.summary, workshop.trainers.isEmpty ? "" : workshop.trainers.joined(separator: ", ")]
            .filter { !$0.isEmpty }.joined(separator: "\n\n")
        return CalendarEvent(
            uid: CalendarEvent.uid("workshop-\(workshop.id)", publicURL: services.server.publicURL),
            summary: texts.title, details: details.isEmpty ? nil : details, location: location,
            url: "\(services.server.publicURL)/\(region.id)/\(language)/workshops/\(workshop.id)",
            schedule: workshop.schedule, status: workshop.status == .cancelled ? .cancelled : .confirmed,
            sequence: workshop.revision, lastModified: workshop.updatedAt)
    }

    /// The region's published workshops with a session between `from` and `to`.
    static let source = CalendarSource { query in
        let calendar = WorkshopCalendar(services: query.services, region: query.region)
        return try query.read { db in
            let workshops = try db.query("""
                \(Workshop.columns) WHERE region = \(query.region.id) AND status <> 'draft'
                  AND ends_at > \(query.from) AND starts_at < \(query.to)
                ORDER BY starts_at, id LIMIT 5000
                """).map { try Workshop.decode($0, zone: query.region.timeZone) }
            let store = WorkshopStore(query.services, region: query.region)
            let texts = try WorkshopTextStore(services: query.services, region: query.region).texts(of: workshops, language: query.language, in: db)
            let languages = Localizer.fallbackLanguages(requested: query.language, regionDefault: query.region.defaultLanguage)
            let locations = try store.locations(of: workshops, languages: languages, in: db)
            return workshops.map { workshop in
                calendar.event(
                    for: workshop, texts: texts[workshop.id] ?? WorkshopTexts(title: workshop.title, summary: "", description: "", language: workshop.originalLanguage),
                    location: locations[workshop.id] ?? nil, language: query.language)
            }
        }
    }

    /// One session as a reader of `dates`' language writes it: "Mi. 4. März 2026, 18:00–20:00 Uhr".
    static func sessionLine(_ occurrence: Occurrence, dates: LocalDates) -> String {
        dates.span(occurrence.start, occurrence.end)
    }

    static func sessionLines(_ workshop: Workshop, dates: LocalDates) -> [String] {
        workshop.occurrences().map { sessionLine($0, dates: dates) }
    }
}
