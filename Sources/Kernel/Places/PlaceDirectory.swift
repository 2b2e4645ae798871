import Foundation

/// The region's directory of places, which modules publish their places to and read others'
/// places from: a learning site publishes its room, and a workshop offers it as its place
/// without knowing the LearningSites module. `context.services.places`.
///
/// Every call works in the transaction's region, like bookings. An owner publishes and
/// removes its places inside its own transactions, so the directory never disagrees with the
/// owner's data; `kernel.place-published` and `kernel.place-removed` tell the modules that
/// refer to a place (after commit).
///
///     try context.write { db in
///         try db.execute("UPDATE learning_sites SET … WHERE region = \(region) AND id = \(id)")
///         try context.services.places.publish(PlaceListing(
///             owner: "learning-sites", reference: "site:\(id)", names: ["de": "Lernort Kreuzberg"],
///             address: address, coordinates: coordinates, accessibility: access, path: "/learning-sites/\(id)"), in: db)
///     }
public struct PlaceDirectory: Sendable {
    let services: KernelServices

    /// Creates the place or updates the owner's place with the same reference (its id stays).
    @discardableResult
    public func publish(_ listing: PlaceListing, in db: any DatabaseTransaction) throws -> Place {
        guard let region = db.scope.region else { throw PlaceError.needsRegion }
        let listing = try listing.validated(languages: services.regions[region]?.languageCodes ?? Array(listing.names.keys))
        let now = services.clock.now()
        let names = String(decoding: JSONValue.object(listing.names.mapValues(JSONValue.string)).encoded(), as: UTF8.self)
        let access = listing.accessibility
        guard let id = try db.query("""
            INSERT INTO kernel_places (region, owner, reference, names, street, postal_code, locality, latitude, longitude,
                                       step_free, accessible_toilet, hearing_loop, path, updated_at)
            VALUES (\(region), \(listing.owner), \(listing.reference), \(names), \(listing.address?.street),
                    \(listing.address?.postalCode), \(listing.address?.locality), \(listing.coordinates?.latitude),
                    \(listing.coordinates?.longitude), \(access.stepFree), \(access.accessibleToilet), \(access.hearingLoop),
                    \(listing.path), \(now))
            ON CONFLICT (region, owner, reference) DO UPDATE SET
                names = excluded.names, street = excluded.street, postal_code = excluded.postal_code,
                locality = excluded.locality, latitude = excluded.latitude, longitude = excluded.longitude,
                step_free = excluded.step_free, accessible_toilet = excluded.accessible_toilet,
                hearing_loop = excluded.hearing_loop, path = excluded.path, updated_at = excluded.updated_at
            RETURNING id
            """).first.map({ try $0.get("id", as: Int64.self) }), let place = try place(id, in: db) else {
            throw PlaceError.needsRegion
        }
        try services.events.publish(
            PlacePublished(place: place.id, owner: place.owner, reference: place.reference), region: region, after: db)
        return place
    }

    /// Removes the owner's place with `reference`; false when there was none.
    @discardableResult
    public func remove(owner: String, reference: String, in db: any DatabaseTransaction) throws -> Bool {
        guard let region = db.scope.region else { throw PlaceError.needsRegion }
        guard let place = try place(owner: owner, reference: reference, in: db) else { return false }
        try db.execute("DELETE FROM kernel_places WHERE region = \(region) AND id = \(place.id)")
        try services.events.publish(PlaceRemoved(place: place.id, owner: owner, reference: reference), region: region, after: db)
        return true
    }

    /// The place with `id` in the connection's region.
    public func place(_ id: Int64, in db: any DatabaseConnection) throws -> Place? {
        try db.query("\(Self.columns) WHERE id = \(id)\(regionFilter(db))").first.map(Self.place)
    }

    /// Several places by id, in one query (for lists); ids not found here are left out.
    public func places(_ ids: [Int64], in db: any DatabaseConnection) throws -> [Int64: Place] {
        guard !ids.isEmpty else { return [:] }
        let places = try db.query("\(Self.columns) WHERE id IN (\(list: ids))\(regionFilter(db))").map(Self.place)
        return Dictionary(places.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The owner's place with `reference`.
    public func place(owner: String, reference: String, in db: any DatabaseConnection) throws -> Place? {
        try db.query("\(Self.columns) WHERE owner = \(owner) AND reference = \(reference)\(regionFilter(db))").first.map(Self.place)
    }

    /// Places of the region: of one owner or all, by name in `languages` (a fallback chain),
    /// or nearest first when `near` is given (places without coordinates last). At most
    /// `limit` (1…1000).
    public func places(
        owner: String? = nil, near: Coordinates? = nil, within radius: Double? = nil, languages: [String] = [], limit: Int = 200,
        in db: any DatabaseConnection
    ) throws -> [Place] {
        let limit = min(max(limit, 1), 1000)
        var filter: SQL = "\(regionFilter(db))"
        if let owner { filter = filter + " AND owner = \(owner)" }
        if let near, let radius {
            let box = near.boundingBox(radius: radius)
            filter = filter + """
                 AND latitude BETWEEN \(box.latitude.lowerBound) AND \(box.latitude.upperBound) \
                AND longitude BETWEEN \(box.longitude.lowerBound) AND \(box.longitude.upperBound)
                """
        }
        var places = try db.query("\(Self.columns) WHERE 1 = 1\(filter) ORDER BY id").map(Self.place)
        if let near {
            let distances = Dictionary(uniqueKeysWithValues: places.map { ($0.id, $0.coordinates.map(near.distance) ?? .infinity) })
            if let radius { places.removeAll { (distances[$0.id] ?? .infinity) > radius } }
            places.sort { (distances[$0.id] ?? .infinity, $0.id) < (distances[$1.id] ?? .infinity, $1.id) }
        } else {
            let names = Dictionary(uniqueKeysWithValues: places.map { ($0.id, $0.name(for: languages)) })
            places.sort { (names[$0.id] ?? "", $0.id) < (names[$1.id] ?? "", $1.id) }
        }
        return Array(places.prefix(limit))
    }

    // MARK: - Rows

    private func regionFilter(_ db: any DatabaseConnection) -> SQL {
        db.scope.region.map { " AND region = \($0)" } ?? ""
    }

    static let columns: SQL = """
        SELECT id, region, owner, reference, names, street, postal_code, locality, latitude, longitude,
               step_free, accessible_toilet, hearing_loop, path, updated_at FROM kernel_places
        """

    static func place(_ row: Row) throws -> Place {
        let namesText: String = try row.get("names")
        let names = (try? JSONValue.parse(namesText))?.objectValue?.compactMapValues(\.stringValue) ?? [:]
        let street: String? = try row.get("street")
        let postalCode: String? = try row.get("postal_code")
        let locality: String? = try row.get("locality")
        let latitude: Double? = try row.get("latitude")
        let longitude: Double? = try row.get("longitude")
        var coordinates: Coordinates?
        if let latitude, let longitude { coordinates = try? Coordinates(latitude: latitude, longitude: longitude) }
        let address = street == nil && postalCode == nil && locality == nil
            ? nil : PlaceAddress(street: street ?? "", postalCode: postalCode ?? "", locality: locality ?? "")
        return Place(
            id: try row.get("id"), region: try row.get("region"), owner: try row.get("owner"), reference: try row.get("reference"),
            names: names, address: address, coordinates: coordinates,
            accessibility: PlaceAccessibility(
                stepFree: try row.get("step_free"), accessibleToilet: try row.get("accessible_toilet"),
                hearingLoop: try row.get("hearing_loop")),
            path: try row.get("path"), updatedAt: try row.get("updated_at"))
    }
}

extension KernelServices {
    /// The region's directory of places modules publish.
    public var places: PlaceDirectory { PlaceDirectory(services: self) }
}

/// A place was created or changed in the directory.
public struct PlacePublished: Event {
    public static let name = "kernel.place-published"
    public var place: Int64
    public var owner: String
    public var reference: String
}

/// A place left the directory; modules that refer to it (a workshop held there) decide what
/// becomes of their things.
public struct PlaceRemoved: Event {
    public static let name = "kernel.place-removed"
    public var place: Int64
    public var owner: String
    public var reference: String
}
