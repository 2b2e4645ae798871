import Foundation
import HTTP
import Kernel

/// Digital learning sites (stationary rooms and mobile teams) with opening hours, tour plans,
/// bookable consultation hours and peer helpers: how a newcomer finds a site near them, open
/// now, in their language, and books a consultation.
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
            SettingDefinition(
                "bookingWeeks", .integer(1...26), default: 8,
                summary: "How many weeks ahead consultation slots can be booked"),
            SettingDefinition(
                "contactRetentionDays", .integer(1...365), default: 30,
                summary: "Days after a consultation until the booker's name, e-mail, phone and note are erased"),
            SettingDefinition(
                "topics", .stringList, default: .array(Topics.all.map(JSONValue.string)),
                summary: "Consultation topics offered in the region (of: \(Topics.all.joined(separator: ", ")))"),
        ],
        actions: [
            ActionDeclaration(
                "learning-sites.manage", summary: "Manage the learning sites of one's organisations: details, hours, consultation hours, tours, helpers",
                defaultRoles: [.regionAdmin, .organisationAdmin, .staff]),
            ActionDeclaration(
                "learning-sites.manage-all", summary: "Manage every learning site of the region",
                defaultRoles: [.regionAdmin]),
            ActionDeclaration(
                "learning-sites.consult", summary: "See the day's consultations at one's sites and record attendance and outcome",
                defaultRoles: [.regionAdmin, .organisationAdmin, .staff, .volunteer]),
            ActionDeclaration(
                "learning-sites.report", summary: "Count consultations (booked, held, no-shows) and export them as CSV",
                defaultRoles: [.regionAdmin, .organisationAdmin, .staff]),
        ],
        migrations: LearningSitesSchema.migrations,
        routes: LearningSitesRoutes.all,
        jobs: LearningSitesJobs.all,
        privacy: LearningSitesPrivacy.hooks,
        navigation: [
            NavigationEntry(titleKey: "learning-sites.navigation", path: "/learning-sites", order: 10),
            NavigationEntry(titleKey: "learning-sites.navigation-admin", path: "/learning-sites/admin", access: .action("learning-sites.manage"), order: 11),
        ],
        catalog: LearningSitesStrings.catalog,
        calendar: SiteCalendar.source,
        contentKinds: [
            ContentKind(SiteTexts.kind, path: "/learning-sites/{slug}", names: ["de": "Lernort", "en": "Learning site"],
                        editAction: "learning-sites.manage"),
        ],
        homeSections: [HomeContribution("learning-sites.open-consultations", order: 20, handler: LearningSitesHome.openConsultations)],
        facts: LearningSitesFacts.all,
        demo: LearningSitesDemo.content
    )
}
