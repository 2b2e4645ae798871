import Foundation
import HTTP
import Kernel

/// Echo der Vielfalt: a public showcase of migrants' engagement and an exchange space for
/// organisations. Stories live in the kernel's content store (multilingual, versioned,
/// searchable); the exchange space comes with Echo's own issue.
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
        migrations: EchoSchema.migrations,
        routes: EchoStoriesAPI.routes + EchoStoryPages.routes,
        navigation: [NavigationEntry(titleKey: "echo.navigation", path: "/echo", order: 30)],
        catalog: EchoStrings.catalog,
        contentKinds: [
            ContentKind(
                EchoStories.kind, path: "/echo/stories/{slug}", names: ["de": "Geschichte", "en": "Story"],
                editAction: "echo.moderate"),
        ],
        homeSections: [HomeContribution("echo.latest-stories", order: 30, handler: EchoStories.homeSection)],
        demo: EchoDemo.content
    )
}
