import Foundation
import HTTP
import Kernel

/// The public JSON API: finding sites (list and map), a site with its hours and tour plan,
/// free slots, booking a slot and managing the booking by its link.
enum PublicAPI {
    /// `GET /learning-sites`
    @Sendable static func list(_ request: Request, _ context: RequestContext) throws -> Response {
        let search = try SiteSearch(query: request)
        let (hits, total, texts) = try context.read { db in
            let (hits, total) = try SiteFinder.find(search, region: context.region, now: context.now, in: db)
            return (hits, total, try SiteTexts.texts(of: hits.map(\.site), language: context.language, services: context.services, in: db))
        }
        var object: [String: JSONValue] = [
            "items": .array(hits.map { SiteJSON.summary($0, texts: texts[$0.site.id], context: context) }), "total": .integer(Int64(total)),
        ]
        let page = search.offset / search.limit + 1
        object["next"] = search.offset + hits.count < total ? .string(pageURL(request, page: page + 1)) : .null
        return .json(JSONValue.object(object).encoded())
    }

    /// `GET /learning-sites/map`: the same search as GeoJSON (RFC 7946), points as [longitude, latitude].
    @Sendable static func map(_ request: Request, _ context: RequestContext) throws -> Response {
        let search = try SiteSearch(query: request, defaultLimit: 2_000, maximumLimit: 5_000)
        let (hits, texts) = try context.read { db in
            let hits = try SiteFinder.find(search, region: context.region, now: context.now, in: db).hits
            return (hits, try SiteTexts.texts(of: hits.map(\.site), language: context.language, services: context.services, in: db))
        }
        let features: [JSONValue] = hits.compactMap { hit in
            guard let point = hit.visit?.stop.coordinates ?? hit.site.coordinates else { return nil }
            var properties = SiteJSON.summary(hit, texts: texts[hit.site.id], context: context).objectValue ?? [:]
            properties["coordinates"] = nil
            return [
                "type": "Feature", "id": .integer(hit.site.id),
                "geometry": ["type": "Point", "coordinates": [.number(point.longitude), .number(point.latitude)]],
                "properties": .object(properties),
            ]
        }
        var response = Response.json(JSONValue.object(["type": "FeatureCollection", "features": .array(features)]).encoded())
        response.headers["Content-Type"] = "application/geo+json"
        return response
    }

    /// `GET /learning-sites/{site}`
    @Sendable static func show(_ request: Request, _ context: RequestContext) throws -> Response {
        let details = try SiteDetails.load(request.parameters["site"] ?? "", language: nil, context: context)
        return .json(details.json(context: context).encoded())
    }

    /// `GET /learning-sites/{site}/slots?language=&days=`
    @Sendable static func slots(_ request: Request, _ context: RequestContext) throws -> Response {
        let language = try languageParameter(request)
        var days = 14
        if let text = request.queryValue("days") {
            guard let value = Int(text), (1...56).contains(value) else { throw HTTPError.badRequest("days must be a whole number from 1 to 56", field: "days") }
            days = value
        }
        let slots = try context.read { db -> [ConsultationSlot] in
            guard let site = try SiteStore.site(request.parameters["site"] ?? "", region: context.region.id, in: db), site.published else {
                throw HTTPError.notFound("There is no such learning site here")
            }
            return try SlotQueries.upcoming(
                site: site, language: language, from: context.now, to: context.now.addingTimeInterval(TimeInterval(days) * 86_400), in: db)
        }
        return .json(JSONValue.object(["items": .array(slots.map { SiteJSON.slot($0, context: context) })]).encoded())
    }

    /// `GET /learning-sites/{site}/tour?from=YYYY-MM-DD`: the week's visits of a mobile site.
    @Sendable static func tour(_ request: Request, _ context: RequestContext) throws -> Response {
        let zone = context.region.timeZone
        var first = LocalMoment(context.now, in: zone).day
        first = first.adding(days: 1 - first.weekday)
        if let text = request.queryValue("from") {
            guard let day = LocalDay(text) else { throw HTTPError.badRequest("from must be a day such as 2026-11-23", field: "from") }
            first = day
        }
        let visits = try context.read { db -> [TourVisit] in
            guard let site = try SiteStore.site(request.parameters["site"] ?? "", region: context.region.id, in: db), site.published else {
                throw HTTPError.notFound("There is no such learning site here")
            }
            return try TourPlan.visits(
                siteID: site.id, region: context.region.id, from: first.instant(minute: 0, in: zone),
                to: first.adding(days: 7).instant(minute: 0, in: zone), in: db)
        }
        return .json(JSONValue.object([
            "from": .string(first.description), "to": .string(first.adding(days: 6).description),
            "items": .array(visits.map { SiteJSON.visit($0, context: context) }),
        ]).encoded())
    }

    /// `POST /learning-sites/slots/{slot}/bookings` with name, email or phone, topic, language, note.
    @Sendable static func book(_ request: Request, _ context: RequestContext) throws -> Response {
        guard let slotID = request.parameters["slot"].flatMap({ Int64($0) }) else { throw HTTPError.notFound() }
        let body = try request.decodeJSON(BookingBody.self)
        let (consultation, token) = try refusals {
            try context.write { db in try ConsultationDesk.book(slotID: slotID, request: body, context: context, in: db) }
        }
        return .json(JSONValue.object([
            "consultation": SiteJSON.consultation(consultation, staff: false), "manageToken": .string(token),
            "manageURL": .string(ConsultationDesk.manageURL(token: token, region: context.region, language: context.language, services: context.services)),
        ]).encoded(), status: .created)
    }

    /// `GET /learning-sites/consultations/manage?token=`
    @Sendable static func manage(_ request: Request, _ context: RequestContext) throws -> Response {
        let token = try requiredToken(request.queryValue("token"))
        let consultation = try refusals {
            try context.read { db in try ConsultationDesk.consultation(forToken: token, region: context.region.id, services: context.services, in: db) }
        }
        return .json(JSONValue.object(["consultation": SiteJSON.consultation(consultation, staff: false)]).encoded())
    }

    /// `POST /learning-sites/consultations/manage/cancel` with `{"token"}`.
    @Sendable static func cancel(_ request: Request, _ context: RequestContext) throws -> Response {
        struct Input: Decodable { var token: String }
        let token = try requiredToken(try request.decodeJSON(Input.self).token)
        let consultation = try refusals {
            try context.write { db in
                try ConsultationDesk.cancel(
                    ConsultationDesk.consultation(forToken: token, region: context.region.id, services: context.services, in: db),
                    context: context, in: db)
            }
        }
        return .json(JSONValue.object(["consultation": SiteJSON.consultation(consultation, staff: false)]).encoded())
    }

    static func languageParameter(_ request: Request) throws -> String? {
        guard let language = request.queryValue("language"), !language.isEmpty else { return nil }
        guard LanguageCode.isValid(language) else { throw HTTPError.badRequest("language must be a language code such as ar", field: "language") }
        return language
    }

    static func requiredToken(_ token: String?) throws -> String {
        guard let token, !token.isEmpty else { throw HTTPError.badRequest("the link has no token; use the link you were given", field: "token") }
        return token
    }

    static func pageURL(_ request: Request, page: Int) -> String {
        let items = request.queryItems.filter { $0.name != "page" }.map { "\(PercentDecoding.encode($0.name))=\(PercentDecoding.encode($0.value))" }
        return request.path + "?" + (items + ["page=\(page)"]).joined(separator: "&")
    }

    /// The module's refusals, booking and token errors and input problems as HTTP answers.
    static func refusals<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let refusal as ConsultationDesk.Refusal {
            switch refusal {
            case .slotNotFound: throw HTTPError.notFound("There is no such consultation slot here")
            case .withdrawn: throw HTTPError.conflict("this slot is no longer offered; choose another one", field: "slot")
            case .started: throw HTTPError.conflict("this consultation has already begun or taken place", field: "slot")
            case .taken: throw HTTPError.conflict("someone else has just booked this slot; choose another one", field: "slot")
            }
        } catch let problem as InputProblem {
            throw problem.httpError
        } catch let conflict as StaffConflict {
            throw conflict.httpError
        } catch let error as BookingError {
            switch error {
            case .bookableNotFound, .bookingNotFound, .notOpenForBooking: throw HTTPError.notFound(error.description)
            case .invalid(let field, let message): throw HTTPError.unprocessable(message, field: field)
            default: throw HTTPError.conflict(error.description, field: error.field)
            }
        } catch let error as SignedTokenError {
            throw HTTPError(error == .expired ? .gone : .badRequest, error.description, field: "token")
        }
    }
}
