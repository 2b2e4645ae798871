import Foundation

/// A point on the earth (WGS 84, as phones and OpenStreetMap give it), validated: latitude
/// −90…90, longitude −180…180, both finite.
public struct Coordinates: Sendable, Hashable, Codable {
    public private(set) var latitude: Double
    public private(set) var longitude: Double

    /// The mean radius of the earth in metres (the haversine formula's sphere).
    public static let earthRadius = 6_371_008.8

    /// Checked coordinates; `PlaceError.invalid` names `latitude` or `longitude` otherwise.
    public init(latitude: Double, longitude: Double) throws(PlaceError) {
        guard latitude.isFinite, (-90...90).contains(latitude) else {
            throw .invalid(field: "latitude", message: "must be a number from -90 to 90, found \(latitude)")
        }
        guard longitude.isFinite, (-180...180).contains(longitude) else {
            throw .invalid(field: "longitude", message: "must be a number from -180 to 180, found \(longitude)")
        }
        self.latitude = latitude
        self.longitude = longitude
    }

    /// `52.52,13.405` (as in `?near=`), checked; the field named in errors is `field`.
    public init(parsing text: String, field: String = "near") throws(PlaceError) {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, let latitude = Double(parts[0]), let longitude = Double(parts[1]) else {
            throw .invalid(field: field, message: "must be latitude,longitude in degrees, such as 52.52,13.405")
        }
        do {
            try self.init(latitude: latitude, longitude: longitude)
        } catch .invalid(_, let message) {
            throw .invalid(field: field, message: message)
        } catch {
            throw error
        }
    }

    /// Great-circle distance in metres (haversine), good to a few metres in a city.
    public func distance(to other: Coordinates) -> Double {
        let φ1 = latitude * .pi / 180, φ2 = other.latitude * .pi / 180
        let Δφ = (other.latitude - latitude) * .pi / 180
        let Δλ = (other.longitude - longitude) * .pi / 180
        let a = sin(Δφ / 2) * sin(Δφ / 2) + cos(φ1) * cos(φ2) * sin(Δλ / 2) * sin(Δλ / 2)
        return 2 * Self.earthRadius * asin(min(1, sqrt(a)))
    }

    /// The latitude and longitude ranges that contain every point within `radius` metres: a
    /// cheap index prefilter before the exact distance. Near a pole or the antimeridian the
    /// longitude range is the whole circle.
    public func boundingBox(radius: Double) -> (latitude: ClosedRange<Double>, longitude: ClosedRange<Double>) {
        let angular = radius / Self.earthRadius * 180 / .pi
        let south = max(-90, latitude - angular), north = min(90, latitude + angular)
        let widest = max(abs(south), abs(north))
        guard widest < 89, angular < 90 else { return (south...north, -180...180) }
        let spread = angular / cos(widest * .pi / 180)
        let west = longitude - spread, east = longitude + spread
        guard west >= -180, east <= 180 else { return (south...north, -180...180) }
        return (south...north, west...east)
    }

    enum CodingKeys: String, CodingKey { case latitude, longitude }

    /// Decoded coordinates are checked like any others: a JSON body with latitude 91 is a
    /// decoding error naming the key.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let latitude = try container.decode(Double.self, forKey: .latitude)
        let longitude = try container.decode(Double.self, forKey: .longitude)
        do {
            try self.init(latitude: latitude, longitude: longitude)
        } catch {
            let key: CodingKeys = error.field == "longitude" ? .longitude : .latitude
            throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: error.description)
        }
    }
}
