import Foundation
import HTTP

/// The kernel area of the place directory: its table and the public API that lists the
/// region's places (for maps, and for other software that needs the region's venues).
enum PlacesArea {
    static let area = KernelArea(
        id: "places",
        migrations: [
            // The CHECKs keep coordinates valid and complete even if code got them wrong.
            Migration("001-create-places", sql: """
                CREATE TABLE kernel_places (
                    id INTEGER PRIMARY KEY,
                    region TEXT NOT NULL,
                    owner TEXT NOT NULL,
                    reference TEXT NOT NULL,
                    names TEXT NOT NULL,
                    street TEXT,
                    postal_code TEXT,
                    locality TEXT,
                    latitude REAL CHECK (latitude BETWEEN -90 AND 90),
                    longitude REAL CHECK (longitude BETWEEN -180 AND 180),
                    step_free INTEGER NOT NULL DEFAULT 0,
                    accessible_toilet INTEGER NOT NULL DEFAULT 0,
                    hearing_loop INTEGER NOT NULL DEFAULT 0,
                    path TEXT,
                    updated_at BIGINT NOT NULL,
                    CHECK ((latitude IS NULL) = (longitude IS NULL)),
                    UNIQUE (region, owner, reference)
                );
                CREATE INDEX kernel_places_location ON kernel_places (region, latitude, longitude);
                """),
            // Lists read their places by id within the region. Without statistics SQLite's
            // planner took the location index for that and read every place of the region;
            // on (region) alone it looks up (region, id) pairs.
            Migration("002-index-places-by-region", sql: """
                CREATE INDEX kernel_places_region ON kernel_places (region);
                """),
        ],
        routes: [
            .api(.get, "/places", access: .public,
                 summary: "Places of the region (?owner=<module>, ?near=lat,lon nearest first, ?radius=metres, ?limit=)",
                 handler: PlaceRoutes.list),
            .api(.get, "/places/{id}", access: .public, summary: "One place of the region", handler: PlaceRoutes.show),
        ])
}

/// The HTTP side of the place directory.
enum PlaceRoutes {
    @Sendable static func list(_ request: Request, _ context: RequestContext) throws -> Response {
        var near: Coordinates?
        if let text = request.queryValue("near") { near = try coordinates(text) }
        var radius: Double?
        if let text = request.queryValue("radius") {
            guard let value = Double(text), value.isFinite, value > 0, value <= 1_000_000 else {
                throw HTTPError.badRequest("radius must be a number of metres from 1 to 1000000", field: "radius")
            }
            guard near != nil else { throw HTTPError.badRequest("radius needs near=latitude,longitude", field: "radius") }
            radius = value
        }
        var limit = 200
        if let text = request.queryValue("limit") {
            guard let value = Int(text), (1...1000).contains(value) else {
                throw HTTPError.badRequest("limit must be a whole number from 1 to 1000", field: "limit")
            }
            limit = value
        }
        let owner = request.queryValue("owner")
        let places = try context.read { db in
            try context.services.places.places(owner: owner, near: near, within: radius, languages: context.languages, limit: limit, in: db)
        }
        return .json(JSONValue.object(["items": .array(places.map { json($0, near: near, context: context) })]).encoded())
    }

    @Sendable static func show(_ request: Request, _ context: RequestContext) throws -> Response {
        guard let id = request.parameters["id"].flatMap({ Int64($0) }),
              let place = try context.read({ db in try context.services.places.place(id, in: db) }) else {
            throw HTTPError.notFound("There is no place with this id in the region")
        }
        return .json(json(place, near: nil, context: context).encoded())
    }

    /// The API's shape of a place, with its name for the reader and its page's URL.
    static func json(_ place: Place, near: Coordinates?, context: RequestContext) -> JSONValue {
        var object: [String: JSONValue] = [
            "id": .integer(place.id), "owner": .string(place.owner), "reference": .string(place.reference),
            "name": .string(place.name(for: context.languages)),
            "names": .object(place.names.mapValues(JSONValue.string)),
            "accessibility": [
                "stepFree": .bool(place.accessibility.stepFree), "accessibleToilet": .bool(place.accessibility.accessibleToilet),
                "hearingLoop": .bool(place.accessibility.hearingLoop),
            ],
            "updatedAt": .string(Timestamp.iso8601(place.updatedAt)),
        ]
        object["address"] = place.address.map { address in
            ["street": .string(address.street), "postalCode": .string(address.postalCode), "locality": .string(address.locality)]
        } ?? .null
        object["coordinates"] = place.coordinates.map { ["latitude": .number($0.latitude), "longitude": .number($0.longitude)] } ?? .null
        object["url"] = place.path.map { .string(context.pageURL($0)) } ?? .null
        if let near {
            object["distanceMetres"] = place.coordinates.map { .integer(Int64(near.distance(to: $0).rounded())) } ?? .null
        }
        return .object(object)
    }

    static func coordinates(_ text: String) throws -> Coordinates {
        do {
            return try Coordinates(parsing: text)
        } catch {
            throw HTTPError.badRequest(error.description, field: error.field)
        }
    }
}
