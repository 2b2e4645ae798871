import Foundation
import HTTP
import Kernel

/// Consultation counts as JSON and as CSV.
enum ReportAPI {
    @Sendable static func json(_ request: Request, _ context: RequestContext) throws -> Response {
        let period = try ConsultationReport.period(request.queryValue("from"), request.queryValue("to"), now: context.now, zone: context.region.timeZone)
        let access = SiteAccess(reporting: context)
        let rows = try context.read { db in try ConsultationReport.rows(region: context.region.id, from: period.from, to: period.to, access: access, in: db) }
        return .json(JSONValue.object([
            "from": .string(period.first.description), "to": .string(period.last.description),
            "items": .array(rows.map { row in
                ["site": .integer(row.siteID), "siteName": .string(row.siteName), "topic": .string(row.topic), "language": .string(row.language),
                 "booked": .integer(Int64(row.booked)), "cancelled": .integer(Int64(row.cancelled)), "held": .integer(Int64(row.held)),
                 "noShows": .integer(Int64(row.noShows))]
            }),
        ]).encoded())
    }

    /// `GET /learning-sites/admin/report.csv` (a page route: spreadsheets download it from the report page).
    @Sendable static func csv(_ request: Request, _ context: RequestContext) throws -> Response {
        let period = try ConsultationReport.period(request.queryValue("from"), request.queryValue("to"), now: context.now, zone: context.region.timeZone)
        let access = SiteAccess(reporting: context)
        let rows = try context.read { db in try ConsultationReport.rows(region: context.region.id, from: period.from, to: period.to, access: access, in: db) }
        let strings = LearningSitesStrings(languages: context.languages)
        let body = ConsultationReport.csv(
            rows, header: [strings.reportSite, strings.reportTopic, strings.reportLanguage, strings.reportBooked, strings.reportCancelled,
                           strings.reportHeld, strings.reportNoShows],
            topic: { SitePresentation.topic($0, strings) })
        return Response(status: .ok, headers: [
            "Content-Type": "text/csv; charset=utf-8",
            "Content-Disposition": "attachment; filename=\"consultations-\(period.first)-\(period.last).csv\"",
            "Cache-Control": "private, no-store",
        ], body: body)
    }
}
