import Foundation
import HTTP
import Kernel

/// Peer mentoring: people with strong digital skills and languages matched to people who
/// need help. Mentoring sessions take place at learning sites, hence the dependency.
public struct MentoringModule: Module {
    public static let manifest = ModuleManifest(
        id: "mentoring",
        names: ["de": "Mentoring", "en": "Mentoring"],
        version: "0.1.0",
        kernel: "0.1.0"..<"0.2.0",
        dependencies: ["learning-sites"],
        settings: [
            SettingDefinition(
                "maxMenteesPerMentor", .integer(1...20), default: 3,
                summary: "Matches a mentor can hold at the same time"),
        ],
        actions: [
            ActionDeclaration(
                "mentoring.match", summary: "Match mentors with people who asked for help",
                defaultRoles: [.regionAdmin, .staff]),
        ],
        migrations: [
            Migration("001-create-mentors", sql: """
                CREATE TABLE mentoring_mentors (
                    id INTEGER PRIMARY KEY,
                    region TEXT NOT NULL,
                    display_name TEXT NOT NULL,
                    languages TEXT NOT NULL
                );
                CREATE INDEX mentoring_mentors_region ON mentoring_mentors (region);
                """),
            // A mentor is a person: link the row to their account, for privacy requests.
            Migration("002-mentor-accounts", sql: """
                ALTER TABLE mentoring_mentors ADD COLUMN account_id INTEGER;
                CREATE INDEX mentoring_mentors_account ON mentoring_mentors (account_id);
                """),
        ],
        routes: [
            .api(.get, "/mentoring/mentors", access: .action("mentoring.match"), summary: "Mentors in the region") { _, context in
                struct Mentor: Codable { var id: Int64; var displayName: String
                    enum CodingKeys: String, CodingKey { case id; case displayName = "display_name" } }
                let mentors = try context.read { db in
                    try db.fetchAll(Mentor.self, """
                        SELECT id, display_name FROM mentoring_mentors
                        WHERE region = \(context.region.id) ORDER BY display_name LIMIT 100
                        """)
                }
                return .json(Array(try JSONEncoder().encode(["items": mentors])))
            },
        ],
        privacy: MentoringPrivacy.hooks,
        navigation: [NavigationEntry(titleKey: "mentoring.navigation", path: "/mentoring", order: 50)],
        catalog: MentoringStrings.catalog
    )
}
