import Foundation
import HTTP
import Kernel

/// The JSON API for staff: their sites, hours, exceptions, consultation hours, tour stops,
/// peer helpers, and the day's consultations with attendance and outcome.
enum AdminAPI {
    /// The site named in the path, if the caller manages it (404 otherwise: no hint that it exists).
    static func site(_ request: Request, _ context: RequestContext, access: SiteAccess, in db: any DatabaseConnection) throws -> LearningSite {
        guard let site = try SiteStore.site(request.parameters["site"] ?? "", region: context.region.id, in: db), access.allows(site) else {
            throw HTTPError.notFound("There is no such learning site among yours")
        }
        return site
    }

    static func id(_ request: Request, _ name: String) throws -> Int64 {
        guard let id = request.parameters[name].flatMap({ Int64($0) }) else { throw HTTPError.notFound() }
        return id
    }

    static func today(_ context: RequestContext) -> LocalDay { LocalMoment(context.now, in: context.region.timeZone).day }

    /// Writes in the caller's managed site and answers its details.
    static func changing(
        _ request: Request, _ context: RequestContext, status: Status = .ok,
        _ change: (LearningSite, any DatabaseTransaction) throws -> Void
    ) throws -> Response {
        let access = SiteAccess(managing: context)
        let key = try PublicAPI.refusals {
            try context.write { db -> String in
                let site = try site(request, context, access: access, in: db)
                try change(site, db)
                return String(site.id)
            }
        }
        return .json(try SiteDetails.load(key, language: nil, context: context).json(context: context).encoded(), status: status)
    }

    // MARK: - Sites

    @Sendable static func sites(_ request: Request, _ context: RequestContext) throws -> Response {
        let access = SiteAccess(managing: context)
        let sites = try context.read { db in try SiteStore.managed(by: access, region: context.region.id, in: db) }
        return .json(JSONValue.object(["items": .array(sites.map { site in
            var object = SiteJSON.base(site, texts: nil, context: context)
            object["published"] = .bool(site.published)
            return .object(object)
        })]).encoded())
    }

    @Sendable static func create(_ request: Request, _ context: RequestContext) throws -> Response {
        let body = try request.decodeJSON(SiteBody.self)
        let site = try PublicAPI.refusals {
            let input = try body.validated(region: context.region)
            return try context.write { db in try SiteStore.create(input, context: context, in: db) }
        }
        return .json(try SiteDetails.load(String(site.id), language: nil, context: context).json(context: context).encoded(), status: .created)
    }

    @Sendable static func update(_ request: Request, _ context: RequestContext) throws -> Response {
        let body = try request.decodeJSON(SiteBody.self)
        let input = try answeringProblems { try body.validated(region: context.region) }
        return try changing(request, context) { site, db in _ = try SiteStore.update(site, with: input, context: context, in: db) }
    }

    @Sendable static func delete(_ request: Request, _ context: RequestContext) throws -> Response {
        let access = SiteAccess(managing: context)
        try PublicAPI.refusals {
            try context.write { db in try SiteStore.delete(try site(request, context, access: access, in: db), context: context, in: db) }
        }
        return Response(status: .noContent)
    }

    // MARK: - Opening hours

    @Sendable static func setHours(_ request: Request, _ context: RequestContext) throws -> Response {
        struct Body: Decodable {
            struct Entry: Decodable { var weekday: String; var opens: String; var closes: String; var appointmentOnly: Bool? }
            var hours: [Entry]
        }
        let body = try request.decodeJSON(Body.self)
        let week = try answeringProblems {
            try OpeningHoursInput.week(body.hours.map { ($0.weekday, $0.opens, $0.closes, $0.appointmentOnly ?? false) })
        }
        return try changing(request, context) { site, db in try OpeningHoursStore.setWeek(week, of: site, context: context, in: db) }
    }

    @Sendable static func setException(_ request: Request, _ context: RequestContext) throws -> Response {
        struct Body: Decodable {
            struct Interval: Decodable { var opens: String; var closes: String }
            var kind: String
            var hours: [Interval]?
            var note: String?
        }
        let body = try request.decodeJSON(Body.self)
        let rows = try answeringProblems {
            try OpeningHoursInput.exception(
                day: request.parameters["day"] ?? "", kind: body.kind, hours: (body.hours ?? []).map { ($0.opens, $0.closes) },
                note: body.note, today: today(context), field: "")
        }
        return try changing(request, context) { site, db in try OpeningHoursStore.setException(rows, of: site, context: context, in: db) }
    }

    @Sendable static func removeException(_ request: Request, _ context: RequestContext) throws -> Response {
        try changing(request, context) { site, db in
            guard try OpeningHoursStore.removeException(day: request.parameters["day"] ?? "", of: site, context: context, in: db) else {
                throw HTTPError.notFound("That day has no exception")
            }
        }
    }

    // MARK: - Consultation hours

    @Sendable static func addHours(_ request: Request, _ context: RequestContext) throws -> Response {
        let body = try request.decodeJSON(ConsultationHoursBody.self)
        let input = try answeringProblems { try body.validated(settings: context.settings, today: today(context)) }
        return try changing(request, context, status: .created) { site, db in
            try ConsultationHoursStore.save(input, id: nil, of: site, context: context, in: db)
        }
    }

    @Sendable static func updateHours(_ request: Request, _ context: RequestContext) throws -> Response {
        let body = try request.decodeJSON(ConsultationHoursBody.self)
        let input = try answeringProblems { try body.validated(settings: context.settings, today: nil) }
        let hours = try id(request, "hours")
        return try changing(request, context) { site, db in try ConsultationHoursStore.save(input, id: hours, of: site, context: context, in: db) }
    }

    @Sendable static func removeHours(_ request: Request, _ context: RequestContext) throws -> Response {
        let hours = try id(request, "hours")
        return try changing(request, context) { site, db in try ConsultationHoursStore.remove(hours, of: site, context: context, in: db) }
    }

    // MARK: - Tour stops

    @Sendable static func addStop(_ request: Request, _ context: RequestContext) throws -> Response {
        let body = try request.decodeJSON(TourStopBody.self)
        let stop = try answeringProblems { try body.validated(today: today(context)) }
        return try changing(request, context, status: .created) { site, db in
            guard site.kind == .mobile else { throw StaffConflict.onlyMobileSitesTour }
            _ = try TourPlan.add(stop, to: site, context: context, in: db)
        }
    }

    @Sendable static func updateStop(_ request: Request, _ context: RequestContext) throws -> Response {
        let body = try request.decodeJSON(TourStopBody.self)
        let stop = try answeringProblems { try body.validated(today: nil) }
        let stopID = try id(request, "stop")
        return try changing(request, context) { site, db in try TourPlan.update(stopID, with: stop, of: site, context: context, in: db) }
    }

    @Sendable static func removeStop(_ request: Request, _ context: RequestContext) throws -> Response {
        let stopID = try id(request, "stop")
        return try changing(request, context) { site, db in try TourPlan.remove(stopID, of: site, context: context, in: db) }
    }

    // MARK: - Peer helpers

    @Sendable static func addHelper(_ request: Request, _ context: RequestContext) throws -> Response {
        let body = try request.decodeJSON(PeerHelperBody.self)
        let helper = try answeringProblems { try body.validated() }
        return try changing(request, context, status: .created) { site, db in
            _ = try HelperStore.add(name: helper.name, languages: helper.languages, account: body.account, to: site, context: context, in: db)
        }
    }

    @Sendable static func updateHelper(_ request: Request, _ context: RequestContext) throws -> Response {
        let body = try request.decodeJSON(PeerHelperBody.self)
        let helper = try answeringProblems { try body.validated() }
        let helperID = try id(request, "helper")
        return try changing(request, context) { site, db in
            try HelperStore.update(helperID, name: helper.name, languages: helper.languages, account: body.account, of: site, context: context, in: db)
        }
    }

    @Sendable static func removeHelper(_ request: Request, _ context: RequestContext) throws -> Response {
        let helperID = try id(request, "helper")
        return try changing(request, context) { site, db in try HelperStore.remove(helperID, of: site, context: context, in: db) }
    }

    // MARK: - The day's consultations

    @Sendable static func day(_ request: Request, _ context: RequestContext) throws -> Response {
        var day = today(context)
        if let text = request.queryValue("day") {
            guard let value = LocalDay(text) else { throw HTTPError.badRequest("day must be a day such as 2026-11-24", field: "day") }
            day = value
        }
        let access = SiteAccess(consulting: context)
        let consultations = try context.read { db in
            try ConsultationDesk.day(day, site: try site(request, context, access: access, in: db), zone: context.region.timeZone, in: db)
        }
        return .json(JSONValue.object([
            "day": .string(day.description), "items": .array(consultations.map { SiteJSON.consultation($0, staff: true) }),
        ]).encoded())
    }

    /// Loads a consultation of a site the caller may consult at.
    static func loadConsultation(_ request: Request, _ context: RequestContext, in db: any DatabaseConnection) throws -> Consultation {
        let access = SiteAccess(consulting: context)
        guard let consultation = try ConsultationDesk.consultation(try id(request, "consultation"), region: context.region.id, in: db),
              let site = try SiteStore.site(id: consultation.slot.siteID, region: context.region.id, in: db), access.allows(site) else {
            throw HTTPError.notFound("There is no such consultation at your sites")
        }
        return consultation
    }

    @Sendable static func attendance(_ request: Request, _ context: RequestContext) throws -> Response {
        struct Body: Decodable { var attended: Bool }
        let body = try request.decodeJSON(Body.self)
        let consultation = try PublicAPI.refusals {
            try context.write { db in
                try ConsultationDesk.recordAttendance(body.attended, of: try loadConsultation(request, context, in: db), context: context, in: db)
            }
        }
        return .json(SiteJSON.consultation(consultation, staff: true).encoded())
    }

    @Sendable static func outcome(_ request: Request, _ context: RequestContext) throws -> Response {
        struct Body: Decodable { var topic: String; var followUp: Bool? }
        let body = try request.decodeJSON(Body.self)
        let consultation = try PublicAPI.refusals {
            try context.write { db in
                try ConsultationDesk.recordOutcome(
                    topic: body.topic, followUp: body.followUp ?? false, of: try loadConsultation(request, context, in: db), context: context, in: db)
            }
        }
        return .json(SiteJSON.consultation(consultation, staff: true).encoded())
    }
}
