import Foundation
import Kernel

/// A stop of a mobile site's tour: a place with coordinates, and when the team is there.
struct TourStop: Sendable, Equatable {
    var id: Int64
    var siteID: Int64
    var placeName: String
    var address: PlaceAddress?
    var coordinates: Coordinates
    var schedule: Recurrence
    var note: String?
    var revision: Int

    static let columns: SQL = """
        SELECT id, site_id, place_name, street, postal_code, locality, latitude, longitude, schedule, note, revision
        FROM learning_sites_tour_stops
        """

    init?(row: Row) throws {
        guard let schedule = Recurrence(stored: try row.get("schedule", as: String.self)),
              let coordinates = try? Coordinates(latitude: try row.get("latitude"), longitude: try row.get("longitude")) else {
            return nil
        }
        id = try row.get("id")
        siteID = try row.get("site_id")
        placeName = try row.get("place_name")
        let street: String? = try row.get("street")
        let postalCode: String? = try row.get("postal_code")
        let locality: String? = try row.get("locality")
        address = street == nil && postalCode == nil && locality == nil
            ? nil : PlaceAddress(street: street ?? "", postalCode: postalCode ?? "", locality: locality ?? "")
        self.coordinates = coordinates
        self.schedule = schedule
        note = try row.get("note")
        revision = try row.get("revision")
    }
}

/// One visit of a tour stop: the team is at `stop` from `start` to `end`.
struct TourVisit: Sendable, Equatable {
    var stop: TourStop
    var start: Date
    var end: Date
}

/// The JSON body of a tour stop, before checking.
struct TourStopBody: Decodable, Sendable {
    var placeName: String
    var address: SiteBody.Address?
    var latitude: Double?
    var longitude: Double?
    var schedule: WeeklySchedule.Body
    var note: String?

    struct Checked: Sendable {
        var placeName: String
        var address: PlaceAddress?
        var coordinates: Coordinates
        var schedule: WeeklySchedule
        var note: String?
    }

    func validated(today: LocalDay?) throws(InputProblem) -> Checked {
        guard let name = try SiteBody.trimmed(placeName, field: "placeName", maximum: 200) else { throw .required(field: "placeName") }
        let street = try SiteBody.trimmed(address?.street, field: "address.street", maximum: 200)
        let postalCode = try SiteBody.trimmed(address?.postalCode, field: "address.postalCode", maximum: 20)
        let locality = try SiteBody.trimmed(address?.locality, field: "address.locality", maximum: 100)
        guard let coordinates = try SiteBody.coordinates(latitude: latitude, longitude: longitude) else {
            throw .required(field: "latitude")
        }
        let address = street == nil && postalCode == nil && locality == nil
            ? nil : PlaceAddress(street: street ?? "", postalCode: postalCode ?? "", locality: locality ?? "")
        return Checked(
            placeName: name, address: address, coordinates: coordinates, schedule: try WeeklySchedule(schedule, today: today),
            note: try SiteBody.trimmed(note, field: "note", maximum: 500))
    }
}
