import Foundation
import HTTP
import Kernel

/// JSON endpoints of the Workshops module.
enum WorkshopsAPI {
    struct Workshop: Codable, Sendable {
        var id: Int64
        var title: String
        var startsAt: Date
        var capacity: Int

        enum CodingKeys: String, CodingKey {
            case id, title, capacity
            case startsAt = "starts_at"
        }
    }

    /// `GET /api/v1/{region}/{lang}/workshops`: the next 20 workshops from now.
    @Sendable static func list(_ request: Request, _ context: RequestContext) throws -> Response {
        let workshops = try context.read { db in
            try db.fetchAll(Workshop.self, """
                SELECT id, title, starts_at, capacity FROM workshops
                WHERE region = \(context.region.id) AND starts_at >= \(context.now)
                ORDER BY starts_at, id LIMIT 20
                """)
        }
        return try .json(["items": workshops])
    }
}
