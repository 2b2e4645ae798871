import Foundation
import Kernel

/// Everything a site's page and detail route show, read in one snapshot.
struct SiteDetails: Sendable {
    var site: LearningSite
    var texts: SiteTexts.Texts?
    var organisation: Organisation?
    var week: [OpeningInterval]
    /// Exceptions from today on.
    var exceptions: [HoursException]
    /// The next seven days from today, with exceptions applied.
    var days: [DayHours]
    var openNow: Bool
    var hours: [ConsultationHours]
    var helpers: [PeerHelper]
    var assignments: [Int64: [Int64]]
    /// Visits of the tour from today for two weeks (mobile sites).
    var visits: [TourVisit]
    /// Free slots in the next two weeks (in `language` when given).
    var slots: [ConsultationSlot]

    static func load(_ key: String, language: String?, context: RequestContext) throws -> SiteDetails {
        let region = context.region.id
        let zone = context.region.timeZone
        let now = context.now
        let today = LocalMoment(now, in: zone)
        return try context.read { db in
            guard let site = try SiteStore.site(key, region: region, in: db), site.published || SiteAccess(managing: context).allows(site) else {
                throw HTTPError.notFound("There is no such learning site here")
            }
            let week = try OpeningHoursStore.week(siteID: site.id, region: region, in: db)
            let exceptions = try OpeningHoursStore.exceptions(siteID: site.id, region: region, from: today.day, in: db)
            let days = (0..<7).map { DayHours(day: today.day.adding(days: $0), week: week, exceptions: exceptions) }
            let visits = try TourPlan.visits(
                siteID: site.id, region: region, from: today.day.instant(minute: 0, in: zone), to: today.day.adding(days: 14).instant(minute: 0, in: zone), in: db)
            let openNow = site.kind == .stationary ? days[0].isOpen(at: today.minute) : visits.contains { $0.start <= now && now < $0.end }
            return SiteDetails(
                site: site, texts: try SiteTexts.texts(of: [site], language: context.language, services: context.services, in: db)[site.id],
                organisation: try site.organisationID.flatMap { try Organisations.find($0, in: region, db: db) },
                week: week, exceptions: exceptions, days: days, openNow: openNow,
                hours: try SlotPlanner.hours(of: site.id, region: region, in: db),
                helpers: try db.query(PeerHelper.columns + " WHERE region = \(region) AND site_id = \(site.id) ORDER BY display_name").map(PeerHelper.init),
                assignments: try ConsultationHoursStore.assignments(siteID: site.id, region: region, in: db),
                visits: visits,
                slots: try SlotQueries.upcoming(site: site, language: language, from: now, to: now.addingTimeInterval(14 * 86_400), in: db))
        }
    }

    func helpers(of hours: ConsultationHours) -> [PeerHelper] {
        let ids = assignments[hours.id] ?? []
        return helpers.filter { ids.contains($0.id) }
    }

    func json(context: RequestContext) -> JSONValue {
        var object = SiteJSON.base(site, texts: texts, context: context)
        object["description"] = .string(texts?.description ?? "")
        object["openNow"] = .bool(openNow)
        object["organisation"] = organisation.map { ["id": .integer($0.id), "name": .string($0.name)] } ?? .null
        object["openingHours"] = [
            "week": .array(week.map(SiteJSON.interval)), "exceptions": .array(exceptions.map(SiteJSON.exception)),
            "nextDays": .array(days.map(SiteJSON.day)),
        ]
        object["consultationHours"] = .array(hours.map { SiteJSON.hours($0, helpers: helpers(of: $0), region: context.region) })
        object["tour"] = .array(visits.map { SiteJSON.visit($0, context: context) })
        object["slots"] = .array(slots.map { SiteJSON.slot($0, context: context) })
        object["calendarURL"] = .string(context.services.absoluteURL(context.pageURL(site.path + "/calendar.ics")))
        return .object(object)
    }
}
