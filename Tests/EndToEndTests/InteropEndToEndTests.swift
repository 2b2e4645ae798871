import Foundation
import HTTP
import Kernel
import Testing
import TeilhabeTesting

/// The conventions every module gets from the kernel: the OpenAPI document, conditional
/// GETs and cache headers, sitemaps.
@Suite(.serialized) final class InteropEndToEndTests {
    let server: TestServer

    init() throws {
        server = try TestServer(modules: allModules)
    }

    deinit { server.stop() }

    func story(_ slug: String, title: String, languages: [String: String] = [:]) throws {
        var texts = ["de": ContentTexts(title: title, summary: "Kurz", body: "Text über \(title)")]
        for (language, title) in languages { texts[language] = ContentTexts(title: title) }
        try server.storage.write(.region("demo")) { db in
            try server.application.services.content.create(
                NewContentItem(module: "echo", kind: "story", slug: slug, originalLanguage: "de", texts: texts, status: .published), in: db)
        }
    }

    @Test func theOpenAPIDocumentIsValidOpenAPI31() throws {
        try PythonTool.require("openapi_spec_validator", package: "openapi-spec-validator")
        let response = try server.client().send(.get, "/api/openapi.json")
        #expect(response.status == 200)
        #expect(response.headers["Content-Type"] == "application/json")
        let result = try PythonTool.script("""
            import sys, json
            from openapi_spec_validator import validate
            from openapi_spec_validator.versions import consts
            spec = json.loads(sys.stdin.buffer.read())
            validate(spec)
            print("valid", spec["openapi"])
            """, input: response.body)
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output.hasPrefix("valid 3.1.0"))

        let document = try response.json()
        let paths = try #require(document["paths"]?.objectValue)
        // Every linked module's API routes and the kernel's are there, mounted.
        #expect(paths["/api/v1/{region}/{lang}/workshops"]?["get"] != nil)
        #expect(paths["/api/v1/{region}/{lang}/search"]?["get"]?["parameters"]?.arrayValue?.contains { $0["name"] == "q" } == true)
        let create = try #require(paths["/api/v1/{region}/{lang}/echo/stories"]?["post"])
        #expect(create["security"] == [["bearer": []]])
        #expect(create["x-teilhabe-action"] == "echo.post")
        #expect(create["requestBody"]?["content"]?["application/json"]?["schema"]?["required"] == ["title"])
        let story = try #require(paths["/api/v1/{region}/{lang}/echo/stories/{slug}"]?["get"])
        #expect(story["parameters"]?.arrayValue?.contains { $0["name"] == "slug" && $0["in"] == "path" } == true)
        #expect(story["security"] == nil)
        #expect(paths["/api/v1/{region}/{lang}/mentoring/mentors"]?["get"]?["security"] != nil)
        // Pages are not API.
        #expect(paths.keys.allSatisfy { $0.hasPrefix("/api/v1/") })
    }

    @Test func getAnswersCarryAnETagAndRepeatRequestsGet304() throws {
        try story("etag", title: "Etag")
        let client = server.client()
        let first = try client.send(.get, "/api/v1/demo/de/echo/stories")
        #expect(first.status == 200)
        let tag = try #require(first.headers["ETag"])
        #expect(tag.hasPrefix("\"") && tag.hasSuffix("\""))
        #expect(first.headers["Cache-Control"] == "public, max-age=60")
        #expect(first.headers["Vary"] == "Authorization, Cookie")

        let again = try client.send(.get, "/api/v1/demo/de/echo/stories", headers: [("If-None-Match", tag)])
        #expect(again.status == 304)
        #expect(again.body.isEmpty)
        #expect(again.headers["ETag"] == tag)
        #expect(again.headers["Cache-Control"] == "public, max-age=60")
        #expect(try client.send(.get, "/api/v1/demo/de/echo/stories", headers: [("If-None-Match", "W/\(tag), \"other\"")]).status == 304)
        #expect(try client.send(.get, "/api/v1/demo/de/echo/stories", headers: [("If-None-Match", "\"other\"")]).status == 200)

        // A change gives a new tag, so the old one no longer matches.
        try story("neu", title: "Neu")
        let changed = try client.send(.get, "/api/v1/demo/de/echo/stories", headers: [("If-None-Match", tag)])
        #expect(changed.status == 200)
        #expect(changed.headers["ETag"] != tag)

        // Pages and feeds too; errors and other methods are left alone.
        let page = try client.send(.get, "/demo/de")
        #expect(page.headers["ETag"] != nil)
        #expect(page.headers["Cache-Control"] == nil, "public pages are revalidated by their ETag")
        #expect(try client.send(.get, "/demo/de", headers: [("If-None-Match", page.headers["ETag"] ?? "")]).status == 304)
        #expect(try client.send(.get, "/api/v1/demo/de/nothing").headers["ETag"] == nil)
        #expect(try client.send(.get, "/api/openapi.json").headers["ETag"] != nil)
        // Probes and scrapers always see the server as it is now.
        for path in ["/healthz", "/readyz", "/metrics"] {
            let live = try client.send(.get, path)
            #expect(live.status == 200, "\(path)")
            #expect(live.headers["Cache-Control"] == "no-store", "\(path)")
            #expect(live.headers["ETag"] == nil, "\(path)")
        }
    }

    @Test func personalisedAnswersArePrivate() throws {
        let client = server.client()
        let signedIn = try client.send(.get, "/api/v1/demo/de/echo/stories", headers: try server.headers(signedInAs: .staff))
        #expect(signedIn.headers["Cache-Control"] == "private")
        let guarded = try client.send(.get, "/api/v1/demo/de/content/translations?language=en", headers: try server.headers(signedInAs: .staff))
        #expect(guarded.status == 200)
        #expect(guarded.headers["Cache-Control"] == "private")
    }

    @Test func sitemapsListRegionsPagesAndContentInEveryLanguage() throws {
        try story("garten", title: "Garten", languages: ["en": "Garden"])
        try server.storage.write(.region("demo")) { db in
            try server.application.services.content.create(
                NewContentItem(module: "echo", kind: "story", slug: "entwurf", language: "de", texts: ContentTexts(title: "Entwurf")), in: db)
        }
        let client = server.client()
        let index = try client.send(.get, "/sitemap.xml")
        #expect(index.status == 200)
        #expect(index.headers["Content-Type"] == "application/xml; charset=utf-8")
        let region = try client.send(.get, "/demo/sitemap.xml")
        #expect(region.status == 200)
        #expect(try client.send(.get, "/nowhere/sitemap.xml").status == 404)

        let script = """
            import sys, json, xml.etree.ElementTree as ET
            ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
            kind, data = sys.argv[1], sys.stdin.buffer.read()
            root = ET.fromstring(data)
            if kind == "index":
                print(json.dumps([e.text for e in root.findall("s:sitemap/s:loc", ns)]))
            else:
                print(json.dumps({u.find("s:loc", ns).text: [a.get("hreflang") for a in u.findall("x:link", ns)] for u in root.findall("s:url", ns)}))
            """
        let parsedIndex = try PythonTool.run(["-c", script, "index"], input: index.body)
        #expect(parsedIndex.status == 0, "\(parsedIndex.errors)")
        let publicURL = server.application.configuration.server.publicURL
        #expect(try JSONValue.parse(Array(parsedIndex.output.utf8)) == [.string("\(publicURL)/demo/sitemap.xml")])

        let parsed = try PythonTool.run(["-c", script, "urls"], input: region.body)
        #expect(parsed.status == 0, "\(parsed.errors)")
        let urls = try #require(try JSONValue.parse(Array(parsed.output.utf8)).objectValue)
        let base = "\(publicURL)/demo"
        #expect(urls["\(base)/de"] == ["de", "en", "ar"])
        #expect(urls["\(base)/ar/workshops"] != nil)
        #expect(urls["\(base)/de/echo/stories/garten"] == ["de", "en"])
        #expect(urls["\(base)/en/echo/stories/garten"] != nil)
        #expect(urls["\(base)/ar/echo/stories/garten"] == nil, "only languages the item has a text in")
        #expect(!urls.keys.contains { $0.contains("entwurf") }, "drafts are not listed")
    }
}
