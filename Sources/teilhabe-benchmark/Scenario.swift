import Foundation

/// One measured load: what to seed, which URL wrk hits, and the target it is held to.
struct Scenario {
    var name: String
    var summary: String
    var path: String
    /// SQL run against the migrated database before the server starts.
    var seed: [String]
    /// Workshops written as the module writes them (schedule, bookable, texts in German and
    /// English in the content store; see `WorkshopSeed`) before the server starts.
    var seededWorkshops = 0
    /// Echo stories written through the content store (see `StorySeed`).
    var seededStories = 0
    /// Nil where no target is set: the figures are for comparison.
    var targetRequestsPerSecond: Double?
    var targetP99Milliseconds: Double?
    /// Requests carry the session cookie of a signed-in region admin (see `BenchmarkAccount`).
    var signedIn = false

    static let all: [Scenario] = [
        Scenario(
            name: "plaintext", summary: "GET /healthz: a plain-text route answered on the event loop",
            path: "/healthz", seed: [], targetRequestsPerSecond: 100_000, targetP99Milliseconds: 5),
        Scenario(
            name: "json20", summary: "GET /api/v1/demo/de/echo/stories: the newest 20 of 500 stories (items and texts) as JSON",
            path: "/api/v1/demo/de/echo/stories", seed: [], seededStories: 500,
            targetRequestsPerSecond: 20_000, targetP99Milliseconds: 5),
        Scenario(
            name: "workshops-json",
            summary: "GET /api/v1/demo/de/workshops: the next 20 of 500 workshops with texts, free places, topics and places, as JSON",
            path: "/api/v1/demo/de/workshops", seed: [], seededWorkshops: 500,
            targetRequestsPerSecond: nil, targetP99Milliseconds: nil),
        Scenario(
            name: "page", summary: "GET /demo/de: the region's home page, rendered for an anonymous visitor",
            path: "/demo/de", seed: [], targetRequestsPerSecond: 10_000, targetP99Milliseconds: 10),
        Scenario(
            name: "session-page",
            summary: "GET /demo/de signed in: session lookup, roles and permission rules from SQLite, then the page",
            path: "/demo/de", seed: [], targetRequestsPerSecond: 5_000, targetP99Milliseconds: 20, signedIn: true),
        Scenario(
            name: "learning-sites-near",
            summary: "GET /api/v1/demo/de/learning-sites?open=now&near=…: open sites nearest first with their next free slot, "
                + "among 2,000 sites and 50,000 upcoming slots",
            path: "/api/v1/demo/de/learning-sites?open=now&near=51.9607,7.6261&limit=20",
            seed: LearningSitesSeed.statements, targetRequestsPerSecond: 250, targetP99Milliseconds: 25),
    ]
}
