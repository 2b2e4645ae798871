import Foundation
import HTTP
import Kernel
import Web

/// Attendance at the door: one check-in list per session (big buttons that work on a phone,
/// a plain table when printed), no-shows, and a printable certificate of attendance per
/// participant.
enum WorkshopAttendancePages {
    static let routes: [Route] = [
        .page(.get, "/admin/workshops/{id}/attendance", access: WorkshopAdminPages.manage,
              summary: "The check-in list of a session (?session=<start in ms>)", handler: list),
        .page(.post, "/admin/workshops/{id}/attendance", access: WorkshopAdminPages.manage,
              summary: "Record attended, no-show or clear for a participant and session", handler: record),
        .page(.get, "/admin/workshops/{id}/certificates/{registration}", access: WorkshopAdminPages.manage,
              summary: "A printable certificate of attendance", handler: certificate),
    ]

    /// The session asked for, else the one running or next, else the last.
    static func session(_ text: String?, of workshop: Workshop, now: Date) throws -> Occurrence {
        let sessions = workshop.occurrences()
        if let text {
            guard let ms = Int64(text), let session = sessions.first(where: { Int64(($0.start.timeIntervalSince1970 * 1000).rounded()) == ms }) else {
                throw HTTPError.badRequest("session must be the start of one of the workshop's sessions", field: "session")
            }
            return session
        }
        return sessions.first { $0.end > now } ?? sessions.last ?? Occurrence(start: workshop.startsAt, end: workshop.endsAt)
    }

    static func key(_ occurrence: Occurrence) -> String { String(Int64((occurrence.start.timeIntervalSince1970 * 1000).rounded())) }

    @Sendable static func list(_ request: Request, _ context: RequestContext) throws -> Response {
        try listPage(request, context, session: request.queryValue("session"), notices: [])
    }

    static func listPage(_ request: Request, _ context: RequestContext, session chosen: String?, notices: [Notice], status: Status = .ok) throws -> Response {
        let id = try WorkshopsAPI.workshopID(request)
        let strings = WorkshopsStrings(languages: context.languages)
        let store = WorkshopStore(context)
        let (workshop, confirmed, records) = try context.read { db in
            let workshop = try store.require(id, in: db)
            let registrations = try store.registrations(of: workshop, in: db).filter { $0.booking.state == .confirmed }
            let records = try workshop.bookableID.map { try context.services.bookings.sessionAttendance(of: $0, in: db) } ?? []
            return (workshop, registrations, records)
        }
        let session = try self.session(chosen, of: workshop, now: context.now)
        let marks = Dictionary(records.filter { $0.sessionStart == session.start }.map { ($0.bookingID, $0.attendance) }, uniquingKeysWith: { a, _ in a })
        let here = marks.values.filter { $0 == .attended }.count
        let action = context.pageURL("/admin/workshops/\(id)/attendance")
        return context.page(title: strings.attendanceTitle, status: status, notices: notices) { page in
            element("p") { element("a", ["href": context.pageURL("/admin/workshops/\(id)")]) { workshop.title } }
            if workshop.sessions > 1 {
                Form(action: action, method: .get, state: FormState(values: ["session": key(session)]), in: page) { form in
                    form.select("session", label: strings.attendanceSession, options: workshop.occurrences().enumerated().map {
                        Choice(key($0.element), "\($0.offset + 1). \(WorkshopCalendar.sessionLine($0.element, dates: context.dates))")
                    })
                    form.submit(strings.attendanceShow, secondary: true)
                }
            }
            element("p") { strings.attendanceCount(here: String(here), total: String(confirmed.count)) }
            Table(
                caption: "\(strings.attendanceTitle): \(WorkshopCalendar.sessionLine(session, dates: context.dates))",
                columns: [strings.fieldName, strings.fieldStatus, strings.columnActions],
                rows: confirmed.sorted { $0.booking.name.localizedCompare($1.booking.name) == .orderedAscending }.map { registration -> [HTML] in
                    let mark = marks[registration.booking.id]
                    return [
                        HTML.text(registration.booking.name),
                        element("span", ["data-attendance": mark?.rawValue ?? "none"]) {
                            mark == .attended ? strings.attendanceAttended : mark == .noShow ? strings.attendanceNoShow : "–"
                        },
                        element("div", ["class": "actions no-print"]) {
                            Form(action: action, in: page) { form in
                                form.hidden("booking", value: String(registration.booking.id))
                                form.hidden("session", value: key(session))
                                if mark != .attended { form.submit(strings.attendanceCheckIn, name: "mark", value: "attended") }
                                if mark != .noShow { form.submit(strings.attendanceMarkNoShow, name: "mark", value: "no-show", secondary: true) }
                                if mark != nil { form.submit(strings.attendanceClear, name: "mark", value: "clear", secondary: true) }
                            }
                        },
                    ]
                })
        }
    }

    @Sendable static func record(_ request: Request, _ context: RequestContext) throws -> Response {
        let id = try WorkshopsAPI.workshopID(request)
        let form = try request.formData()
        let strings = WorkshopsStrings(languages: context.languages)
        guard let booking = form["booking"].flatMap({ Int64($0) }) else { throw HTTPError.unprocessable("booking is required", field: "booking") }
        let mark = form["mark"] ?? ""
        guard ["attended", "no-show", "clear"].contains(mark) else {
            throw HTTPError.unprocessable("mark must be attended, no-show or clear", field: "mark")
        }
        let name = try WorkshopsAPI.mapped {
            try context.write { db -> String in
                let store = WorkshopStore(context)
                let workshop = try store.require(id, in: db)
                let session = try self.session(form["session"], of: workshop, now: context.now)
                guard let registration = try store.registration(booking: booking, in: db), registration.workshopID == id else {
                    throw HTTPError.notFound("there is no such participant of this workshop")
                }
                let ledger = context.services.bookings
                switch mark {
                case "attended": try ledger.checkIn(booking, session: session.start, in: db)
                case "no-show": try ledger.markNoShow(booking, session: session.start, in: db)
                default: try ledger.clearAttendance(booking, session: session.start, in: db)
                }
                return registration.booking.name
            }
        }
        let notice = switch mark {
        case "attended": strings.attendanceRecordedHere(name: name)
        case "no-show": strings.attendanceRecordedNoShow(name: name)
        default: strings.attendanceRecordedClear(name: name)
        }
        return try listPage(request, context, session: form["session"], notices: [Notice(.success, notice)])
    }

    @Sendable static func certificate(_ request: Request, _ context: RequestContext) throws -> Response {
        let strings = WorkshopsStrings(languages: context.languages)
        let (workshop, registration, attended, location) = try context.read { db in
            let (workshop, registration) = try WorkshopAdminPages.registration(request, context, in: db)
            let records = try workshop.bookableID.map { try context.services.bookings.sessionAttendance(of: $0, in: db) } ?? []
            let attended = records.filter { $0.bookingID == registration.booking.id && $0.attendance == .attended }.map(\.sessionStart)
            return (workshop, registration, Set(attended), try WorkshopStore(context).location(of: workshop, languages: context.languages, in: db))
        }
        let sessions = workshop.occurrences().filter { attended.contains($0.start) }
        let hours = sessions.reduce(0.0) { $0 + $1.end.timeIntervalSince($1.start) } / 3600
        return context.page(title: strings.certificateTitle) { _ in
            element("div", ["class": "certificate"]) {
                element("p") { strings.certificateText(name: registration.booking.name, title: workshop.title) }
                if sessions.isEmpty {
                    element("p") { strings.certificateNoAttendance }
                } else {
                    element("ul") { for session in sessions { element("li") { WorkshopCalendar.sessionLine(session, dates: context.dates) } } }
                    element("p") { strings.certificateHours(count: Int(hours.rounded()), sessions: String(sessions.count)) }
                }
                if let location { element("p") { location } }
                if !workshop.trainers.isEmpty { element("p") { strings.fieldTrainers + ": " + context.listed(workshop.trainers) } }
                element("p", ["class": "signature"]) { context.listed([context.region.name(in: context.language), context.dates.day(context.now)]) }
            }
        }
    }
}
