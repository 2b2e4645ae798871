import Foundation
import HTTP
import Kernel
import Synchronization
import Testing
import TeilhabeTesting

/// The content area's routes over HTTP: search for readers; worklists, history, restore
/// and the XLIFF exchange for editors.
@Suite(.serialized) final class ContentRoutesEndToEndTests {
    let server: TestServer
    let staff: [(String, String)]
    let volunteer: [(String, String)]

    init() throws {
        server = try TestServer(modules: allModules)
        staff = try server.headers(signedInAs: .staff)
        volunteer = try server.headers(signedInAs: .volunteer)
    }

    deinit { server.stop() }

    @discardableResult
    func story(_ slug: String, title: String, body: String = "", status: PublicationStatus = .published) throws -> Int64 {
        try server.storage.write(.region("demo")) { db in
            try server.application.services.content.create(
                NewContentItem(module: "echo", kind: "story", slug: slug, language: "de", texts: ContentTexts(title: title, body: body), status: status),
                in: db)
        }
    }

    @Test func searchAnswersWithRankedItemsSnippetsAndPages() throws {
        for number in 1...4 { try story("markt-\(number)", title: "Wochenmarkt \(number)", body: "Frisches Gemüse & <b>Obst</b> am Markt.") }
        try story("nebenbei", title: "Nachbarschaft", body: "Auch der Wochenmarkt kam vor.")
        let client = server.client()
        let response = try client.send(.get, "/api/v1/demo/de/search?q=wochenmarkt&limit=3")
        #expect(response.status == 200)
        let page = try response.json()
        let items = try #require(page["items"]?.arrayValue)
        #expect(items.count == 3)
        #expect(items.allSatisfy { $0["title"]?.stringValue?.hasPrefix("Wochenmarkt") == true }, "title matches first")
        #expect(items.first?["module"] == "echo")
        #expect(items.first?["language"] == "de")
        #expect(items.first?["url"]?.stringValue?.contains("/demo/de/echo/stories/markt-") == true)
        #expect(items.first?["snippetHTML"]?.stringValue?.contains("&lt;b&gt;Obst&lt;/b&gt;") == true)
        let next = try #require(page["next"]?.stringValue)
        let rest = try client.send(.get, next).json()
        #expect(rest["items"]?.arrayValue?.count == 2)
        #expect(rest["items"]?.arrayValue?.last?["title"] == "Nachbarschaft")
        #expect(rest["next"] == .null)

        let empty = try client.send(.get, "/api/v1/demo/de/search?q=%20")
        #expect(empty.status == 400)
        #expect(try empty.json()["error"]?["field"] == "q")
        let long = try client.send(.get, "/api/v1/demo/de/search?q=" + String(repeating: "a", count: 201))
        #expect(try long.json()["error"]?["field"] == "q")
        // A cursor of another list is refused.
        let echoNext = try client.send(.get, "/api/v1/demo/de/echo/stories?limit=1").json()["next"]?.stringValue ?? ""
        let cursor = echoNext.components(separatedBy: "cursor=").last ?? ""
        #expect(try client.send(.get, "/api/v1/demo/de/search?q=markt&cursor=\(cursor)").status == 400)
    }

    @Test func editorsSeeWorklistsAndHistoriesAndRestoreWithTheKindsAction() throws {
        let id = try story("verlauf", title: "Erste Fassung")
        try server.storage.write(.region("demo")) { db in
            try server.application.services.content.saveTexts(ContentTexts(title: "Zweite Fassung"), language: "de", of: id, minor: false, author: 2, in: db)
        }
        let client = server.client()
        #expect(try client.send(.get, "/api/v1/demo/de/content/translations?language=en").status == 401)
        let worklist = try client.send(.get, "/api/v1/demo/de/content/translations?language=en", headers: volunteer)
        #expect(worklist.status == 200)
        let task = try #require(try worklist.json()["items"]?.arrayValue?.first)
        #expect(task["id"] == .integer(id))
        #expect(task["state"] == "missing")
        #expect(task["title"] == "Zweite Fassung")
        let bad = try client.send(.get, "/api/v1/demo/de/content/translations?language=xx", headers: volunteer)
        #expect(try bad.json()["error"]?["field"] == "language")

        let record = try client.send(.get, "/api/v1/demo/de/content/items/\(id)", headers: volunteer).json()
        #expect(record["translations"]?["de"] == "up-to-date")
        #expect(record["translations"]?["en"] == "missing")
        #expect(record["visible"] == true)

        let history = try client.send(.get, "/api/v1/demo/de/content/items/\(id)/history", headers: volunteer).json()
        #expect(history["items"]?.arrayValue?.map { $0["version"] } == [2, 1])
        #expect(history["items"]?.arrayValue?.first?["author"] == 2)

        // Restoring needs the story kind's edit action (echo.moderate), which volunteers lack.
        let body = #"{"version": 1}"#
        #expect(try client.sendJSON(.post, "/api/v1/demo/de/content/items/\(id)/restore", body, headers: volunteer).status == 403)
        let restored = try client.sendJSON(.post, "/api/v1/demo/de/content/items/\(id)/restore", body, headers: staff)
        #expect(restored.status == 200)
        #expect(try restored.json()["version"] == 3)
        let story = try client.send(.get, "/api/v1/demo/de/echo/stories/verlauf").json()
        #expect(story["title"] == "Erste Fassung")
        #expect(try client.sendJSON(.post, "/api/v1/demo/de/content/items/999/restore", body, headers: staff).status == 404)
        let missingVersion = try client.sendJSON(.post, "/api/v1/demo/de/content/items/\(id)/restore", #"{"version": "x"}"#, headers: staff)
        #expect(try missingVersion.json()["error"]?["field"] == "version")
    }

    @Test func translatorsExportAndImportXLIFFOverHTTP() throws {
        let id = try story("uebersetzen", title: "Übersetz mich", body: "Ein *schöner* Text.")
        let client = server.client()
        let export = try client.send(.get, "/api/v1/demo/de/content/xliff?target=en", headers: volunteer)
        #expect(export.status == 200)
        #expect(export.headers["Content-Type"] == "application/xliff+xml; charset=utf-8")
        #expect(export.headers["Content-Disposition"] == "attachment; filename=\"demo-de-to-en.xlf\"")
        #expect(try client.send(.get, "/api/v1/demo/de/content/xliff", headers: volunteer).status == 400)

        let translated = String(decoding: export.body, as: UTF8.self)
            .replacingOccurrences(of: "<source>Übersetz mich</source>", with: "<source>Übersetz mich</source><target>Translate me</target>")
            .replacingOccurrences(of: "<source>Ein *schöner* Text.</source>", with: "<source>Ein *schöner* Text.</source><target>A *nice* text.</target>")
        // A translation tool sends the file with an API token; a browser session may only send JSON.
        let tool = try server.apiTokenHeaders(role: .volunteer)
        let imported = try client.send(
            .post, "/api/v1/demo/de/content/xliff", headers: tool + [("Content-Type", "application/xliff+xml")], body: Array(translated.utf8))
        #expect(imported.status == 200, "\(imported.text)")
        #expect(try imported.json()["updated"]?.arrayValue?.first?["id"] == .integer(id))
        let english = try client.send(.get, "/api/v1/demo/en/echo/stories/uebersetzen").json()
        #expect(english["language"] == "en")
        #expect(english["bodyHTML"] == "<p>A <em>nice</em> text.</p>\n")

        let broken = translated.replacingOccurrences(of: "<unit id=\"body\">", with: "<unit id=\"bogus\">")
        let refused = try client.send(
            .post, "/api/v1/demo/de/content/xliff", headers: tool + [("Content-Type", "application/xliff+xml")], body: Array(broken.utf8))
        #expect(refused.status == 422)
        let problems = try refused.json()["error"]?["problems"]?.arrayValue ?? []
        #expect(problems.contains { $0.stringValue?.contains("unit 'bogus' in file 'item-\(id)'") == true })
        #expect(try client.send(.post, "/api/v1/demo/de/content/xliff", headers: tool + [("Content-Type", "text/plain")], body: [1]).status == 415)
    }
}

/// Home-page contributions: computed per request, in order, a failing one left out.
struct GreetingModule: Module {
    static let manifest = ModuleManifest(
        id: "greeting", version: "1.0.0", kernel: "0.1.0"..<"0.2.0",
        homeSections: [
            HomeContribution("greeting.hello", order: 10) { context in
                HomeListing(id: "greeting.hello", title: context.language == "de" ? "Hallo" : "Hello", items: [
                    .init(title: "Setting: \(context.settings.values.count)", url: "/\(context.region.id)/\(context.language)/greeting", meta: context.module),
                ])
            },
            HomeContribution("greeting.broken", order: 20) { _ in throw HTTPError.conflict("broken on purpose") },
            HomeContribution("greeting.quiet", order: 30) { _ in nil },
        ])
}

@Suite struct HomeContributionTests {
    @Test func sectionsComeInOrderWithTheModulesContextAndFailuresAreLeftOut() throws {
        let server = try TestServer(modules: [GreetingModule.self])
        defer { server.stop() }
        let services = server.application.services
        let region = try #require(services.regions["demo"])
        let context = RequestContext(
            requestID: "r1", region: region, language: "de", module: "kernel", settings: ModuleSettings(values: [:]),
            principal: .anonymous, clientAddress: "127.0.0.1", services: services)
        let sections = services.homeListings(for: context)
        #expect(sections.map(\.id) == ["greeting.hello"])
        #expect(sections.first?.title == "Hallo")
        #expect(sections.first?.items.first?.meta == "greeting")
    }
}
