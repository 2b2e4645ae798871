import Foundation
import HTTP
import Kernel
import Testing
import TeilhabeTesting

/// Who the caller is, from a test header: the actions they hold in every region.
struct HeaderIdentity: IdentityService {
    func principal(for request: Request, region: Region) throws -> Principal {
        guard let actions = request.headers["X-Test-Actions"] else { return .anonymous }
        return Principal(accountID: 1, displayName: "Admin", roles: [.regionAdmin], actions: Set(actions.split(separator: ",").map(String.init)))
    }
}

@Suite struct OutboxPageTests {
    @Test func regionAdminsReadTheirRegionsOutbox() throws {
        let server = try TestServer(
            modules: [], regions: ["demo": TestServer.demoRegion(enabling: []), "north": TestServer.demoRegion(id: "north", enabling: [])],
            server: ["jobs": fastJobs], identity: HeaderIdentity())
        defer { server.stop() }
        for (region, recipient) in [("demo", "ada@example.org"), ("demo", "bo@example.org"), ("north", "cy@example.org")] {
            try server.storage.write(.region(region)) { db in
                try server.application.services.mail.enqueue(
                    MailMessage(to: MailAddress(recipient), subject: "Termin <bestätigt>", text: "x"), in: db)
            }
        }
        #expect(eventually { (try? server.storage.read { try Outbox.entries(region: nil, limit: 10, in: $0) }.allSatisfy { $0.state == .sent }) == true })
        let client = server.client()
        // The anonymous are sent to sign in; without the permission the page does not exist;
        // the API asks for a login.
        #expect(try client.send(.get, "/demo/de/admin/outbox").status == 303)
        #expect(try client.send(.get, "/api/v1/demo/de/admin/outbox").status == 401)
        #expect(try client.send(.get, "/demo/de/admin/outbox", headers: [("X-Test-Actions", "kernel.other")]).status == 404)

        let admin = [("X-Test-Actions", "kernel.read-outbox")]
        let page = try client.send(.get, "/demo/de/admin/outbox", headers: admin)
        #expect(page.status == 200)
        #expect(page.text.contains("Ausgehende E-Mails"))
        #expect(page.text.contains("ada@example.org"))
        #expect(page.text.contains("bo@example.org"))
        #expect(!page.text.contains("cy@example.org"))
        #expect(page.text.contains("Termin &lt;bestätigt&gt;"))
        #expect(page.text.contains("Versendet"))
        let english = try client.send(.get, "/north/en/admin/outbox", headers: admin)
        #expect(english.text.contains("Outgoing mail") && english.text.contains("cy@example.org") && !english.text.contains("ada@"))

        let api = try client.send(.get, "/api/v1/demo/de/admin/outbox", headers: admin)
        let items = try #require(try api.json()["items"]?.arrayValue)
        #expect(items.compactMap { $0["recipient"]?.stringValue } == ["bo@example.org", "ada@example.org"])
        #expect(items.first?["state"]?.stringValue == "sent")
        let older = try client.send(.get, "/api/v1/demo/de/admin/outbox?before=\(items[0]["id"]?.integerValue ?? 0)", headers: admin)
        #expect(try older.json()["items"]?.arrayValue?.compactMap { $0["recipient"]?.stringValue } == ["ada@example.org"])
        #expect(try client.send(.get, "/api/v1/demo/de/admin/outbox?before=x", headers: admin).status == 400)
    }
}
