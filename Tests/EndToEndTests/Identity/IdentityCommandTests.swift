import Foundation
import Kernel
import SQLiteStorage
import Testing
import TeilhabeTesting

/// `teilhabe user …` and `teilhabe privacy …` as an operator runs them, against a server that
/// serves the result.
@Suite struct IdentityCommandTests {
    /// Runs the binary in `deployment` with `input` on standard input.
    func run(_ deployment: Deployment, _ arguments: [String], input: String) throws -> Binary.Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Binary.path)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("TEILHABE_") }.merging(deployment.environment) { $1 }
        process.currentDirectoryURL = URL(fileURLWithPath: deployment.directory)
        let stdin = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = stdin
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Binary.Result(status: process.terminationStatus, output: String(decoding: out, as: UTF8.self), errors: String(decoding: err, as: UTF8.self))
    }

    @Test func theFirstOperatorIsCreatedAndSignsInToTheServer() throws {
        let deployment = try Deployment()
        defer { deployment.remove() }
        let created = try run(deployment, ["user", "create", "--email", "Ana@Example.org", "--name", "Ana", "--role", "operator", "--password-stdin"], input: "Spreeufer im Herbst\n")
        #expect(created.status == 0, "\(created.errors)")
        #expect(created.output.contains("created account 1 ana@example.org (operator)"))

        let serving = try ServingProcess(deployment)
        defer { _ = serving.terminate() }
        let client = TestClient(port: try serving.waitForPort())
        let signIn = try client.sendJSON(.post, "/api/v1/demo/de/sign-in", #"{"email": "ana@example.org", "password": "Spreeufer im Herbst"}"#)
        #expect(signIn.status == 200)
        #expect(try signIn.json()["roles"]?.arrayValue == ["operator"])
        #expect(try signIn.json()["actions"]?.arrayValue?.contains("kernel.manage-members") == true)
    }

    @Test func createWithoutPasswordPrintsALinkAndBadInputIsRefused() throws {
        let deployment = try Deployment()
        defer { deployment.remove() }
        let created = try deployment.run(["user", "create", "--email", "bo@example.org", "--role", "region-admin", "--region", "demo"])
        #expect(created.status == 0, "\(created.errors)")
        #expect(created.output.contains("http://localhost:8080/demo/de/new-password?token="))

        let duplicate = try deployment.run(["user", "create", "--email", "BO@example.org"])
        #expect(duplicate.status == 1)
        #expect(duplicate.errors.contains("exists already"))
        #expect(try deployment.run(["user", "create", "--email", "not-an-address"]).errors.contains("--email 'not-an-address'"))
        #expect(try deployment.run(["user", "create", "--email", "cy@example.org", "--role", "staff"]).errors.contains("needs --region"))
        #expect(try deployment.run(["user", "create", "--email", "cy@example.org", "--role", "king"]).status == 2)
        let weak = try run(deployment, ["user", "create", "--email", "cy@example.org", "--password-stdin"], input: "passwort123\n")
        #expect(weak.status == 2)
        #expect(weak.errors.contains("common"))

        let list = try deployment.run(["user", "list"])
        #expect(list.output.split(separator: "\n").count == 1, "only bo was created: \(list.output)")
        #expect(list.output.contains("bo@example.org") && list.output.contains("region-admin"))
    }

    @Test func disablingGrantingAndPrivacyFromTheCommandLine() throws {
        let deployment = try Deployment()
        defer { deployment.remove() }
        #expect(try run(deployment, ["user", "create", "--email", "mia@example.org", "--password-stdin"], input: "Spreeufer im Herbst\n").status == 0)
        #expect(try deployment.run(["user", "grant", "--email", "mia@example.org", "--role", "volunteer", "--region", "demo"]).status == 0)
        #expect(try deployment.run(["user", "list", "--region", "demo"]).output.contains("volunteer"))
        let disabled = try deployment.run(["user", "disable", "mia@example.org"])
        #expect(disabled.status == 0)
        #expect(try deployment.run(["user", "list"]).output.contains("disabled"))

        let exportPath = deployment.directory + "/mia.json"
        let export = try deployment.run(["privacy", "export", "mia@example.org", "--output", exportPath])
        #expect(export.status == 0, "\(export.errors)")
        let document = try JSONValue.parse(Array(try Data(contentsOf: URL(fileURLWithPath: exportPath))))
        #expect(document["kernel"]?["identity"]?["account"]?["email"]?.stringValue == "mia@example.org")
        #expect(document["kernel"]?["identity"]?["memberships"]?.arrayValue?.count == 1)
        let permissions = try FileManager.default.attributesOfItem(atPath: exportPath)[.posixPermissions] as? Int
        #expect(permissions == 0o600)

        #expect(try deployment.run(["privacy", "erase", "mia@example.org"]).status == 2, "erasure needs --yes")
        let erase = try deployment.run(["privacy", "erase", "mia@example.org", "--yes"])
        #expect(erase.status == 0, "\(erase.errors)")
        #expect(erase.output.contains("account deleted"))
        #expect(try deployment.run(["user", "list"]).output.contains("no accounts"))

        let storage = try SQLiteStorage(path: deployment.directory + "/data/teilhabe.sqlite")
        defer { storage.close() }
        let actions = try storage.read { db in try db.query("SELECT action, actor FROM kernel_audit_log ORDER BY id").map { try $0.get("action", as: String.self) } }
        #expect(actions == ["kernel.account-created", "kernel.role-granted", "kernel.account-disabled", "kernel.privacy-erased"])
    }
}
