import Foundation
import Kernel

/// Peer helpers of a site in storage; their languages join the site's and their hours'.
enum HelperStore {
    static func add(name: String, languages: [String], account: Int64?, to site: LearningSite, context: RequestContext, in db: any DatabaseTransaction) throws -> Int64 {
        try checkAccount(account, context: context, in: db)
        guard let id = try db.query("""
            INSERT INTO learning_sites_helpers (region, site_id, display_name, languages, account_id, created_at)
            VALUES (\(context.region.id), \(site.id), \(name), \(JSONColumn.text(languages)), \(account), \(context.now))
            RETURNING id
            """).first.map({ try $0.get("id", as: Int64.self) }) else { throw HTTPError.notFound() }
        try SiteStore.refreshLanguages(siteID: site.id, region: context.region.id, in: db)
        return id
    }

    static func update(
        _ id: Int64, name: String, languages: [String], account: Int64?, of site: LearningSite, context: RequestContext, in db: any DatabaseTransaction
    ) throws {
        try checkAccount(account, context: context, in: db)
        let changed = try db.execute("""
            UPDATE learning_sites_helpers SET display_name = \(name), languages = \(JSONColumn.text(languages)), account_id = \(account)
            WHERE region = \(context.region.id) AND site_id = \(site.id) AND id = \(id)
            """)
        guard changed == 1 else { throw HTTPError.notFound("There is no peer helper \(id) at this site") }
        try SiteStore.refreshLanguages(siteID: site.id, region: context.region.id, in: db)
    }

    static func remove(_ id: Int64, of site: LearningSite, context: RequestContext, in db: any DatabaseTransaction) throws {
        let region = context.region.id
        guard try db.scalar(Int.self, "SELECT 1 FROM learning_sites_helpers WHERE region = \(region) AND site_id = \(site.id) AND id = \(id)") == 1 else {
            throw HTTPError.notFound("There is no peer helper \(id) at this site")
        }
        try db.execute("DELETE FROM learning_sites_helper_hours WHERE region = \(region) AND helper_id = \(id)")
        try db.execute("DELETE FROM learning_sites_helpers WHERE region = \(region) AND id = \(id)")
        try SiteStore.refreshLanguages(siteID: site.id, region: region, in: db)
    }

    /// A helper's account must belong to the region.
    private static func checkAccount(_ account: Int64?, context: RequestContext, in db: any DatabaseConnection) throws {
        guard let account else { return }
        guard try Memberships.isMember(account, of: context.region.id, db: db) else {
            throw InputProblem.unknownChoice(field: "account", value: String(account))
        }
    }
}
