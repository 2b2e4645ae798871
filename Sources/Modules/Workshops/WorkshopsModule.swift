import HTTP
import Kernel

/// Workshops: programmes of trainings with registration, waiting lists, attendance,
/// reminders and the facts funders ask for.
public struct WorkshopsModule: Module {
    static let id = "workshops"
    static let manage = "workshops.manage"

    public static let manifest = ModuleManifest(
        id: id,
        names: ["de": "Workshops", "en": "Workshops"],
        version: "0.1.0",
        kernel: "0.1.0"..<"0.2.0",
        settings: [
            SettingDefinition(
                "defaultCapacity", .integer(1...10_000), default: 20,
                summary: "Places a workshop offers when the coordinator sets none"),
            SettingDefinition(
                "reminderHours", .integer(0...720), default: 24,
                summary: "Hours before each session that confirmed participants are reminded (0: no reminders)"),
        ],
        actions: [
            ActionDeclaration(
                manage, summary: "Create, edit and publish workshops; manage participants, attendance and messages",
                defaultRoles: [.regionAdmin, .organisationAdmin, .staff]),
        ],
        migrations: WorkshopsSchema.migrations,
        routes: WorkshopsAPI.routes,
        jobs: WorkshopJobs.all,
        privacy: WorkshopsPrivacy.hooks,
        navigation: [NavigationEntry(titleKey: "workshops.navigation", path: "/workshops", order: 20)],
        catalog: WorkshopsStrings.catalog,
        calendar: WorkshopCalendar.source,
        contentKinds: [WorkshopTextStore.kind],
        homeSections: [HomeContribution("workshops.next", order: 20, handler: WorkshopPages.homeSection)],
        facts: WorkshopFacts.all,
        demo: WorkshopsDemo.content
    )
}
