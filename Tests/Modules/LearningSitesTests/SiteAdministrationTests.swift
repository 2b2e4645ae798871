import Foundation
import Kernel
import TeilhabeTesting
import Testing

/// Staff create and change their organisation's sites; bad input is refused naming the field
/// and writes nothing; published stationary sites appear in the kernel's place directory.
@Suite struct SiteAdministrationTests {
    @Test func staffCreateASiteOfTheirOrganisationThatAppearsInThePlaceDirectory() throws {
        let fixture = try LearningSitesFixture()
        defer { fixture.stop() }
        let id = try fixture.createSite(LearningSitesFixture.siteBody(organisation: fixture.organisationA), as: fixture.staffA)

        let shown = try fixture.send(.get, LearningSitesFixture.api + "/\(id)").json()
        #expect(shown["name"]?.stringValue == "Lernort Hansaviertel")
        #expect(shown["slug"]?.stringValue == "lernort-hansaviertel")
        #expect(shown["equipment"]?["laptops"]?.integerValue == 4)
        #expect(shown["accessibility"]?["stepFree"]?.boolValue == true)
        #expect(shown["coordinates"]?["latitude"]?.doubleValue == 51.9607)

        let place = try fixture.server.storage.read(.region("demo")) { db in
            try fixture.server.application.services.places.place(owner: "learning-sites", reference: "site:\(id)", in: db)
        }
        #expect(place?.names["de"] == "Lernort Hansaviertel")
        #expect(place?.coordinates?.longitude == 7.6261)
        #expect(place?.accessibility.stepFree == true)

        // Unpublishing takes it out of the directory in the same transaction.
        let hidden = try fixture.send(.put, LearningSitesFixture.api + "/admin/sites/\(id)",
                                      LearningSitesFixture.siteBody(organisation: fixture.organisationA, ["published": false]), as: fixture.staffA)
        #expect(hidden.status == 200)
        let removed = try fixture.server.storage.read(.region("demo")) { db in
            try fixture.server.application.services.places.place(owner: "learning-sites", reference: "site:\(id)", in: db)
        }
        #expect(removed == nil)
        #expect(try fixture.send(.get, LearningSitesFixture.api + "/\(id)").status == 404)
    }

    @Test func staffOfAnotherOrganisationCannotSeeOrChangeTheSiteButRegionAdminsCan() throws {
        let fixture = try LearningSitesFixture()
        defer { fixture.stop() }
        let id = try fixture.createSite(LearningSitesFixture.siteBody(organisation: fixture.organisationA), as: fixture.staffA)

        let foreign = try fixture.send(.put, LearningSitesFixture.api + "/admin/sites/\(id)/hours", LearningSitesFixture.weekdays, as: fixture.staffB)
        #expect(foreign.status == 404)
        let listed = try fixture.send(.get, LearningSitesFixture.api + "/admin/sites", as: fixture.staffB).json()
        #expect(listed["items"]?.arrayValue?.isEmpty == true)
        // Nor may they create a site for an organisation they do not belong to.
        let intruding = try fixture.send(.post, LearningSitesFixture.api + "/admin/sites",
                                         LearningSitesFixture.siteBody(name: "Fremd", organisation: fixture.organisationA), as: fixture.staffB)
        #expect(intruding.status == 422)
        #expect(try intruding.json()["error"]?["field"]?.stringValue == "organisation")

        let byAdmin = try fixture.send(.put, LearningSitesFixture.api + "/admin/sites/\(id)/hours", LearningSitesFixture.weekdays, as: fixture.admin)
        #expect(byAdmin.status == 200)
        let anonymous = try fixture.send(.get, LearningSitesFixture.api + "/admin/sites")
        #expect(anonymous.status == 401 || anonymous.status == 403)
    }

    @Test(arguments: [
        (["latitude": JSONValue.number(95)], "latitude"),
        (["longitude": JSONValue.number(-181)], "longitude"),
        (["latitude": JSONValue.null], "latitude"),
        (["address": ["locality": "Münster"]], "address.street"),
        (["equipment": ["typewriters": 1]], "equipment"),
        (["equipment": ["laptops": 9000]], "equipment.laptops"),
        (["kind": "floating"], "kind"),
        (["names": ["xx": "Name"]], "names.xx"),
        (["contactEmail": "not an address"], "contactEmail"),
        (["languages": ["de", "not a code!"]], "languages[1]"),
    ] as [([String: JSONValue], String)])
    func badSiteInputIsRefusedNamingTheFieldAndWritesNothing(overrides: [String: JSONValue], field: String) throws {
        let fixture = try LearningSitesFixture()
        defer { fixture.stop() }
        let response = try fixture.send(
            .post, LearningSitesFixture.api + "/admin/sites", LearningSitesFixture.siteBody(organisation: fixture.organisationA, overrides),
            as: fixture.admin)
        #expect(response.status == 422, "\(response.text)")
        #expect(try response.json()["error"]?["field"]?.stringValue == field)
        let count = try fixture.server.storage.read(.region("demo")) { db in
            try db.scalar(Int.self, "SELECT COUNT(*) FROM learning_sites WHERE region = \("demo")")
        }
        #expect(count == 0)
    }

    @Test func aSiteWithConsultationHistoryCannotBeRemoved() throws {
        let fixture = try LearningSitesFixture()
        defer { fixture.stop() }
        let id = try fixture.createSite(LearningSitesFixture.siteBody(organisation: fixture.organisationA), as: fixture.staffA)
        try fixture.setWeekdayHours(id, as: fixture.staffA)
        #expect(try fixture.send(.post, LearningSitesFixture.api + "/admin/sites/\(id)/consultation-hours",
                                 LearningSitesFixture.consultationHours(starts: "11:00", ends: "12:00"), as: fixture.staffA).status == 201)
        let slot = try #require(try fixture.freeSlots(id).first?.slotID)
        #expect(try fixture.book(slot).status == 201)

        let refused = try fixture.send(.delete, LearningSitesFixture.api + "/admin/sites/\(id)", as: fixture.staffA)
        #expect(refused.status == 409)
        #expect(try fixture.send(.get, LearningSitesFixture.api + "/\(id)").status == 200)

        let empty = try fixture.createSite(LearningSitesFixture.siteBody(name: "Leer", organisation: fixture.organisationA), as: fixture.staffA)
        #expect(try fixture.send(.delete, LearningSitesFixture.api + "/admin/sites/\(empty)", as: fixture.staffA).status == 204)
        #expect(try fixture.send(.get, LearningSitesFixture.api + "/\(empty)").status == 404)
    }

    @Test func aRemovedSiteTakesItsProjectTagsAlong() throws {
        let fixture = try LearningSitesFixture()
        defer { fixture.stop() }
        let project = try fixture.server.application.services.reporting.createProject(
            ProjectDetails(name: "Digital dabei", funder: "Land NRW", firstDay: "2026-01-01", lastDay: "2026-12-31"),
            categories: [.init(name: "Beratung", targets: [NewProjectTarget(categoryID: 0, fact: "learning-sites.consultations-held", value: 15)])],
            region: "demo", actor: AuditActor(accountID: nil, label: "test"))
        let category = try #require(project.categories.first?.id)
        let tags: JSONValue = [["project": .integer(project.id), "category": .integer(category)]]
        let id = try fixture.createSite(LearningSitesFixture.siteBody(organisation: fixture.organisationA, ["projects": tags]), as: fixture.staffA)
        func tagged() throws -> Int {
            try fixture.server.storage.read(.region("demo")) { db in
                try db.scalar(Int.self, "SELECT COUNT(*) FROM kernel_reporting_assignments WHERE region = \("demo") AND reference = \("site:\(id)")") ?? 0
            }
        }
        #expect(try tagged() == 1)
        #expect(try fixture.send(.delete, LearningSitesFixture.api + "/admin/sites/\(id)", as: fixture.staffA).status == 204)
        #expect(try tagged() == 0)
    }

    @Test func namesAndDescriptionsAreServedInTheReadersLanguageFromTheContentStore() throws {
        let fixture = try LearningSitesFixture()
        defer { fixture.stop() }
        let id = try fixture.createSite(LearningSitesFixture.siteBody(organisation: fixture.organisationA, [
            "names": ["de": "Lernort Hansaviertel", "ar": "مكان التعلم هانزا"],
            "descriptions": ["de": "Im **Erdgeschoss**, Eingang links."],
        ]), as: fixture.staffA)
        let arabic = try fixture.send(.get, "/api/v1/demo/ar/learning-sites/\(id)").json()
        #expect(arabic["name"]?.stringValue == "مكان التعلم هانزا")
        #expect(arabic["language"]?.stringValue == "ar")
        // English has no text: it falls back to German, its source.
        let english = try fixture.send(.get, "/api/v1/demo/en/learning-sites/\(id)").json()
        #expect(english["name"]?.stringValue == "Lernort Hansaviertel")
        #expect(english["language"]?.stringValue == "de")
        let page = try fixture.server.client().send(.get, "/demo/de/learning-sites/lernort-hansaviertel")
        #expect(page.text.contains("<strong>Erdgeschoss</strong>"))

        // A translation added later; the directory lists the site under both names.
        let translated = try fixture.send(.put, LearningSitesFixture.api + "/admin/sites/\(id)", LearningSitesFixture.siteBody(organisation: fixture.organisationA, [
            "names": ["de": "Lernort Hansaviertel", "en": "Hansa Quarter learning site"],
        ]), as: fixture.staffA)
        #expect(translated.status == 200, "\(translated.text)")
        #expect(try fixture.send(.get, "/api/v1/demo/en/learning-sites/\(id)").json()["name"]?.stringValue == "Hansa Quarter learning site")
        let place = try fixture.server.storage.read(.region("demo")) { db in
            try fixture.server.application.services.places.place(owner: "learning-sites", reference: "site:\(id)", in: db)
        }
        #expect(place?.names["en"] == "Hansa Quarter learning site")
        #expect(place?.names["ar"] == "مكان التعلم هانزا")
    }
}
