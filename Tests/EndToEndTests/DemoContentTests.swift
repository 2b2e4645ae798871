import Echo
import Foundation
import HTTP
@testable import Kernel
import LearningSites
import Testing
import TeilhabeTesting
import Workshops

/// A module whose demo content writes and then fails: none of it may stay.
struct BrokenDemoModule: Module {
    static let manifest = ModuleManifest(
        id: "broken-demo", version: "1.0.0", kernel: "0.1.0"..<"0.2.0",
        demo: DemoContent { demo in
            _ = try demo.services.content.create(
                NewContentItem(module: "broken-demo", kind: "note", slug: "half-written", originalLanguage: "de",
                               texts: ["de": ContentTexts(title: "Halb")], status: .published),
                in: demo.transaction)
            throw HTTPError.unprocessable("the sample is broken", field: "demo")
        })
}

/// Demo regions get the modules' sample content on first start, once; other regions none.
@Suite(.serialized) final class DemoContentTests {
    let server: TestServer

    init() throws {
        let modules: [any Module.Type] = [EchoModule.self, WorkshopsModule.self, LearningSitesModule.self, BrokenDemoModule.self]
        let ids = modules.map { $0.manifest.id }
        var demo = TestServer.demoRegion(id: "demo", enabling: ids)
        demo.insert(contentsOf: "\"demoContent\": true, ", at: demo.index(after: demo.firstIndex(of: "{") ?? demo.startIndex))
        server = try TestServer(
            modules: modules, regions: ["demo": demo, "plain": TestServer.demoRegion(id: "plain", enabling: ids)], logToFile: true)
    }

    deinit { server.stop() }

    func stories(in region: String) throws -> [JSONValue] {
        try server.client().send(.get, "/api/v1/\(region)/de/echo/stories").json()["items"]?.arrayValue ?? []
    }

    @Test func theDemoRegionShowsSampleStoriesInItsLanguages() throws {
        #expect(try stories(in: "demo").count == 3)
        #expect(try stories(in: "plain").isEmpty, "a region without demoContent gets nothing")
        let arabic = try server.client().send(.get, "/api/v1/demo/ar/echo/stories/reparatur-cafe").json()
        #expect(arabic["language"] == "ar")
        // The edited German story left its English translation outdated: work for translators.
        let outdated = try server.storage.read(.region("demo")) { db in
            try server.application.services.content.translationTasks(language: "en", module: nil, in: db)
        }
        #expect(outdated.contains { $0.slug == "fest-der-vereine" && $0.state == .outdated(source: "de") })
    }

    @Test func theDemoRegionHasLearningSitesWithFreeConsultationSlots() throws {
        let sites = try server.client().send(.get, "/api/v1/demo/de/learning-sites?near=51.96,7.63").json()["items"]?.arrayValue ?? []
        #expect(sites.count == 2)
        #expect(sites.allSatisfy { $0["nextFreeSlot"]?["id"]?.integerValue != nil }, "each site has a slot to book")
        #expect(try server.client().send(.get, "/api/v1/plain/de/learning-sites").json()["items"]?.arrayValue?.isEmpty == true)
    }

    @Test func theDemoRegionHasWorkshopsOpenForRegistration() throws {
        let workshops = try server.client().send(.get, "/api/v1/demo/en/workshops").json()["items"]?.arrayValue ?? []
        #expect(workshops.count == 2)
        #expect(workshops.contains { $0["title"] == "Smartphone basics for volunteers" && $0["sessions"] == 10 })
        #expect(workshops.allSatisfy { $0["status"] == "open" })
        #expect(try server.client().send(.get, "/api/v1/plain/de/workshops").json()["items"]?.arrayValue?.isEmpty == true)
    }

    @Test func itIsWrittenOnceAndAFailingModuleLeavesNothing() throws {
        try DemoContentArea.write(server.application.services)
        #expect(try stories(in: "demo").count == 3, "a second start writes nothing again")
        let recorded = try server.storage.read { db in
            try db.query("SELECT region, module FROM kernel_demo_content ORDER BY region, module").map {
                "\(try $0.get("region", as: String.self))/\(try $0.get("module", as: String.self))"
            }
        }
        #expect(recorded == ["demo/echo", "demo/learning-sites", "demo/workshops"])
        let halfWritten = try server.storage.read(.region("demo")) { db in
            try server.application.services.content.id(module: "broken-demo", kind: "note", slug: "half-written", in: db)
        }
        #expect(halfWritten == nil, "the failed module's transaction was rolled back")
        #expect(server.logLines().contains { $0.contains("demo content failed") && $0.contains("broken-demo") && $0.contains("the sample is broken") })
    }
}
