import Foundation
import HTTP
import Kernel

/// Digital learning sites (stationary and mobile) with bookable consultation hours. This
/// manifest is the module's first version; its features grow in the LearningSites issue.
public struct LearningSitesModule: Module {
    public static let manifest = ModuleManifest(
        id: "learning-sites",
        names: ["de": "Digitale Lernorte", "en": "Digital learning sites"],
        version: "0.1.0",
        kernel: "0.1.0"..<"0.2.0",
        settings: [
            SettingDefinition(
                "slotMinutes", .integer(5...240), default: 30,
                summary: "Length of a consultation slot when a site sets none"),
        ],
        actions: [
            ActionDeclaration(
                "learning-sites.manage", summary: "Manage learning sites and consultation hours",
                defaultRoles: [.regionAdmin, .organisationAdmin, .staff]),
        ],
        migrations: [
            Migration("001-create-sites", sql: """
                CREATE TABLE learning_sites (
                    id INTEGER PRIMARY KEY,
                    region TEXT NOT NULL,
                    name TEXT NOT NULL,
                    kind TEXT NOT NULL CHECK (kind IN ('stationary', 'mobile'))
                );
                CREATE INDEX learning_sites_region ON learning_sites (region);
                """),
        ],
        routes: [
            .api(.get, "/learning-sites", access: .public, summary: "Learning sites in the region") { _, context in
                struct Site: Codable { var id: Int64; var name: String; var kind: String }
                let sites = try context.read { db in
                    try db.fetchAll(Site.self, """
                        SELECT id, name, kind FROM learning_sites WHERE region = \(context.region.id) ORDER BY name LIMIT 100
                        """)
                }
                return .json(Array(try JSONEncoder().encode(["items": sites])))
            },
        ],
        navigation: [NavigationEntry(titleKey: "learning-sites.navigation", path: "/learning-sites", order: 10)],
        catalog: LearningSitesStrings.catalog
    )
}
