import Foundation
import Kernel
import TeilhabeTesting
import Testing

/// Finding a site: filters, nearest first from a point, GeoJSON for maps, and where a mobile
/// site is this week.
@Suite struct SiteFinderTests {
    @Test func sitesAreFilteredAndSortedByDistanceAndServedAsGeoJSON() throws {
        let fixture = try LearningSitesFixture()
        defer { fixture.stop() }
        // Münster centre, Hiltrup (about 7 km south), Greven (about 15 km north).
        let centre = try fixture.createSite(LearningSitesFixture.siteBody(name: "Zentrum", organisation: fixture.organisationA,
                                                                           latitude: 51.9625, longitude: 7.6256), as: fixture.staffA)
        let hiltrup = try fixture.createSite(LearningSitesFixture.siteBody(
            name: "Hiltrup", organisation: fixture.organisationA, latitude: 51.9030, longitude: 7.6400, languages: ["de", "tr"],
            ["accessibility": ["stepFree": false, "hearingLoop": true], "equipment": ["tablets": 6]]), as: fixture.staffA)
        let greven = try fixture.createSite(LearningSitesFixture.siteBody(name: "Greven", organisation: fixture.organisationB,
                                                                          latitude: 52.0917, longitude: 7.6083), as: fixture.staffB)

        func ids(_ query: String) throws -> [Int64] {
            let response = try fixture.send(.get, LearningSitesFixture.api + query)
            #expect(response.status == 200, "\(query): \(response.text)")
            return try response.json()["items"]?.arrayValue?.compactMap { $0["id"]?.integerValue } ?? []
        }
        #expect(try ids("?near=52.0900,7.6100") == [greven, centre, hiltrup])
        #expect(try ids("?near=51.9000,7.6400") == [hiltrup, centre, greven])
        #expect(try ids("?near=51.9000,7.6400&radius=10000") == [hiltrup, centre])
        #expect(try ids("?language=tr") == [hiltrup])
        #expect(try ids("?equipment=tablets") == [hiltrup])
        #expect(try ids("?equipment=laptops,printer").sorted() == [centre, greven])
        #expect(try ids("?access=hearing-loop") == [hiltrup])
        #expect(try ids("?access=step-free").sorted() == [centre, greven])

        let near = try fixture.send(.get, LearningSitesFixture.api + "?near=51.9625,7.6256&limit=1").json()
        #expect(near["items"]?.arrayValue?.first?["distanceMetres"]?.integerValue == 0)
        #expect(near["total"]?.integerValue == 3)
        #expect(near["next"]?.stringValue?.contains("page=2") == true)

        let map = try fixture.send(.get, LearningSitesFixture.api + "/map?near=51.9625,7.6256")
        #expect(map.headers["Content-Type"] == "application/geo+json")
        let collection = try map.json()
        #expect(collection["type"]?.stringValue == "FeatureCollection")
        let first = try #require(collection["features"]?.arrayValue?.first)
        #expect(first["geometry"]?["type"]?.stringValue == "Point")
        #expect(first["geometry"]?["coordinates"]?.arrayValue?.compactMap(\.doubleValue) == [7.6256, 51.9625])
        #expect(first["properties"]?["name"]?.stringValue == "Zentrum")
    }

    @Test(arguments: [
        ("?near=91,7", "near"), ("?near=abc", "near"), ("?radius=500", "radius"), ("?open=sometimes", "open"),
        ("?equipment=typewriter", "equipment"), ("?access=lift", "access"), ("?limit=0", "limit"), ("?kind=boat", "kind"),
    ])
    func badSearchParametersAreRefusedNamingTheParameter(query: String, field: String) throws {
        let fixture = try LearningSitesFixture()
        defer { fixture.stop() }
        let response = try fixture.send(.get, LearningSitesFixture.api + query)
        #expect(response.status == 400)
        #expect(try response.json()["error"]?["field"]?.stringValue == field)
    }

    @Test func aMobileSiteIsFoundWhereItsTourStopsThisWeek() throws {
        let fixture = try LearningSitesFixture()
        defer { fixture.stop() }
        let bus = try fixture.createSite(.object([
            "names": ["de": "Digitalmobil"], "kind": "mobile", "organisation": .integer(fixture.organisationA), "languages": ["de", "uk"],
        ]), as: fixture.staffA)
        let stop = try fixture.send(.post, LearningSitesFixture.api + "/admin/sites/\(bus)/tour-stops", [
            "placeName": "Marktplatz Kinderhaus", "latitude": 51.9950, "longitude": 7.6050,
            "schedule": ["firstDay": "2026-11-23", "starts": "09:00", "ends": "12:00", "everyWeeks": 1],
        ], as: fixture.staffA)
        #expect(stop.status == 201, "\(stop.text)")
        let badStop = try fixture.send(.post, LearningSitesFixture.api + "/admin/sites/\(bus)/tour-stops", [
            "placeName": "Nirgendwo", "latitude": 100, "longitude": 7.6,
            "schedule": ["firstDay": "2026-11-24", "starts": "09:00", "ends": "12:00"],
        ], as: fixture.staffA)
        #expect(badStop.status == 422)
        #expect(try badStop.json()["error"]?["field"]?.stringValue == "latitude")

        // A stationary site has no tour.
        let room = try fixture.createSite(LearningSitesFixture.siteBody(organisation: fixture.organisationA), as: fixture.staffA)
        let refused = try fixture.send(.post, LearningSitesFixture.api + "/admin/sites/\(room)/tour-stops", [
            "placeName": "Markt", "latitude": 51.99, "longitude": 7.6, "schedule": ["firstDay": "2026-11-24", "starts": "09:00", "ends": "12:00"],
        ], as: fixture.staffA)
        #expect(refused.status == 409)

        // Monday 10:00: the bus is at the market and open; found near there.
        let found = try fixture.send(.get, LearningSitesFixture.api + "?open=now&near=51.9950,7.6050").json()
        let hit = try #require(found["items"]?.arrayValue?.first)
        #expect(hit["id"]?.integerValue == bus)
        #expect(hit["currentStop"]?["placeName"]?.stringValue == "Marktplatz Kinderhaus")
        #expect(hit["distanceMetres"]?.integerValue == 0)

        let week = try fixture.send(.get, LearningSitesFixture.api + "/\(bus)/tour").json()
        #expect(week["from"]?.stringValue == "2026-11-23")
        #expect(week["items"]?.arrayValue?.count == 1)
        let next = try fixture.send(.get, LearningSitesFixture.api + "/\(bus)/tour?from=2026-11-30").json()
        #expect(next["items"]?.arrayValue?.first?["startsAt"]?.stringValue == "2026-11-30T08:00:00.000Z")

        // At 13:00 it has moved on: not open now.
        fixture.clock.advance(by: 3 * 3600)
        #expect(try fixture.send(.get, LearningSitesFixture.api + "?open=now&kind=mobile").json()["total"]?.integerValue == 0)

    }
}
