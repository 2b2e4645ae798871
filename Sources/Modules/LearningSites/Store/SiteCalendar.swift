import Foundation
import HTTP
import Kernel
import Web

/// Consultation hours and tour stops as calendar events: for the region's feed (the manifest's
/// `calendar` hook) and a site's own feed. A day the site is closed is an EXDATE of the series.
enum SiteCalendar {
    static let source = CalendarSource { query in
        try query.read { db in
            let sites = try db.query("\(LearningSite.columns) WHERE s.region = \(query.region.id) AND s.published = 1 ORDER BY s.id")
                .map(LearningSite.init)
            return try events(of: sites, region: query.region, language: query.language, services: query.services, from: query.from, to: query.to, in: db)
        }
    }

    static func events(
        of sites: [LearningSite], region: Region, language: String, services: KernelServices, from: Date, to: Date, in db: any DatabaseConnection
    ) throws -> [CalendarEvent] {
        let strings = LearningSitesStrings(languages: Localizer.fallbackLanguages(requested: language, regionDefault: region.defaultLanguage))
        let texts = try SiteTexts.texts(of: sites, language: language, services: services, in: db)
        let publicURL = services.server.publicURL
        var events: [CalendarEvent] = []
        for site in sites {
            let name = texts[site.id]?.name ?? site.name
            let url = "\(publicURL)/\(region.id)/\(language)\(site.path)"
            let closed = Set(try OpeningHoursStore.exceptions(siteID: site.id, region: region.id, in: db)
                .filter { $0.kind == .closed || $0.kind == .holiday }.map(\.day))
            for hours in try SlotPlanner.hours(of: site.id, region: region.id, in: db) {
                var schedule = hours.schedule
                let occurrences = (try? schedule.occurrences(from: from, to: to)) ?? []
                guard !occurrences.isEmpty else { continue }
                schedule.exceptions += occurrences.map(\.start).filter { closed.contains(LocalMoment($0, in: schedule.timeZone).day.description) }
                let topics = hours.topics.map { SitePresentation.topic($0, strings) }.joined(separator: ", ")
                events.append(CalendarEvent(
                    uid: CalendarEvent.uid("learning-sites-hours-\(hours.id)", publicURL: publicURL),
                    summary: (hours.walkIn ? strings.walkIn : strings.consultationHours) + ": " + name,
                    details: strings.topicsOffered(topics: topics) + "\n"
                        + strings.languagesSpoken(languages: SitePresentation.languages(ConsultationDesk.languages(of: hours, region: region), language: language)),
                    location: hours.online ? strings.online : site.address?.singleLine, url: url, schedule: schedule,
                    sequence: hours.revision, categories: [strings.consultationHours]))
            }
            for stop in try TourPlan.stops(siteID: site.id, region: region.id, in: db) {
                guard let first = try? stop.schedule.occurrences(from: from, to: to), !first.isEmpty else { continue }
                events.append(CalendarEvent(
                    uid: CalendarEvent.uid("learning-sites-stop-\(stop.id)", publicURL: publicURL),
                    summary: "\(name): \(stop.placeName)", details: stop.note,
                    location: [stop.placeName, stop.address?.singleLine].compactMap { $0 }.joined(separator: ", "), url: url,
                    schedule: stop.schedule, sequence: stop.revision))
            }
        }
        return events
    }

    /// `GET /{region}/{lang}/learning-sites/{site}/calendar.ics`
    @Sendable static func siteFeed(_ request: Request, _ context: RequestContext) throws -> Response {
        let now = context.now
        let (found, name) = try context.read { db -> ([CalendarEvent], String) in
            guard let site = try SiteStore.site(request.parameters["site"] ?? "", region: context.region.id, in: db), site.published else {
                throw HTTPError.notFound("There is no such learning site here")
            }
            let texts = try SiteTexts.texts(of: [site], language: context.language, services: context.services, in: db)
            return (try events(of: [site], region: context.region, language: context.language, services: context.services,
                               from: now.addingTimeInterval(-30 * 86_400), to: now.addingTimeInterval(365 * 86_400), in: db),
                    texts[site.id]?.name ?? site.name)
        }
        return CalendarFeed.response(name: name, events: found, timeZone: context.region.timeZone, request: request, now: now)
    }
}
