/// The reporting area of the kernel: funded projects with targets drawn from the facts
/// modules declare, tags of modules' things to projects' indicator categories, and reports
/// of target against actual as a page, CSV and JSON. Migrations are recorded as `kernel.reporting`.
enum ReportingArea {
    static let area = KernelArea(
        id: "reporting",
        actions: [
            ActionDeclaration(
                ReportingService.manageProjects, summary: "Define funded projects, their indicator categories and targets",
                defaultRoles: [.regionAdmin, .staff]),
            ActionDeclaration(
                ReportingService.readReports, summary: "Read indicators and the reports of funded projects",
                defaultRoles: [.regionAdmin, .organisationAdmin, .staff]),
        ],
        migrations: ReportingSchema.migrations,
        routes: ReportingPages.routes + ReportingAPI.routes)
}
