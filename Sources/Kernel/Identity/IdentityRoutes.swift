/// Every route of the identity area: sign-in, account, administration; pages and JSON API.
enum IdentityRoutes {
    static let all: [Route] = IdentityPages.routes + SessionAPI.routes + AccountFlowsAPI.routes + AccountAPI.routes
        + AdministrationAPI.routes + OrganisationsAPI.routes
}
