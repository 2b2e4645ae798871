/// Every route of the identity area: sign-in, account, administration; pages and JSON API.
enum IdentityRoutes {
    static let all: [Route] = []
}
