import Kernel

/// Which sites the caller may manage: every site of the region with `learning-sites.manage-all`
/// (region admins), otherwise the sites of the organisations the caller holds a role for.
struct SiteAccess: Sendable {
    let all: Bool
    let organisations: Set<Int64>

    /// For managing sites (staff and admins of the hosting organisation).
    init(managing context: RequestContext) {
        self.init(context, action: "learning-sites.manage", roles: [.organisationAdmin, .staff])
    }

    /// For the day's consultations (staff, admins and volunteers of the hosting organisation).
    init(consulting context: RequestContext) {
        self.init(context, action: "learning-sites.consult", roles: [.organisationAdmin, .staff, .volunteer])
    }

    /// For counting consultations: the report routes' own action, so that someone who may
    /// read reports but not manage sites sees the sites of their organisations.
    init(reporting context: RequestContext) {
        self.init(context, action: "learning-sites.report", roles: [.organisationAdmin, .staff, .volunteer])
    }

    private init(_ context: RequestContext, action: String, roles: Set<Role>) {
        all = context.allows("learning-sites.manage-all")
        organisations = context.allows(action)
            ? Set(context.principal.organisationRoles.filter { !$0.value.isDisjoint(with: roles) }.keys) : []
    }

    func allows(_ site: LearningSite) -> Bool {
        all || site.organisationID.map(organisations.contains) == true
    }

    /// `AND s.organisation_id IN (…)` unless every site is allowed.
    func filter(_ alias: String) -> SQL {
        all ? "" : " AND \(raw: alias).organisation_id IN (\(list: organisations.sorted()))"
    }
}
