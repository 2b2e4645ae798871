import Foundation
import HTTP
import Kernel
import Testing
import TeilhabeTesting

/// A person's data, exported and erased from their account, across the kernel and modules.
@Suite(.serialized) final class PrivacyTests {
    let server: TestServer
    let account: Int64

    init() throws {
        server = try TestServer(modules: allModules)
        try server.createAccount("admin@example.org", roles: ["demo": [.regionAdmin]])
        account = try server.createAccount("mia@example.org", name: "Mia", roles: ["demo": [.volunteer]])
        try server.storage.write { db in
            try db.execute("INSERT INTO mentoring_mentors (region, display_name, languages, account_id) VALUES ('demo', 'Mia M.', 'de,fa', \(account))")
            try db.execute("INSERT INTO mentoring_mentors (region, display_name, languages) VALUES ('demo', 'Someone else', 'tr')")
            try AuditLog.record(region: "demo", actor: AuditActor(accountID: account, label: "Mia <mia@example.org>"),
                                action: "kernel.organisation-created", subject: "organisation 1", at: Date(), in: db)
            try db.execute("""
                INSERT INTO kernel_bookables (id, region, owner, reference, title, capacity, confirmed, created_at)
                VALUES (1, 'demo', 'workshops', '1', 'Smartphone basics', 10, 2, \(Date()))
                """)
            try db.execute("""
                INSERT INTO kernel_bookings (region, bookable_id, state, name, email, created_at, updated_at)
                VALUES ('demo', 1, 'confirmed', 'Mia M.', 'mia@example.org', \(Date()), \(Date())),
                       ('demo', 1, 'confirmed', 'Someone else', 'else@example.org', \(Date()), \(Date()))
                """)
        }
    }

    deinit { server.stop() }

    @Test func theExportHoldsTheAccountAndWhatModulesKeep() throws {
        let session = try server.signIn("mia@example.org")
        let response = try server.client().send(.get, "/api/v1/demo/de/account/export", headers: session.headers)
        #expect(response.status == 200)
        #expect(response.headers["Content-Disposition"]?.contains("attachment") == true)
        let document = try response.json()
        #expect(document["format"]?.stringValue == PrivacyService.exportFormat)
        #expect(document["kernel"]?["identity"]?["account"]?["email"]?.stringValue == "mia@example.org")
        #expect(document["kernel"]?["identity"]?["memberships"]?.arrayValue?.first?["role"]?.stringValue == "volunteer")
        #expect(document["kernel"]?["identity"]?["sessions"]?.arrayValue?.count == 1)
        #expect(document["kernel"]?["identity"]?["administrativeActions"]?.arrayValue?.count == 1)
        #expect(document["modules"]?["mentoring"]?.arrayValue?.first?["displayName"]?.stringValue == "Mia M.")
        #expect(document["kernel"]?["bookings"]?.arrayValue?.map { $0["title"]?.stringValue } == ["Smartphone basics"])
        #expect(!response.text.contains("Someone else"))
        #expect(!response.text.contains("password_hash") && !response.text.contains("scrypt$"))
    }

    @Test func erasureNeedsThePasswordThenForgetsThePersonAndKeepsCounts() throws {
        let session = try server.signIn("mia@example.org")
        let refused = try server.client().sendJSON(.post, "/api/v1/demo/de/account/erase", #"{"password": "wrong wrong wrong"}"#, headers: session.headers)
        #expect(refused.status == 422)
        #expect(try refused.json()["error"]?["field"]?.stringValue == "password")
        #expect(try server.storage.read { try $0.scalar(Int.self, "SELECT count(*) FROM kernel_accounts WHERE id = \(account)") } == 1)

        let erased = try server.client().sendJSON(
            .post, "/api/v1/demo/de/account/erase", #"{"password": "\#(TestServer.testPassword)"}"#, headers: session.headers)
        #expect(erased.status == 200)
        #expect(try erased.json()["modules"]?.arrayValue == ["learning-sites", "mentoring", "workshops"])
        #expect(try erased.json()["anonymised"]?.integerValue == 3)
        func count(_ sql: SQL) throws -> Int? { try server.storage.read { try $0.scalar(Int.self, sql) } }
        #expect(try count("SELECT count(*) FROM kernel_accounts WHERE email = 'mia@example.org'") == 0)
        #expect(try count("SELECT count(*) FROM kernel_sessions") == 0)
        #expect(try count("SELECT count(*) FROM kernel_memberships WHERE account_id = \(account)") == 0)
        #expect(try count("SELECT count(*) FROM mentoring_mentors") == 2, "counts stay")
        #expect(try count("SELECT count(*) FROM mentoring_mentors WHERE display_name LIKE 'Mia%'") == 0)
        #expect(try count("SELECT count(*) FROM kernel_bookings") == 2, "places stay taken")
        #expect(try count("SELECT count(*) FROM kernel_bookings WHERE email = 'mia@example.org' OR name LIKE 'Mia%'") == 0)
        #expect(try count("SELECT count(*) FROM kernel_audit_log WHERE actor LIKE '%mia%'") == 0)
        let actor = try server.storage.read { try $0.scalar(String.self, "SELECT actor FROM kernel_audit_log WHERE action = 'kernel.privacy-erased'") }
        #expect(actor == "the person themself")
        #expect(try server.client().send(.get, "/api/v1/demo/de/account", headers: session.headers).status == 401)
    }
}
