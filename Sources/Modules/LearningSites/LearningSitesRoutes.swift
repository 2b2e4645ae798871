import HTTP
import Kernel

/// Every route of the module: the public API and pages, and the staff's.
enum LearningSitesRoutes {
    static let manage = Route.Access.action("learning-sites.manage")
    static let consult = Route.Access.action("learning-sites.consult")
    static let report = Route.Access.action("learning-sites.report")
    static let admin = "/learning-sites/admin/sites/{site}"

    static let all: [Route] = publicAPI + adminAPI + publicPages + AdminRoutes.pages

    static let publicAPI: [Route] = [
        .api(.get, "/learning-sites", access: .public,
             summary: "Find learning sites: ?open=now, ?language=, ?equipment=a,b, ?access=step-free,…, ?kind=, ?near=lat,lon nearest first, ?radius=, ?limit=, ?page=",
             handler: PublicAPI.list),
        .api(.get, "/learning-sites/map", access: .public,
             summary: "The same search as a GeoJSON FeatureCollection for maps", handler: PublicAPI.map),
        .api(.get, "/learning-sites/{site}", access: .public,
             summary: "A learning site with opening hours, consultation hours, tour plan and free slots", handler: PublicAPI.show),
        .api(.get, "/learning-sites/{site}/slots", access: .public,
             summary: "Free consultation slots of a site (?language=, ?days=)", handler: PublicAPI.slots),
        .api(.get, "/learning-sites/{site}/tour", access: .public,
             summary: "Where a mobile site is in a week (?from=YYYY-MM-DD, default this week)", handler: PublicAPI.tour),
        .api(.post, "/learning-sites/slots/{slot}/bookings", access: .public,
             summary: "Book a consultation slot without an account (name, email or phone, topic, language, note)", handler: PublicAPI.book),
        .api(.get, "/learning-sites/consultations/manage", access: .public,
             summary: "A booked consultation, by its manage-link token (?token=)", handler: PublicAPI.manage),
        .api(.post, "/learning-sites/consultations/manage/cancel", access: .public,
             summary: "Cancel a booked consultation by its manage-link token (until it begins)", handler: PublicAPI.cancel),
    ]

    static let adminAPI: [Route] = [
        .api(.get, "/learning-sites/admin/sites", access: manage, summary: "The learning sites the caller manages", handler: AdminAPI.sites),
        .api(.post, "/learning-sites/admin/sites", access: manage, summary: "Create a learning site", handler: AdminAPI.create),
        .api(.put, admin, access: manage, summary: "Change a learning site's details", handler: AdminAPI.update),
        .api(.delete, admin, access: manage, summary: "Remove a learning site without consultation history", handler: AdminAPI.delete),
        .api(.put, admin + "/hours", access: manage, summary: "Set a site's regular weekly opening hours", handler: AdminAPI.setHours),
        .api(.put, admin + "/exceptions/{day}", access: manage,
             summary: "Set a day's exception: closed, holiday, appointment-only or other hours", handler: AdminAPI.setException),
        .api(.delete, admin + "/exceptions/{day}", access: manage, summary: "Remove a day's exception", handler: AdminAPI.removeException),
        .api(.post, admin + "/consultation-hours", access: manage, summary: "Add consultation hours (or walk-in hours)", handler: AdminAPI.addHours),
        .api(.put, admin + "/consultation-hours/{hours}", access: manage, summary: "Change consultation hours", handler: AdminAPI.updateHours),
        .api(.delete, admin + "/consultation-hours/{hours}", access: manage, summary: "End consultation hours", handler: AdminAPI.removeHours),
        .api(.post, admin + "/tour-stops", access: manage, summary: "Add a stop to a mobile site's tour", handler: AdminAPI.addStop),
        .api(.put, admin + "/tour-stops/{stop}", access: manage, summary: "Change a tour stop", handler: AdminAPI.updateStop),
        .api(.delete, admin + "/tour-stops/{stop}", access: manage, summary: "Remove a tour stop", handler: AdminAPI.removeStop),
        .api(.post, admin + "/helpers", access: manage, summary: "Add a peer helper to a site", handler: AdminAPI.addHelper),
        .api(.put, admin + "/helpers/{helper}", access: manage, summary: "Change a peer helper", handler: AdminAPI.updateHelper),
        .api(.delete, admin + "/helpers/{helper}", access: manage, summary: "Remove a peer helper", handler: AdminAPI.removeHelper),
        .api(.get, admin + "/consultations", access: consult, summary: "A day's consultations at a site (?day=YYYY-MM-DD)", handler: AdminAPI.day),
        .api(.post, "/learning-sites/admin/consultations/{consultation}/attendance", access: consult,
             summary: "Record that the person came or did not come", handler: AdminAPI.attendance),
        .api(.post, "/learning-sites/admin/consultations/{consultation}/outcome", access: consult,
             summary: "Log the topic handled and whether a follow-up is needed", handler: AdminAPI.outcome),
        .api(.get, "/learning-sites/admin/report", access: report,
             summary: "Consultations booked, cancelled, held and no-shows per site, topic and language (?from=&to=)", handler: ReportAPI.json),
    ]

    static let publicPages: [Route] = [
        .page(.get, "/learning-sites", access: .public, summary: "Find a learning site", handler: SiteListPage.render),
        .page(.get, "/learning-sites/{site}", access: .public, summary: "A learning site", handler: SitePage.render),
        .page(.get, "/learning-sites/{site}/calendar.ics", access: .public,
              summary: "A site's consultation hours and tour stops as iCalendar", handler: SiteCalendar.siteFeed),
        .page(.get, "/learning-sites/slots/{slot}/book", access: .public, summary: "The booking form of a slot", handler: BookingPages.form),
        .page(.post, "/learning-sites/slots/{slot}/book", access: .public, summary: "Book a slot", handler: BookingPages.submit),
        .page(.get, "/learning-sites/consultations/manage", access: .public, summary: "A booked consultation (manage link)", handler: BookingPages.manage),
        .page(.post, "/learning-sites/consultations/manage", access: .public, summary: "Cancel a booked consultation", handler: BookingPages.cancel),
    ]
}

/// The staff's pages.
enum AdminRoutes {
    static let manage = LearningSitesRoutes.manage
    static let site = "/learning-sites/admin/sites/{site}"

    static let pages: [Route] = [
        .page(.get, "/learning-sites/admin", access: manage, summary: "The learning sites one manages", handler: AdminSitePages.list),
        .page(.get, "/learning-sites/admin/new", access: manage, summary: "The form for a new learning site", handler: AdminSitePages.new),
        .page(.post, "/learning-sites/admin/new", access: manage, summary: "Create a learning site", handler: AdminSitePages.create),
        .page(.get, site, access: manage, summary: "A site's details for editing", handler: AdminSitePages.edit),
        .page(.post, site, access: manage, summary: "Save a site's details", handler: AdminSitePages.update),
        .page(.post, site + "/delete", access: manage, summary: "Remove a site without consultation history", handler: AdminSitePages.delete),
        .page(.get, site + "/hours", access: manage, summary: "A site's opening hours and exceptions", handler: AdminHoursPages.show),
        .page(.post, site + "/hours", access: manage, summary: "Save a site's weekly opening hours", handler: AdminHoursPages.saveWeek),
        .page(.post, site + "/exceptions", access: manage, summary: "Add a day that differs", handler: AdminHoursPages.addException),
        .page(.post, site + "/exceptions/remove", access: manage, summary: "Remove a day's exception", handler: AdminHoursPages.removeException),
        .page(.get, site + "/consultation-hours", access: manage, summary: "A site's consultation hours", handler: AdminConsultationPages.hours),
        .page(.post, site + "/consultation-hours", access: manage, summary: "Add consultation hours", handler: AdminConsultationPages.addHours),
        .page(.post, site + "/consultation-hours/{hours}/remove", access: manage, summary: "End consultation hours", handler: AdminConsultationPages.removeHours),
        .page(.get, site + "/helpers", access: manage, summary: "A site's peer helpers", handler: AdminConsultationPages.helpers),
        .page(.post, site + "/helpers", access: manage, summary: "Add a peer helper", handler: AdminConsultationPages.addHelper),
        .page(.post, site + "/helpers/{helper}/remove", access: manage, summary: "Remove a peer helper", handler: AdminConsultationPages.removeHelper),
        .page(.get, site + "/tour", access: manage, summary: "A mobile site's tour plan", handler: AdminConsultationPages.tour),
        .page(.post, site + "/tour", access: manage, summary: "Add a tour stop", handler: AdminConsultationPages.addStop),
        .page(.post, site + "/tour/{stop}/remove", access: manage, summary: "Remove a tour stop", handler: AdminConsultationPages.removeStop),
        .page(.get, site + "/day", access: LearningSitesRoutes.consult, summary: "A day's consultations at a site", handler: AdminDayPage.show),
        .page(.post, "/learning-sites/admin/consultations/{consultation}", access: LearningSitesRoutes.consult,
              summary: "Record attendance or the outcome of a consultation", handler: AdminDayPage.record),
        .page(.get, "/learning-sites/admin/report", access: LearningSitesRoutes.report, summary: "Consultation counts", handler: ReportPage.render),
        .page(.get, "/learning-sites/admin/report.csv", access: LearningSitesRoutes.report,
              summary: "Consultation counts as CSV for spreadsheets", handler: ReportAPI.csv),
    ]
}
