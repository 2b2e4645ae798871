import Foundation
import HTTP
import Kernel

/// Echo der Vielfalt: a public showcase of migrants' engagement and an exchange space for
/// organisations. This manifest is the module's first version.
public struct EchoModule: Module {
    public static let manifest = ModuleManifest(
        id: "echo",
        names: ["de": "Echo der Vielfalt", "en": "Echo of diversity"],
        version: "0.1.0",
        kernel: "0.1.0"..<"0.2.0",
        settings: [
            SettingDefinition(
                "moderateStories", .boolean, default: true,
                summary: "Stories wait for a moderator before they are published"),
        ],
        actions: [
            ActionDeclaration(
                "echo.moderate", summary: "Publish, edit and remove stories and exchange posts",
                defaultRoles: [.regionAdmin, .staff]),
            ActionDeclaration(
                "echo.post", summary: "Write stories and exchange posts for an organisation",
                defaultRoles: [.regionAdmin, .organisationAdmin, .staff, .volunteer]),
        ],
        migrations: [
            Migration("001-create-stories", sql: """
                CREATE TABLE echo_stories (
                    id INTEGER PRIMARY KEY,
                    region TEXT NOT NULL,
                    title TEXT NOT NULL,
                    published_at INTEGER
                );
                CREATE INDEX echo_stories_region_published ON echo_stories (region, published_at);
                """),
        ],
        routes: [
            .api(.get, "/echo/stories", access: .public, summary: "Published stories, newest first") { _, context in
                struct Story: Codable { var id: Int64; var title: String }
                let stories = try context.read { db in
                    try db.fetchAll(Story.self, """
                        SELECT id, title FROM echo_stories
                        WHERE region = \(context.region.id) AND published_at IS NOT NULL
                        ORDER BY published_at DESC LIMIT 20
                        """)
                }
                return .json(Array(try JSONEncoder().encode(["items": stories])))
            },
        ],
        navigation: [NavigationEntry(titleKey: "echo.navigation", path: "/echo", order: 30)],
        catalog: EchoStrings.catalog
    )
}
