/// The identity area of the kernel: accounts, sessions, API tokens, memberships and roles,
/// organisations, the audit log. Its migrations are recorded as `kernel.identity`.
public enum IdentityArea {
    /// Add, change and remove the members of a region and their roles.
    public static let manageMembers = "kernel.manage-members"
    /// Change which roles hold which action in a region.
    public static let managePermissions = "kernel.manage-permissions"
    /// Create, edit and remove the organisations of a region.
    public static let manageOrganisations = "kernel.manage-organisations"
    /// Read the region's audit log.
    public static let readAuditLog = "kernel.read-audit-log"

    static let area = KernelArea(
        id: "identity",
        actions: [
            ActionDeclaration(manageMembers, summary: "Add and remove members of the region and change their roles", defaultRoles: [.regionAdmin]),
            ActionDeclaration(managePermissions, summary: "Change which roles hold which action in the region", defaultRoles: [.regionAdmin]),
            ActionDeclaration(manageOrganisations, summary: "Create, edit and remove the region's organisations", defaultRoles: [.regionAdmin]),
            ActionDeclaration(readAuditLog, summary: "Read the log of administrative actions in the region", defaultRoles: [.regionAdmin]),
        ],
        migrations: IdentitySchema.migrations,
        routes: IdentityRoutes.all,
        privacy: IdentityPrivacy.hooks)
}
