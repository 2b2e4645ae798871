import Foundation
import Kernel
import Testing
import TeilhabeTesting
@testable import Workshops

/// Lists read all their workshops' texts with one content-store call; each reader gets the
/// same language a workshop's own page gives them (their language, else the region's
/// fallback chain, else the original).
@Suite(.serialized) final class WorkshopListTextsTests {
    let fixture: WorkshopsFixture

    init() throws { fixture = try WorkshopsFixture() }

    @Test func listsServeEachWorkshopInTheLanguageItsPageServes() throws {
        let translated = try fixture.createWorkshop(inDays: 3)
        let german = try fixture.createWorkshop(["title": "Datenschutz im Verein"].map { ($0.key, $0.value) }, inDays: 4)
        try fixture.publish(translated)
        try fixture.publish(german)
        let content = try fixture.count("SELECT content_id FROM workshops WHERE region = \("demo") AND id = \(translated)")
        try fixture.server.storage.write(.region("demo")) { db in
            try fixture.server.application.services.content.saveTexts(
                ContentTexts(title: "Digital tools for volunteers", summary: "An introduction", body: ""), language: "en",
                of: Int64(content), minor: false, author: nil, in: db)
        }

        let expected: [String: [String]] = [
            "de": ["Digitale Werkzeuge im Ehrenamt", "Datenschutz im Verein"],
            "en": ["Digital tools for volunteers", "Datenschutz im Verein"],
            "ar": ["Digital tools for volunteers", "Datenschutz im Verein"],  // ar ← en ← de
        ]
        for (language, titles) in expected {
            let list = try fixture.server.client().send(.get, "/api/v1/demo/\(language)/workshops").json()
            let items = list["items"]?.arrayValue ?? []
            #expect(items.map { $0["id"]?.integerValue } == [translated, german], "\(language)")
            #expect(items.map { $0["title"]?.stringValue } == titles, "\(language)")
            #expect(items.first?["summary"]?.stringValue == (titles[0].hasPrefix("Digital tools") ? "An introduction" : "Einführung"))
            for item in items {
                let id = try #require(item["id"]?.integerValue)
                let detail = try fixture.server.client().send(.get, "/api/v1/demo/\(language)/workshops/\(id)").json()
                #expect(detail["workshop"]?["title"] == item["title"], "\(language) \(id)")
            }
        }
        let page = try fixture.server.client().send(.get, "/demo/en/workshops")
        #expect(page.text.contains("Lernort Nord, Hauptstraße 1"), "a free address is the location")
        #expect(page.status == 200)
        #expect(page.text.contains("Digital tools for volunteers") && page.text.contains("Datenschutz im Verein"))
    }

    @Test func listsNameTheDirectoryPlaceOfEachWorkshop() throws {
        let place = try fixture.server.storage.write(.region("demo")) { db in
            try fixture.server.application.services.places.publish(PlaceListing(
                owner: "learning-sites", reference: "site:7", names: ["de": "Lernort Hansaviertel", "en": "Hansa learning site"],
                address: PlaceAddress(street: "Hansaring 1", postalCode: "48155", locality: "Münster")), in: db)
        }
        let there = try fixture.createWorkshop([("place", String(place.id)), ("address", "")], inDays: 3)
        let elsewhere = try fixture.createWorkshop(inDays: 4)
        try fixture.publish(there)
        try fixture.publish(elsewhere)
        let items = try fixture.server.client().send(.get, "/api/v1/demo/en/workshops").json()["items"]?.arrayValue ?? []
        #expect(items.map { $0["location"]?.stringValue } == ["Hansa learning site, Hansaring 1, 48155 Münster", "Lernort Nord, Hauptstraße 1, 50667 Köln"])
    }
}

/// Short lists on a workshop's page (its languages, its trainers) are joined as the reader's
/// language writes lists: with the Arabic comma in Arabic.
@Suite(.serialized) final class WorkshopPageListTests {
    let fixture: WorkshopsFixture

    init() throws { fixture = try WorkshopsFixture() }

    @Test func languagesAreJoinedWithTheReadersListSeparator() throws {
        let id = try fixture.createWorkshop(["trainers": "Amira Haddad\nJonas Weber"].map { ($0.key, $0.value) }, inDays: 3)
        try fixture.publish(id)
        let german = try fixture.server.client().send(.get, "/demo/de/workshops/\(id)")
        #expect(german.status == 200)
        #expect(german.text.contains("Amira Haddad, Jonas Weber"), "\(german.text)")
        let arabic = try fixture.server.client().send(.get, "/demo/ar/workshops/\(id)")
        #expect(arabic.status == 200)
        #expect(arabic.text.contains("Amira Haddad، Jonas Weber"), "\(arabic.text)")
        #expect(!arabic.text.contains("Amira Haddad, Jonas Weber"))
    }
}
