import Foundation
import HTTP
import Kernel
import Testing
import TeilhabeTesting
import Echo
import LearningSites
import Mentoring
import Newsletter
import Workshops

let allModules: [any Module.Type] = [
    LearningSitesModule.self, WorkshopsModule.self, EchoModule.self, NewsletterModule.self, MentoringModule.self,
]

/// The whole server with all five modules, over real HTTP.
@Suite(.serialized) final class ServerEndToEndTests {
    let server: TestServer

    init() throws {
        server = try TestServer(modules: allModules)
    }

    deinit { server.stop() }

    @Test func healthAndReadiness() throws {
        let client = server.client()
        let health = try client.send(.get, "/healthz")
        #expect(health.status == 200)
        #expect(health.text == "ok\n")
        #expect(health.headers["Date"] != nil)
        let ready = try client.send(.get, "/readyz")
        #expect(ready.status == 200)
        #expect(ready.text == "ready\n")
    }

    @Test func rootAndRegionRedirectToALanguageTheReaderSpeaks() throws {
        let client = server.client()
        let root = try client.send(.get, "/")
        #expect(root.status == 302)
        #expect(root.headers["Location"] == "/demo/de")
        let arabic = try client.send(.get, "/demo", headers: [("Accept-Language", "ar-SY, en;q=0.5")])
        #expect(arabic.headers["Location"] == "/demo/ar")
        let unknown = try client.send(.get, "/nowhere")
        #expect(unknown.status == 404)
    }

    @Test func regionHomeLinksEveryEnabledModuleThatIsPublic() throws {
        let page = try server.client().send(.get, "/demo/en")
        #expect(page.status == 200)
        #expect(page.headers["Content-Type"] == "text/html; charset=utf-8")
        #expect(page.text.contains("href=\"/demo/en/workshops\""))
        #expect(page.text.contains("href=\"/demo/en/learning-sites\""))
        #expect(page.headers["Content-Security-Policy"] != nil)
    }

    @Test func moduleAPIReadsTheRegionsRowsFromSQLite() throws {
        let soon = Date().addingTimeInterval(86_400)
        try server.storage.write { db in
            for number in 1...25 {
                try db.execute("""
                    INSERT INTO workshops (region, title, starts_at, ends_at, capacity, status, created_at, updated_at)
                    VALUES (\("demo"), \("Workshop \(number)"), \(soon.addingTimeInterval(Double(number) * 60)),
                            \(soon.addingTimeInterval(Double(number) * 60 + 3600)), 12, 'open', \(soon), \(soon))
                    """)
            }
            try db.execute("""
                INSERT INTO workshops (region, title, starts_at, ends_at, capacity, status, created_at, updated_at)
                VALUES ('other', 'Elsewhere', \(soon), \(soon.addingTimeInterval(3600)), 5, 'open', \(soon), \(soon))
                """)
        }
        let response = try server.client().send(.get, "/api/v1/demo/de/workshops")
        #expect(response.status == 200)
        #expect(response.headers["Content-Type"] == "application/json")
        let items = try #require(try response.json()["items"]?.arrayValue)
        #expect(items.count == 20)
        #expect(items.first?["title"]?.stringValue == "Workshop 1")
        #expect(!items.contains { $0["title"]?.stringValue == "Elsewhere" })
    }

    @Test func unknownRegionsLanguagesAndRoutesAre404() throws {
        let client = server.client()
        let region = try client.send(.get, "/api/v1/atlantis/de/workshops")
        #expect(region.status == 404)
        #expect(try region.json()["error"]?["message"]?.stringValue == "There is no region at this address")
        #expect(try client.send(.get, "/api/v1/demo/xx/workshops").status == 404)
        #expect(try client.send(.get, "/demo/de/no-such-page").status == 404)
    }

    @Test func wrongMethodIs405WithAllow() throws {
        let response = try server.client().send(.post, "/healthz")
        #expect(response.status == 405)
        #expect(response.headers["Allow"]?.contains("GET") == true)
    }

    @Test func trailingSlashRedirectsToTheCanonicalPath() throws {
        let response = try server.client().send(.get, "/demo/de/?x=1")
        #expect(response.status == 301)
        #expect(response.headers["Location"] == "/demo/de?x=1")
    }

    @Test func guardedAPIRoutesRefuseAnonymousCallers() throws {
        let response = try server.client().send(.get, "/api/v1/demo/de/mentoring/mentors")
        #expect(response.status == 401)
        #expect(response.headers["WWW-Authenticate"] == "Bearer")
    }

    @Test func requestIDsAreHonouredOrGenerated() throws {
        let client = server.client()
        #expect(try client.send(.get, "/healthz", headers: [("X-Request-ID", "abc-123")]).headers["X-Request-ID"] == "abc-123")
        let generated = try client.send(.get, "/healthz", headers: [("X-Request-ID", "<script>")]).headers["X-Request-ID"]
        #expect(generated != nil && generated != "<script>")
    }

    @Test func metricsCountRequestsByRouteAndStatus() throws {
        let client = server.client()
        for _ in 0..<3 { try client.send(.get, "/healthz") }
        try client.send(.get, "/api/v1/demo/de/nothing-here")
        let metrics = try client.send(.get, "/metrics")
        #expect(metrics.status == 200)
        #expect(metrics.headers["Content-Type"]?.hasPrefix("text/plain; version=0.0.4") == true)
        let text = metrics.text
        let healthLine = text.split(separator: "\n").first { $0.hasPrefix("http_requests_total{route=\"GET /healthz\",status=\"200\"}") }
        #expect((healthLine?.split(separator: " ").last).flatMap { Int($0) }.map { $0 >= 3 } == true)
        #expect(text.contains("http_requests_total{route=\"unmatched\",status=\"404\"}"))
        #expect(text.contains("http_request_duration_seconds_bucket{route=\"GET /healthz\",le=\"+Inf\"}"))
        #expect(text.contains("http_open_connections "))
    }
}
