import Foundation
import HTTP
import Kernel

/// Newsletters with double opt-in, multilingual issues and an archive. This manifest is the
/// module's first version.
public struct NewsletterModule: Module {
    public static let manifest = ModuleManifest(
        id: "newsletter",
        names: ["de": "Newsletter", "en": "Newsletter"],
        version: "0.1.0",
        kernel: "0.1.0"..<"0.2.0",
        settings: [
            SettingDefinition("senderName", .string, default: "Teilhabe", summary: "Name shown as the sender"),
        ],
        actions: [
            ActionDeclaration(
                "newsletter.send", summary: "Write and send newsletter issues",
                defaultRoles: [.regionAdmin, .staff]),
        ],
        migrations: [
            Migration("001-create-issues", sql: """
                CREATE TABLE newsletter_issues (
                    id INTEGER PRIMARY KEY,
                    region TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    sent_at INTEGER
                );
                CREATE INDEX newsletter_issues_region_sent ON newsletter_issues (region, sent_at);
                """),
        ],
        routes: [
            .api(.get, "/newsletter/issues", access: .public, summary: "Archive of sent issues") { _, context in
                struct Issue: Codable { var id: Int64; var subject: String }
                let issues = try context.read { db in
                    try db.fetchAll(Issue.self, """
                        SELECT id, subject FROM newsletter_issues
                        WHERE region = \(context.region.id) AND sent_at IS NOT NULL
                        ORDER BY sent_at DESC LIMIT 20
                        """)
                }
                return .json(Array(try JSONEncoder().encode(["items": issues])))
            },
        ],
        navigation: [NavigationEntry(titleKey: "newsletter.navigation", path: "/newsletter", order: 40)],
        catalog: NewsletterStrings.catalog
    )
}
