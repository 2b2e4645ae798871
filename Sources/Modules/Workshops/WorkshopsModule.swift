import HTTP
import Kernel

/// Workshops: programmes of trainings with registration, waiting lists, attendance and
/// reminders. This manifest is the module's first version; its features grow in the
/// Workshops issue.
public struct WorkshopsModule: Module {
    public static let manifest = ModuleManifest(
        id: "workshops",
        names: ["de": "Workshops", "en": "Workshops"],
        version: "0.1.0",
        kernel: "0.1.0"..<"0.2.0",
        settings: [
            SettingDefinition(
                "defaultCapacity", .integer(1...10_000), default: 20,
                summary: "Places a workshop offers when the coordinator sets none"),
        ],
        actions: [
            ActionDeclaration(
                "workshops.manage", summary: "Create, edit and publish workshops",
                defaultRoles: [.regionAdmin, .organisationAdmin, .staff]),
        ],
        migrations: WorkshopsSchema.migrations,
        routes: [
            .api(.get, "/workshops", access: .public, summary: "Upcoming workshops in the region", handler: WorkshopsAPI.list),
        ],
        navigation: [NavigationEntry(titleKey: "workshops.navigation", path: "/workshops", order: 20)],
        catalog: WorkshopsStrings.catalog
    )
}
