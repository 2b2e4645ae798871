import Foundation
import HTTP
import Kernel
import Testing
import TeilhabeTesting

/// The account and administration pages, used through their forms.
@Suite(.serialized) final class AccountPageTests {
    let server: TestServer

    init() throws {
        server = try TestServer(modules: allModules)
    }

    deinit { server.stop() }

    func form(_ path: String, _ fields: [(String, String)], as session: inout TestSession) throws -> TestResponse {
        let response = try server.client().sendForm(path, fields + [("_csrf", try server.csrfToken(for: session))], headers: session.headers)
        session.absorb(response)
        return response
    }

    func page(_ path: String, as session: TestSession) throws -> TestResponse {
        try server.client().send(.get, path, headers: session.headers)
    }

    @Test func theAccountPageChangesNameLanguageAndPassword() throws {
        try server.createAccount("ana@example.org", name: "Ana", roles: ["demo": [.staff]])
        var session = try server.signIn("ana@example.org")
        let tooLong = try form("/demo/de/account", [("display_name", String(repeating: "a", count: 101)), ("language", "de")], as: &session)
        #expect(tooLong.status == 422)
        #expect(tooLong.text.contains("Bitte verwenden Sie höchstens 100 Zeichen."))
        let saved = try form("/demo/de/account", [("display_name", "Ana Beispiel"), ("language", "ar")], as: &session)
        #expect(saved.status == 303)
        #expect(saved.headers["Location"] == "/demo/ar/account?notice=saved")
        let arabic = try page("/demo/ar/account", as: session)
        #expect(arabic.text.contains(#"<html lang="ar" dir="rtl">"#))
        #expect(arabic.text.contains("Ana Beispiel"))

        let wrong = try form("/demo/de/account/password", [("current_password", "nicht richtig"), ("new_password", "Ein neues langes Passwort")], as: &session)
        #expect(wrong.status == 422)
        #expect(wrong.text.contains("Das ist nicht Ihr bisheriges Passwort."))
        let other = try server.signIn("ana@example.org")
        let before = session
        let changed = try form("/demo/de/account/password", [("current_password", TestServer.testPassword), ("new_password", "Ein neues langes Passwort")], as: &session)
        #expect(changed.status == 303)
        #expect(session.cookies != before.cookies, "this browser gets a new session")
        #expect(try page("/demo/de/account", as: session).status == 200)
        #expect(try page("/demo/de/account", as: other).status == 303, "the other browser is signed out")
    }

    @Test func sessionsAndTokensAreManagedFromThePage() throws {
        try server.createAccount("admin@example.org", roles: ["demo": [.regionAdmin]])
        var laptop = try server.signIn("admin@example.org")
        let phone = try server.signIn("admin@example.org")
        let account = try page("/demo/de/account", as: laptop)
        #expect(account.text.contains("Dieser Browser") && account.text.contains("Ein anderer Browser"))
        let phoneID = try #require(try server.storage.read { try $0.scalar(Int64.self, "SELECT max(id) FROM kernel_sessions") })
        #expect(try form("/demo/de/account/sessions/\(phoneID)/end", [], as: &laptop).status == 303)
        #expect(try page("/demo/de/account", as: phone).status == 303)

        let missing = try form("/demo/de/account/tokens", [("name", ""), ("expires_in_days", "0")], as: &laptop)
        #expect(missing.status == 422)
        #expect(missing.text.contains("Bitte wählen Sie mindestens eine Aktion."))
        let created = try form("/demo/de/account/tokens", [("name", "Statistik"), ("actions", "kernel.read-audit-log"), ("expires_in_days", "30")], as: &laptop)
        #expect(created.status == 200)
        #expect(created.headers["Cache-Control"] == "no-store")
        let secret = try #require(created.text.range(of: "tlh_").map { String(created.text[$0.lowerBound...].prefix { $0 != "<" && $0 != " " }) })
        #expect(try server.client().send(.get, "/api/v1/demo/de/audit-log", headers: [("Authorization", "Bearer \(secret)")]).status == 200)
        #expect(!(try page("/demo/de/account", as: laptop).text.contains(secret)), "the secret is shown once")
        let id = try #require(try server.storage.read { try $0.scalar(Int64.self, "SELECT id FROM kernel_api_tokens") })
        #expect(try form("/demo/de/account/tokens/\(id)/revoke", [], as: &laptop).status == 303)
        #expect(try server.client().send(.get, "/api/v1/demo/de/audit-log", headers: [("Authorization", "Bearer \(secret)")]).status == 401)
    }

    @Test func deletingTheAccountNeedsThePassword() throws {
        try server.createAccount("mia@example.org")
        var session = try server.signIn("mia@example.org")
        let export = try page("/demo/de/account/export", as: session)
        #expect(export.status == 200)
        #expect(try export.json()["kernel"]?["identity"]?["account"]?["email"]?.stringValue == "mia@example.org")
        #expect(try form("/demo/de/account/erase", [("password", "falsch falsch")], as: &session).status == 422)
        let erased = try form("/demo/de/account/erase", [("password", TestServer.testPassword)], as: &session)
        #expect(erased.status == 303)
        #expect(erased.headers["Location"] == "/demo/de/sign-in?notice=deleted")
        #expect(try server.storage.read { try $0.scalar(Int.self, "SELECT count(*) FROM kernel_accounts") } == 0)
    }

    @Test func regionAdminsManageMembersPermissionsAndOrganisationsOnPages() throws {
        try server.createAccount("admin@example.org", name: "Ada", roles: ["demo": [.regionAdmin]])
        var admin = try server.signIn("admin@example.org")
        let noRole = try form("/demo/de/admin/members", [("email", "bo@example.org")], as: &admin)
        #expect(noRole.status == 422)
        #expect(noRole.text.contains("Bitte wählen Sie mindestens eine Rolle."))
        #expect(try form("/demo/de/admin/members", [("email", "bo@example.org"), ("display_name", "Bo"), ("roles", "staff")], as: &admin).status == 303)
        let duplicate = try form("/demo/de/admin/members", [("email", "BO@example.org"), ("roles", "staff")], as: &admin)
        #expect(duplicate.status == 409)
        #expect(duplicate.text.contains("Diese Person ist schon Mitglied."))
        let bo = try #require(try server.storage.read { try $0.scalar(Int64.self, "SELECT id FROM kernel_accounts WHERE email = 'bo@example.org'") })

        let organisation = try form("/demo/de/admin/organisations", [("name", "Bürgerhaus"), ("kind", "association"), ("website", "ftp://x"), ("public", "on")], as: &admin)
        #expect(organisation.status == 422)
        #expect(organisation.text.contains("Bitte geben Sie eine Adresse ein, die mit https:// beginnt."))
        #expect(try form("/demo/de/admin/organisations", [("name", "Bürgerhaus"), ("kind", "association"), ("public", "on")], as: &admin).status == 303)
        let organisationID = try #require(try server.storage.read { try $0.scalar(Int64.self, "SELECT id FROM kernel_organisations") })

        #expect(try form("/demo/de/admin/members/\(bo)", [("roles", "volunteer"), ("organisations", String(organisationID))], as: &admin).status == 303)
        let held = try server.storage.read { db in try Memberships.list(of: bo, in: "demo", db: db) }
        #expect(Set(held) == [Membership(role: .volunteer), Membership(role: .organisationAdmin, organisationID: organisationID)])
        let adminID = try #require(try server.storage.read { try $0.scalar(Int64.self, "SELECT id FROM kernel_accounts WHERE email = 'admin@example.org'") })
        let lastAdmin = try form("/demo/de/admin/members/\(adminID)/remove", [], as: &admin)
        #expect(lastAdmin.status == 422)
        #expect(lastAdmin.text.contains("Die Region braucht mindestens eine Region-Admin."))

        var fields = [("rule:workshops.manage:volunteer", "grant")]
        let locked = try form("/demo/de/admin/permissions", fields + [("rule:kernel.manage-members:region-admin", "deny")], as: &admin)
        #expect(locked.status == 422)
        fields.append(("rule:echo.post:staff", "deny"))
        #expect(try form("/demo/de/admin/permissions", fields, as: &admin).status == 303)
        let rules = try server.storage.read { db in try Permissions.rules(region: "demo", in: db) }
        #expect(Set(rules) == [
            PermissionRule(action: "echo.post", role: .staff, effect: .deny),
            PermissionRule(action: "workshops.manage", role: .volunteer, effect: .grant),
        ])

        let log = try page("/demo/de/admin/audit-log", as: admin)
        #expect(log.status == 200)
        for action in ["kernel.member-added", "kernel.organisation-created", "kernel.member-roles-changed", "kernel.permission-changed"] {
            #expect(log.text.contains(action), "\(action)")
        }
        #expect(log.text.contains("Ada &lt;admin@example.org&gt;"))
    }
}
