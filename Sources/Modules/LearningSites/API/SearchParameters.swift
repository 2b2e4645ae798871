import Foundation
import HTTP
import Kernel

/// `?open=now&language=ar&equipment=laptops,printer&access=step-free&kind=mobile&near=52.5,13.4&radius=3000`
/// for the list, the map and the page; a wrong value is 400 naming the parameter.
extension SiteSearch {
    static let accessKeys = ["step-free", "accessible-toilet", "hearing-loop"]

    init(query request: Request, defaultLimit: Int = 20, maximumLimit: Int = 100) throws {
        self.init()
        if let open = request.queryValue("open"), !open.isEmpty {
            guard ["now", "true", "1", "yes"].contains(open) else { throw HTTPError.badRequest("open must be 'now'", field: "open") }
            openNow = true
        }
        if let language = try PublicAPI.languageParameter(request) {
            self.language = language
        }
        for item in Self.list(request, "equipment") {
            guard Equipment.kinds.contains(item) else {
                throw HTTPError.badRequest("equipment must be among \(Equipment.kinds.joined(separator: ", "))", field: "equipment")
            }
            equipment.append(item)
        }
        for item in Self.list(request, "access") {
            switch item {
            case "step-free": stepFree = true
            case "accessible-toilet": accessibleToilet = true
            case "hearing-loop": hearingLoop = true
            default: throw HTTPError.badRequest("access must be among \(Self.accessKeys.joined(separator: ", "))", field: "access")
            }
        }
        if let kind = request.queryValue("kind"), !kind.isEmpty {
            guard let value = LearningSite.Kind(rawValue: kind) else { throw HTTPError.badRequest("kind must be stationary or mobile", field: "kind") }
            self.kind = value
        }
        if let near = request.queryValue("near"), !near.isEmpty {
            do {
                self.near = try Coordinates(parsing: near)
            } catch {
                throw HTTPError.badRequest(error.description, field: "near")
            }
        }
        if let text = request.queryValue("radius"), !text.isEmpty {
            guard let radius = Double(text), radius.isFinite, radius >= 100, radius <= 200_000 else {
                throw HTTPError.badRequest("radius must be a number of metres from 100 to 200000", field: "radius")
            }
            guard near != nil else { throw HTTPError.badRequest("radius needs near=latitude,longitude", field: "radius") }
            self.radius = radius
        }
        limit = try request.limit(default: defaultLimit, maximum: maximumLimit)
        if let text = request.queryValue("page") {
            guard let page = Int(text), (1...10_000).contains(page) else {
                throw HTTPError.badRequest("page must be a whole number from 1", field: "page")
            }
            offset = (page - 1) * limit
        }
    }

    /// Values given as `a,b` or repeated (`?equipment=a&equipment=b`, as forms send them).
    static func list(_ request: Request, _ name: String) -> [String] {
        request.queryItems.filter { $0.name == name }.flatMap { $0.value.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
