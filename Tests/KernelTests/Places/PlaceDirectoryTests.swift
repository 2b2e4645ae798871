import Foundation
import HTTP
import Kernel
import Testing
import TeilhabeTesting

/// A module that records the place events it hears, as a workshop module would.
struct PlaceWatcherModule: Module {
    static let manifest = ModuleManifest(
        id: "place-watcher", version: "1.0.0", kernel: "0.1.0"..<"0.2.0",
        migrations: [Migration("001-heard", sql: "CREATE TABLE place_watcher_heard (id INTEGER PRIMARY KEY, event TEXT NOT NULL, place INTEGER NOT NULL)")],
        subscriptions: [PlacePublished.name, PlaceRemoved.name].map { name in
            EventSubscription(to: name) { event, context in
                let place = event.payload["place"]?.integerValue ?? 0
                try context.services.storage.write(.global) { db in
                    _ = try db.execute("INSERT INTO place_watcher_heard (event, place) VALUES (\(event.name), \(place))")
                }
            }
        })
}

@Suite struct PlaceDirectoryTests {
    func makeServer() throws -> TestServer {
        let ids = ["place-watcher"]
        return try TestServer(
            modules: [PlaceWatcherModule.self],
            regions: ["demo": TestServer.demoRegion(enabling: ids), "other": TestServer.demoRegion(id: "other", enabling: ids)],
            server: ["jobs": fastJobs])
    }

    func directory(_ server: TestServer) -> PlaceDirectory { server.application.services.places }

    func publish(_ server: TestServer, _ listing: PlaceListing, region: String = "demo") throws -> Place {
        try server.storage.write(.region(region)) { db in try directory(server).publish(listing, in: db) }
    }

    static let kreuzberg = try! Coordinates(latitude: 52.4986, longitude: 13.4030)
    static let mitte = try! Coordinates(latitude: 52.5200, longitude: 13.4050)
    static let spandau = try! Coordinates(latitude: 52.5351, longitude: 13.1977)

    func room(_ reference: String, _ name: String, at coordinates: Coordinates?, owner: String = "learning-sites") -> PlaceListing {
        PlaceListing(
            owner: owner, reference: reference, names: ["de": name, "en": name + " (en)"],
            address: PlaceAddress(street: "Oranienstraße 25", postalCode: "10999", locality: "Berlin"),
            coordinates: coordinates, accessibility: PlaceAccessibility(stepFree: true, hearingLoop: true),
            path: "/learning-sites/\(reference.split(separator: ":").last ?? "")")
    }

    @Test func coordinatesAreCheckedAndDistancesAreHaversine() throws {
        #expect(throws: PlaceError.invalid(field: "latitude", message: "must be a number from -90 to 90, found 90.5")) {
            try Coordinates(latitude: 90.5, longitude: 0)
        }
        #expect(throws: PlaceError.self) { try Coordinates(latitude: 0, longitude: -180.01) }
        #expect(throws: PlaceError.self) { try Coordinates(latitude: .nan, longitude: 0) }
        #expect(throws: PlaceError.self) { try Coordinates(parsing: "52.5") }
        #expect(throws: PlaceError.invalid(field: "near", message: "must be a number from -180 to 180, found 200.0")) {
            try Coordinates(parsing: "52.5, 200")
        }
        let berlin = try Coordinates(latitude: 52.5200, longitude: 13.4050)
        let hamburg = try Coordinates(latitude: 53.5511, longitude: 9.9937)
        #expect(abs(berlin.distance(to: hamburg) - 255_700) < 1_500)
        #expect(berlin.distance(to: berlin) == 0)

        // Every point within the radius lies in the bounding box, also across the antimeridian.
        let fiji = try Coordinates(latitude: -17.7, longitude: 179.9)
        let box = fiji.boundingBox(radius: 50_000)
        #expect(box.longitude == -180...180)
        let around = berlin.boundingBox(radius: 10_000)
        #expect(around.latitude.contains(52.6) && around.longitude.contains(13.55))
        #expect(!around.latitude.contains(52.7) && !around.longitude.contains(13.6))

        // Decoding checks too, naming the key.
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(Coordinates.self, from: Data(#"{"latitude": 12, "longitude": 181}"#.utf8))
        }
    }

    @Test func publishingCreatesThenUpdatesTheSamePlaceAndRemovingTellsSubscribers() throws {
        let server = try makeServer()
        defer { server.stop() }
        let first = try publish(server, room("site:1", "Lernort Kreuzberg", at: Self.kreuzberg))
        #expect(first.names == ["de": "Lernort Kreuzberg", "en": "Lernort Kreuzberg (en)"])
        #expect(first.name(for: ["ar", "en", "de"]) == "Lernort Kreuzberg (en)")
        #expect(first.address?.singleLine == "Oranienstraße 25, 10999 Berlin")

        var moved = room("site:1", "Lernort Kreuzberg", at: Self.mitte)
        moved.names = ["de": "  Lernort Mitte "]
        moved.accessibility = PlaceAccessibility(accessibleToilet: true)
        moved.address = nil
        let second = try publish(server, moved)
        #expect(second.id == first.id)
        #expect(second.names == ["de": "Lernort Mitte"])
        #expect(second.coordinates == Self.mitte)
        #expect(second.address == nil)
        #expect(second.accessibility == PlaceAccessibility(accessibleToilet: true))
        #expect(second.name(for: ["ar", "en"]) == "Lernort Mitte")

        let removed = try server.storage.write(.region("demo")) { db in
            try directory(server).remove(owner: "learning-sites", reference: "site:1", in: db)
        }
        #expect(removed)
        #expect(try server.storage.read(.region("demo")) { try directory(server).place(first.id, in: $0) } == nil)
        #expect(try server.storage.write(.region("demo")) { db in
            try directory(server).remove(owner: "learning-sites", reference: "site:1", in: db)
        } == false)

        #expect(eventually {
            let heard = (try? server.storage.read { db in
                try db.query("SELECT event FROM place_watcher_heard WHERE place = \(first.id) ORDER BY id").map { try $0.get("event", as: String.self) }
            }) ?? []
            return heard == ["kernel.place-published", "kernel.place-published", "kernel.place-removed"]
        })
    }

    @Test func badListingsAreRefusedNamingTheField() throws {
        let server = try makeServer()
        defer { server.stop() }
        var unnamed = room("site:2", "x", at: nil)
        unnamed.names = ["de": "   "]
        #expect(throws: PlaceError.invalid(field: "names", message: "a place needs a name in at least one language")) {
            try publish(server, unnamed)
        }
        var foreign = room("site:2", "x", at: nil)
        foreign.names = ["xx": "Ort"]
        #expect(throws: PlaceError.self) { try publish(server, foreign) }
        var bad = room("site:2", "x", at: nil)
        bad.path = "https://elsewhere.example"
        #expect(throws: PlaceError.invalid(field: "path", message: "must be a path relative to the region, starting with /")) {
            try publish(server, bad)
        }
        #expect(throws: PlaceError.needsRegion) {
            try server.storage.write { db in try directory(server).publish(room("site:3", "x", at: nil), in: db) }
        }
        #expect(try server.storage.read(.region("demo")) { try directory(server).places(in: $0) }.isEmpty)
    }

    @Test func placesAreListedByNameOrNearestFirstWithinTheirRegion() throws {
        let server = try makeServer()
        defer { server.stop() }
        let kreuzberg = try publish(server, room("site:1", "Kreuzberg", at: Self.kreuzberg))
        let spandau = try publish(server, room("site:2", "Spandau", at: Self.spandau))
        let nowhere = try publish(server, room("site:3", "Auf Tour", at: nil))
        let hall = try publish(server, room("hall:1", "Bürgerhalle", at: Self.mitte, owner: "workshops"))
        _ = try publish(server, room("site:1", "Anderswo", at: Self.mitte), region: "other")

        let byName = try server.storage.read(.region("demo")) { try directory(server).places(languages: ["de"], in: $0) }
        #expect(byName.map(\.id) == [nowhere.id, hall.id, kreuzberg.id, spandau.id])

        let nearest = try server.storage.read(.region("demo")) { try directory(server).places(near: Self.mitte, in: $0) }
        #expect(nearest.map(\.id) == [hall.id, kreuzberg.id, spandau.id, nowhere.id])

        let close = try server.storage.read(.region("demo")) { db in
            try directory(server).places(owner: "learning-sites", near: Self.mitte, within: 5_000, in: db)
        }
        #expect(close.map(\.id) == [kreuzberg.id])

        // The other region's place is invisible here, even by id.
        let others = try server.storage.read(.region("other")) { try directory(server).places(in: $0) }
        #expect(others.count == 1)
        #expect(try server.storage.read(.region("other")) { try directory(server).place(kreuzberg.id, in: $0) } == nil)

        // Several by id at once, for lists: this region's only.
        let chosen = try server.storage.read(.region("demo")) { try directory(server).places([spandau.id, hall.id, others[0].id], in: $0) }
        #expect(Set(chosen.keys) == [spandau.id, hall.id])
        #expect(chosen[hall.id]?.name(for: ["de"]) == "Bürgerhalle")
        #expect(try server.storage.read(.region("demo")) { try directory(server).places([], in: $0) }.isEmpty)
    }

    @Test func theAPIListsPlacesAndNamesBadParameters() throws {
        let server = try makeServer()
        defer { server.stop() }
        let kreuzberg = try publish(server, room("site:1", "Kreuzberg", at: Self.kreuzberg))
        _ = try publish(server, room("site:2", "Spandau", at: Self.spandau))
        let client = server.client()

        let list = try client.send(.get, "/api/v1/demo/en/places?near=52.52,13.405&radius=3000")
        #expect(list.status == 200)
        let items = try #require(try list.json()["items"]?.arrayValue)
        #expect(items.count == 1)
        #expect(items.first?["name"]?.stringValue == "Kreuzberg (en)")
        #expect(items.first?["url"]?.stringValue == "/demo/en/learning-sites/1")
        #expect(items.first?["distanceMetres"]?.integerValue.map { (2_000...2_600).contains($0) } == true)
        #expect(items.first?["accessibility"]?["stepFree"]?.boolValue == true)

        let one = try client.send(.get, "/api/v1/demo/de/places/\(kreuzberg.id)")
        #expect(one.status == 200)
        #expect(try one.json()["address"]?["postalCode"]?.stringValue == "10999")
        #expect(try client.send(.get, "/api/v1/other/de/places/\(kreuzberg.id)").status == 404)

        for (query, field) in [("near=91,0", "near"), ("near=abc", "near"), ("radius=100", "radius"), ("near=1,1&radius=-3", "radius"), ("limit=0", "limit")] {
            let response = try client.send(.get, "/api/v1/demo/de/places?\(query)")
            #expect(response.status == 400, "\(query)")
            #expect(try response.json()["error"]?["field"]?.stringValue == field, "\(query)")
        }
    }
}
