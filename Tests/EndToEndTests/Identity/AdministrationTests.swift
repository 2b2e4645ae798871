import Foundation
import HTTP
import Kernel
import Testing
import TeilhabeTesting

/// A region admin's work over the API: members, roles, permissions, organisations, audit log.
@Suite(.serialized) final class AdministrationTests {
    let server: TestServer
    let admin: TestSession

    init() throws {
        server = try TwoRegions.server()
        try server.createAccount("admin@example.org", name: "Ada Admin", roles: ["north": [.regionAdmin]])
        admin = try server.signIn("admin@example.org", region: "north")
    }

    deinit { server.stop() }

    func send(_ method: HTTP.Method, _ path: String, _ json: String = "{}", as session: TestSession? = nil) throws -> TestResponse {
        try server.client().sendJSON(method, "/api/v1/north/de\(path)", json, headers: (session ?? admin).headers)
    }

    func count(_ sql: SQL) throws -> Int { try server.storage.read { try $0.scalar(Int.self, sql) } ?? -1 }

    @Test func addingAMemberCreatesTheAccountAndRecordsIt() throws {
        let added = try send(.post, "/members", #"{"email": "Bo@Example.org", "display_name": "Bo", "roles": [{"role": "staff"}]}"#)
        #expect(added.status == 201)
        #expect(try added.json()["email"]?.stringValue == "bo@example.org")
        let members = try send(.get, "/members")
        #expect(try members.json()["items"]?.arrayValue?.map { $0["email"]?.stringValue } == ["admin@example.org", "bo@example.org"])
        let log = try send(.get, "/audit-log").json()["items"]?.arrayValue ?? []
        #expect(log.first?["action"]?.stringValue == "kernel.member-added")
        #expect(log.first?["actor"]?.stringValue == "Ada Admin <admin@example.org>")
        #expect(log.first?["region"]?.stringValue == "north")
    }

    @Test func badMemberInputNamesTheFieldAndChangesNothing() throws {
        try server.createAccount("bo@example.org", roles: ["north": [.staff]])
        let before = try count("SELECT count(*) FROM kernel_memberships") + count("SELECT count(*) FROM kernel_accounts")
        let cases: [(String, Int, String)] = [
            (#"{"email": "not an address", "roles": [{"role": "staff"}]}"#, 422, "email"),
            (#"{"email": "bo@example.org", "roles": [{"role": "staff"}]}"#, 409, "email"),
            (#"{"email": "cy@example.org", "roles": [{"role": "king"}]}"#, 422, "roles[0].role"),
            (#"{"email": "cy@example.org", "roles": [{"role": "operator"}]}"#, 422, "roles[0].role"),
            (#"{"email": "cy@example.org", "roles": []}"#, 422, "roles"),
            (#"{"email": "cy@example.org", "display_name": "\#(String(repeating: "x", count: 101))", "roles": [{"role": "staff"}]}"#, 422, "display_name"),
            (#"{"email": "cy@example.org", "roles": [{"role": "staff", "organisation_id": 999}]}"#, 422, "roles"),
            (#"{"email": "\#(String(repeating: "a", count: 300))@example.org", "roles": [{"role": "staff"}]}"#, 422, "email"),
            (#"{"roles": [{"role": "staff"}]}"#, 400, "email"),
        ]
        for (body, status, field) in cases {
            let response = try send(.post, "/members", body)
            #expect(response.status == status, "\(body.prefix(60))")
            #expect(try response.json()["error"]?["field"]?.stringValue == field, "\(body.prefix(60))")
        }
        #expect(try count("SELECT count(*) FROM kernel_memberships") + count("SELECT count(*) FROM kernel_accounts") == before)
    }

    @Test func rolesChangeAndTheLastAdminStays() throws {
        let bo = try server.createAccount("bo@example.org", roles: ["north": [.staff]])
        #expect(try send(.put, "/members/\(bo)/roles", #"{"roles": [{"role": "volunteer"}, {"role": "participant"}]}"#).status == 200)
        #expect(try count("SELECT count(*) FROM kernel_memberships WHERE account_id = \(bo) AND region = 'north'") == 2)
        let adminID = try #require(try server.storage.read { try $0.scalar(Int64.self, "SELECT id FROM kernel_accounts WHERE email = 'admin@example.org'") })
        let last = try send(.put, "/members/\(adminID)/roles", #"{"roles": [{"role": "staff"}]}"#)
        #expect(last.status == 422)
        #expect(try count("SELECT count(*) FROM kernel_memberships WHERE account_id = \(adminID) AND role = 'region-admin'") == 1)
        #expect(try send(.delete, "/members/\(bo)").status == 204)
        #expect(try count("SELECT count(*) FROM kernel_memberships WHERE account_id = \(bo)") == 0)
        #expect(try send(.delete, "/members/\(bo)").status == 404)
    }

    @Test func membersOfAnotherRegionAreOutOfReach() throws {
        let other = try server.createAccount("south@example.org", roles: ["south": [.staff]])
        #expect(try send(.put, "/members/\(other)/roles", #"{"roles": [{"role": "participant"}]}"#).status == 404)
        #expect(try send(.delete, "/members/\(other)").status == 404)
        #expect(try count("SELECT count(*) FROM kernel_memberships WHERE account_id = \(other) AND role = 'staff' AND region = 'south'") == 1)
        // And the north admin holds nothing in the south.
        let south = try server.client().send(.get, "/api/v1/south/de/members", headers: admin.headers)
        #expect(south.status == 403)
    }

    @Test func aDeniedActionIsTakenAwayEvenWhenAnotherRoleGrantsIt() throws {
        try server.createAccount("bo@example.org", roles: ["north": [.staff, .volunteer]])
        let bo = try server.signIn("bo@example.org", region: "north")
        func boHolds(_ action: String) throws -> Bool {
            try server.client().send(.get, "/api/v1/north/de/account", headers: bo.headers).json()["actions"]?.arrayValue?.contains(.string(action)) == true
        }
        #expect(try boHolds("workshops.manage"))
        let deny = try send(.put, "/permissions", #"{"action": "workshops.manage", "role": "volunteer", "effect": "deny"}"#)
        #expect(deny.status == 200)
        #expect(try !boHolds("workshops.manage"))
        let row = try deny.json()["items"]?.arrayValue?.first { $0["action"] == "workshops.manage" }
        #expect(row?["rules"]?["volunteer"] == "deny")
        #expect(try send(.put, "/permissions", #"{"action": "workshops.manage", "role": "volunteer", "effect": "default"}"#).status == 200)
        #expect(try boHolds("workshops.manage"))

        let lockout = try send(.put, "/permissions", #"{"action": "kernel.manage-members", "role": "region-admin", "effect": "deny"}"#)
        #expect(lockout.status == 422)
        #expect(try lockout.json()["error"]?["field"]?.stringValue == "effect")
        #expect(try send(.put, "/permissions", #"{"action": "nothing.here", "role": "staff", "effect": "grant"}"#).json()["error"]?["field"] == "action")
        #expect(try send(.put, "/permissions", #"{"action": "workshops.manage", "role": "staff", "effect": "maybe"}"#).json()["error"]?["field"] == "effect")
    }

    @Test func organisationsHavePublicProfilesAndValidatedFields() throws {
        let created = try send(.post, "/organisations", #"{"name": "Bürgerhaus", "kind": "association", "website": "https://buergerhaus.example", "contact_email": "Info@Buergerhaus.example"}"#)
        #expect(created.status == 201)
        #expect(try created.json()["contact_email"]?.stringValue == "info@buergerhaus.example")
        #expect(try send(.post, "/organisations", #"{"name": "Intern", "kind": "other", "public": false}"#).status == 201)
        let anonymous = try server.client().send(.get, "/api/v1/north/de/organisations")
        #expect(try anonymous.json()["items"]?.arrayValue?.map { $0["name"]?.stringValue } == ["Bürgerhaus"])
        #expect(try send(.get, "/organisations").json()["items"]?.arrayValue?.count == 2)
        #expect(try server.client().send(.get, "/api/v1/south/de/organisations").json()["items"]?.arrayValue?.count == 0)

        let invalid: [(String, String)] = [
            (#"{"name": "", "kind": "association"}"#, "name"),
            (#"{"name": "X", "kind": "club"}"#, "kind"),
            (#"{"name": "X", "kind": "other", "website": "javascript:alert(1)"}"#, "website"),
            (#"{"name": "X", "kind": "other", "contact_email": "nope"}"#, "contact_email"),
            (#"{"name": "X", "kind": "other", "contact_phone": "call me"}"#, "contact_phone"),
            (#"{"name": "X", "kind": "other", "description": "\#(String(repeating: "d", count: 5001))"}"#, "description"),
            (#"{"name": "Bürgerhaus", "kind": "other"}"#, "name"),
        ]
        for (body, field) in invalid {
            #expect(try send(.post, "/organisations", body).json()["error"]?["field"]?.stringValue == field, "\(body.prefix(50))")
        }
        #expect(try count("SELECT count(*) FROM kernel_organisations") == 2)
    }
}
