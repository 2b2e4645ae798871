import Foundation
import HTTP
import Kernel
import Web

/// `GET /learning-sites/admin/report?from=&to=`: consultations booked, cancelled, held and
/// no-shows per site, topic and language, with the same table as CSV.
enum ReportPage {
    @Sendable static func render(_ request: Request, _ context: RequestContext) throws -> Response {
        let strings = LearningSitesStrings(languages: context.languages)
        let period = try ConsultationReport.period(request.queryValue("from"), request.queryValue("to"), now: context.now, zone: context.region.timeZone)
        let access = SiteAccess(reporting: context)
        let rows = try context.read { db in try ConsultationReport.rows(region: context.region.id, from: period.from, to: period.to, access: access, in: db) }
        let query = "from=\(period.first)&to=\(period.last)"
        return context.page(title: strings.reportTitle) { page in
            Form(action: context.pageURL("/learning-sites/admin/report"), method: .get,
                 state: FormState(values: ["from": period.first.description, "to": period.last.description]), in: page) { form in
                form.date("from", label: strings.reportFrom)
                form.date("to", label: strings.reportTo)
                form.submit(strings.slotsShow, secondary: true)
            }
            let totals = rows.reduce(into: (booked: 0, cancelled: 0, held: 0, noShows: 0)) {
                $0.booked += $1.booked; $0.cancelled += $1.cancelled; $0.held += $1.held; $0.noShows += $1.noShows
            }
            Table(
                caption: strings.reportCaption(from: SitePresentation.day(period.first, language: context.language),
                                               to: SitePresentation.day(period.last, language: context.language)),
                columns: [strings.reportSite, strings.reportTopic, strings.reportLanguage, strings.reportBooked, strings.reportCancelled,
                          strings.reportHeld, strings.reportNoShows],
                rows: rows.map { row in
                    [row.siteName, SitePresentation.topic(row.topic, strings), LanguageCode.name(row.language, in: context.language),
                     String(row.booked), String(row.cancelled), String(row.held), String(row.noShows)]
                } + [[strings.reportTotal, "", "", String(totals.booked), String(totals.cancelled), String(totals.held), String(totals.noShows)]])
            element("p") { element("a", ["href": context.pageURL("/learning-sites/admin/report.csv") + "?" + query]) { strings.reportCSV } }
        }
    }
}
