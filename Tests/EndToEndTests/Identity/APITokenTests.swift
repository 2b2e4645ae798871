import Foundation
import HTTP
import Kernel
import Testing
import TeilhabeTesting

/// API tokens: shown once, stored hashed, scoped to a region and actions, expiring, revocable.
@Suite(.serialized) final class APITokenTests {
    let clock = TestClock()
    let server: TestServer
    let admin: TestSession

    init() throws {
        server = try TwoRegions.server(clock: clock)
        try server.createAccount("admin@example.org", roles: ["north": [.regionAdmin], "south": [.regionAdmin]])
        admin = try server.signIn("admin@example.org", region: "north")
    }

    deinit { server.stop() }

    func createToken(_ json: String, region: String = "north", session: TestSession? = nil) throws -> TestResponse {
        try server.client().sendJSON(.post, "/api/v1/\(region)/de/account/tokens", json, headers: (session ?? admin).headers)
    }

    func bearer(_ secret: String) -> [(String, String)] { [("Authorization", "Bearer \(secret)")] }

    @Test func aTokenIsShownOnceStoredHashedAndWorksForItsActions() throws {
        let created = try createToken(#"{"name": "reporting", "actions": ["kernel.manage-members"], "expires_in_days": 30}"#)
        #expect(created.status == 201)
        let secret = try #require(try created.json()["secret"]?.stringValue)
        #expect(secret.hasPrefix("tlh_"))
        let stored = try server.storage.read { try $0.scalar(String.self, "SELECT token_hash FROM kernel_api_tokens") }
        #expect(stored != secret && stored?.count == 64)
        let listed = try server.client().send(.get, "/api/v1/north/de/account/tokens", headers: admin.headers)
        #expect(!listed.text.contains(secret))
        #expect(try listed.json()["items"]?.arrayValue?.first?["name"] == "reporting")

        let members = try server.client().send(.get, "/api/v1/north/de/members", headers: bearer(secret))
        #expect(members.status == 200)
        // The account may read the audit log, the token may not.
        #expect(try server.client().send(.get, "/api/v1/north/de/audit-log", headers: admin.headers).status == 200)
        #expect(try server.client().send(.get, "/api/v1/north/de/audit-log", headers: bearer(secret)).status == 403)
        // A token cannot manage the account it belongs to.
        #expect(try server.client().send(.get, "/api/v1/north/de/account", headers: bearer(secret)).status == 403)
    }

    @Test func aTokenIsRefusedInAnotherRegionAfterRevocationAndAfterExpiry() throws {
        let secret = try #require(try createToken(#"{"name": "sync", "actions": ["kernel.manage-members"], "expires_in_days": 1}"#).json()["secret"]?.stringValue)
        let elsewhere = try server.client().send(.get, "/api/v1/south/de/members", headers: bearer(secret))
        #expect(elsewhere.status == 403)
        clock.advance(by: 86_401)
        let expired = try server.client().send(.get, "/api/v1/north/de/members", headers: bearer(secret))
        #expect(expired.status == 401)
        #expect(expired.headers["WWW-Authenticate"]?.contains("invalid_token") == true)

        // The day also ended the admin's session; a new one creates the next token.
        let fresh = try server.signIn("admin@example.org", region: "north")
        let second = try #require(try createToken(#"{"name": "sync 2", "actions": ["kernel.manage-members"]}"#, session: fresh).json()["secret"]?.stringValue)
        let id = try #require(try server.storage.read { try $0.scalar(Int64.self, "SELECT id FROM kernel_api_tokens WHERE name = 'sync 2'") })
        #expect(try server.client().send(.get, "/api/v1/north/de/members", headers: bearer(second)).status == 200)
        let revoke = try server.client().send(
            .delete, "/api/v1/north/de/account/tokens/\(id)", headers: fresh.headers + [("Content-Type", "application/json")])
        #expect(revoke.status == 204)
        #expect(try server.client().send(.get, "/api/v1/north/de/members", headers: bearer(second)).status == 401)
        #expect(try server.client().send(.get, "/api/v1/north/de/members", headers: bearer("tlh_forged")).status == 401)
        #expect(try server.client().send(.get, "/api/v1/north/de/members", headers: [("Authorization", "Basic abc")]).status == 401)
    }

    @Test func aTokenOnlyCarriesActionsItsAccountHolds() throws {
        let refused = try createToken(#"{"name": "too much", "actions": ["kernel.manage-members", "not.an-action"]}"#)
        #expect(refused.status == 422)
        #expect(try refused.json()["error"]?["field"]?.stringValue == "actions")
        #expect(try createToken(#"{"name": "", "actions": ["kernel.manage-members"]}"#).json()["error"]?["field"]?.stringValue == "name")
        #expect(try createToken(#"{"name": "x", "actions": ["kernel.manage-members"], "expires_in_days": 5000}"#).json()["error"]?["field"]?.stringValue == "expires_in_days")
        #expect(try server.storage.read { try $0.scalar(Int.self, "SELECT count(*) FROM kernel_api_tokens") } == 0)

        // Taking the role away narrows the token too.
        let secret = try #require(try createToken(#"{"name": "members", "actions": ["kernel.manage-members"]}"#).json()["secret"]?.stringValue)
        let id = try #require(try server.storage.read { try $0.scalar(Int64.self, "SELECT id FROM kernel_accounts WHERE email = 'admin@example.org'") })
        try server.storage.write { db in try Memberships.set([Membership(role: .staff)], of: id, in: "north", now: Date(), db: db) }
        #expect(try server.client().send(.get, "/api/v1/north/de/members", headers: bearer(secret)).status == 403)
    }
}
