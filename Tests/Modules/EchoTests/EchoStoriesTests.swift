import Echo
import Foundation
import HTTP
import Kernel
import Testing
import TeilhabeTesting

/// Echo's stories end to end: written, moderated, translated, listed, searched and fed,
/// through a real server on a real SQLite file.
@Suite(.serialized) final class EchoStoriesTests {
    let clock = AdjustableClock()
    let server: TestServer
    /// Real accounts, signed in, by the role they hold in the demo region.
    var sessions: [Role: [(String, String)]] = [:]

    init() throws {
        server = try TestServer(modules: [EchoModule.self], clock: clock)
        sessions = [
            .staff: try server.headers(signedInAs: .staff), .volunteer: try server.headers(signedInAs: .volunteer),
        ]
    }

    deinit { server.stop() }

    func signedIn(as role: Role) -> [(String, String)] { sessions[role] ?? [] }

    @discardableResult
    func write(_ title: String, body: String = "Ein Text.", as role: Role = .staff, status: String? = nil) throws -> JSONValue {
        var fields = "\"title\": \(Self.quoted(title)), \"summary\": \"Zusammenfassung\", \"body\": \(Self.quoted(body))"
        if let status { fields += ", \"status\": \"\(status)\"" }
        let response = try server.client().sendJSON(.post, "/api/v1/demo/de/echo/stories", "{\(fields)}", headers: signedIn(as: role))
        #expect(response.status == 201, "\(response.text)")
        return try response.json()
    }

    static func quoted(_ text: String) -> String {
        String(decoding: JSONValue.string(text).encoded(), as: UTF8.self)
    }

    @Test func storiesWaitForAModeratorThenAppearInTheReadersLanguage() throws {
        let client = server.client()
        let created = try write("Unser Gemeinschaftsgarten", as: .volunteer)
        #expect(created["status"]?.stringValue == "review")
        let slug = try #require(created["slug"]?.stringValue)
        #expect(slug == "unser-gemeinschaftsgarten")
        #expect(try client.send(.get, "/api/v1/demo/de/echo/stories/\(slug)").status == 404)

        // A volunteer may not publish; a staff member may.
        let publish = #"{"status": "published"}"#
        #expect(try client.sendJSON(.post, "/api/v1/demo/de/echo/stories/\(slug)/publication", publish, headers: signedIn(as: .volunteer)).status == 403)
        #expect(try client.sendJSON(.post, "/api/v1/demo/de/echo/stories/\(slug)/publication", publish).status == 401)
        #expect(try client.sendJSON(.post, "/api/v1/demo/de/echo/stories/\(slug)/publication", publish, headers: signedIn(as: .staff)).status == 200)

        let arabic = try client.send(.get, "/api/v1/demo/ar/echo/stories/\(slug)")
        #expect(arabic.status == 200)
        #expect(try arabic.json()["language"]?.stringValue == "de")
        #expect(try arabic.json()["languages"] == ["de"])
        #expect(try arabic.json()["bodyHTML"]?.stringValue == "<p>Ein Text.</p>\n")

        let translation = #"{"title": "Our community garden", "body": "A *text*."}"#
        #expect(try client.sendJSON(.put, "/api/v1/demo/de/echo/stories/\(slug)/texts/en", translation, headers: signedIn(as: .staff)).status == 200)
        let english = try client.send(.get, "/api/v1/demo/ar/echo/stories/\(slug)").json()
        #expect(english["language"]?.stringValue == "en")
        #expect(english["languages"] == ["de", "en"])
        #expect(english["title"]?.stringValue == "Our community garden")
        #expect(english["bodyHTML"]?.stringValue == "<p>A <em>text</em>.</p>\n")
        #expect(english["url"]?.stringValue?.hasSuffix("/demo/ar/echo/stories/\(slug)") == true)
    }

    @Test func badInputNamesTheField() throws {
        let client = server.client()
        let missing = try client.sendJSON(.post, "/api/v1/demo/de/echo/stories", #"{"body": "x"}"#, headers: signedIn(as: .staff))
        #expect(missing.status == 400)
        #expect(try missing.json()["error"]?["field"]?.stringValue == "title")
        let badSlug = try client.sendJSON(.post, "/api/v1/demo/de/echo/stories", #"{"title": "x", "slug": "No Spaces"}"#, headers: signedIn(as: .staff))
        #expect(badSlug.status == 422)
        #expect(try badSlug.json()["error"]?["field"]?.stringValue == "slug")
        try write("Doppelt")
        let taken = try client.sendJSON(.post, "/api/v1/demo/de/echo/stories", #"{"title": "Doppelt"}"#, headers: signedIn(as: .staff))
        #expect(taken.status == 409)
        #expect(try taken.json()["error"]?["field"]?.stringValue == "slug")
        let language = try client.sendJSON(.put, "/api/v1/demo/de/echo/stories/doppelt/texts/xx", #"{"title": "x"}"#, headers: signedIn(as: .staff))
        #expect(language.status == 422)
        #expect(try language.json()["error"]?["field"]?.stringValue == "language")
    }

    @Test func theListIsPagedWithSignedCursors() throws {
        for number in 1...23 {
            try write("Geschichte \(number)", status: "published")
            clock.advance(by: 60)
        }
        let client = server.client()
        var titles: [String] = []
        var next: String? = "/api/v1/demo/de/echo/stories?limit=10"
        var pages = 0
        while let url = next, pages < 10 {
            let response = try client.send(.get, url)
            #expect(response.status == 200)
            let page = try response.json()
            titles += page["items"]?.arrayValue?.compactMap { $0["title"]?.stringValue } ?? []
            next = page["next"]?.stringValue
            if let next { #expect(response.headers["Link"] == "<\(next)>; rel=\"next\"") }
            pages += 1
        }
        #expect(pages == 3)
        #expect(titles == (1...23).reversed().map { "Geschichte \($0)" })

        let first = try client.send(.get, "/api/v1/demo/de/echo/stories?limit=10").json()
        let cursor = try #require(first["next"]?.stringValue?.components(separatedBy: "cursor=").last)
        let tampered = try client.send(.get, "/api/v1/demo/de/echo/stories?cursor=\(cursor.dropLast(2))xx")
        #expect(tampered.status == 400)
        #expect(try tampered.json()["error"]?["field"]?.stringValue == "cursor")
        // A cursor belongs to its list: the English list does not take the German one's.
        #expect(try client.send(.get, "/api/v1/demo/en/echo/stories?cursor=\(cursor)").status == 400)
        let limit = try client.send(.get, "/api/v1/demo/de/echo/stories?limit=1000")
        #expect(try limit.json()["error"]?["field"]?.stringValue == "limit")
    }

    @Test func theFeedIsReadByARealFeedParser() throws {
        try PythonTool.require("feedparser")
        try write("Fest & Feier <2026>", body: "Es gab **Musik** & Tanz. </script>", status: "published")
        clock.advance(by: 60)
        try write("Zweite Geschichte", status: "published")
        let response = try server.client().send(.get, "/demo/de/echo/feed.atom")
        #expect(response.status == 200)
        #expect(response.headers["Content-Type"] == "application/atom+xml; charset=utf-8")
        #expect(response.headers["ETag"] != nil)
        let result = try PythonTool.script("""
            import sys, json, feedparser
            feed = feedparser.parse(sys.stdin.buffer.read())
            print(json.dumps({
                "bozo": bool(feed.bozo), "version": feed.version, "title": feed.feed.title, "language": feed.feed.get("language"),
                "entries": [{"title": e.title, "link": e.link, "id": e.id, "summary": e.summary, "content": e.content[0].value,
                             "published": e.published} for e in feed.entries],
            }))
            """, input: response.body)
        #expect(result.status == 0, "\(result.errors)")
        let parsed = try JSONValue.parse(Array(result.output.utf8))
        #expect(parsed["bozo"] == false)
        #expect(parsed["version"]?.stringValue == "atom10")
        #expect(parsed["title"]?.stringValue == "Geschichten – Demo")
        let entries = try #require(parsed["entries"]?.arrayValue)
        #expect(entries.map { $0["title"]?.stringValue } == ["Zweite Geschichte", "Fest & Feier <2026>"])
        #expect(entries[1]["link"]?.stringValue?.hasSuffix("/demo/de/echo/stories/fest-feier-2026") == true)
        #expect(entries[1]["content"]?.stringValue?.contains("<strong>Musik</strong>") == true)
        #expect(entries[1]["id"]?.stringValue?.hasPrefix("tag:") == true)
    }

    @Test func theHomePageGetsTheLatestStories() throws {
        for number in 1...4 {
            try write("Neu \(number)", status: "published")
            clock.advance(by: 60)
        }
        let region = try #require(server.application.services.regions["demo"])
        let context = RequestContext(
            requestID: "test", region: region, language: "de", module: "kernel", settings: ModuleSettings(values: [:]),
            principal: .anonymous, clientAddress: "127.0.0.1", services: server.application.services)
        let sections = server.application.services.homeListings(for: context)
        let stories = try #require(sections.first { $0.id == "echo.latest-stories" })
        #expect(stories.items.map(\.title) == ["Neu 4", "Neu 3", "Neu 2"])
        #expect(stories.items.first?.url == "/demo/de/echo/stories/neu-4")
        #expect(stories.more?.url == "/demo/de/echo")
    }
}
