import Foundation
import Kernel
import Synchronization
import Testing
import SQLiteStorage
import TeilhabeTesting

/// The `teilhabe` executable as an operator runs it.
enum Binary {
    /// The executable SwiftPM built beside this test bundle.
    static var path: String {
        let me = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: me).deletingLastPathComponent().appendingPathComponent("teilhabe").path
    }

    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    struct Result {
        var status: Int32
        var output: String
        var errors: String
    }

    /// Runs the executable to completion.
    static func run(_ arguments: [String], environment: [String: String] = [:], in directory: String? = nil) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("TEILHABE_") }.merging(environment) { $1 }
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self),
            errors: String(decoding: errorData, as: UTF8.self))
    }
}

/// A scratch copy of the shipped configuration, with its own data folder.
struct Deployment {
    let directory: String

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("teilhabe-deploy-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Binary.repositoryRoot + "/Configuration", toPath: directory + "/Configuration")
    }

    var environment: [String: String] {
        ["TEILHABE_LISTEN": "127.0.0.1:0", "TEILHABE_DATA": directory + "/data", "TEILHABE_STORAGE": "sqlite:\(directory)/data/teilhabe.sqlite"]
    }

    func run(_ arguments: [String], environment extra: [String: String] = [:]) throws -> Binary.Result {
        try Binary.run(arguments, environment: environment.merging(extra) { $1 }, in: directory)
    }

    func remove() { try? FileManager.default.removeItem(atPath: directory) }
}

/// A `teilhabe serve` process, with its standard output collected as it comes.
final class ServingProcess {
    /// Output lines, appended by the pipe's reading thread.
    final class Lines: Sendable {
        let lines = Mutex<[String]>([])
    }

    let process = Process()
    private let collected = Lines()

    init(_ deployment: Deployment) throws {
        process.executableURL = URL(fileURLWithPath: Binary.path)
        process.arguments = ["serve"]
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("TEILHABE_") }.merging(deployment.environment) { $1 }
        process.currentDirectoryURL = URL(fileURLWithPath: deployment.directory)
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        let collected = self.collected
        output.fileHandleForReading.readabilityHandler = { handle in
            let text = String(decoding: handle.availableData, as: UTF8.self)
            collected.lines.withLock { $0 += text.split(separator: "\n").map(String.init) }
        }
        try process.run()
    }

    var output: [String] { collected.lines.withLock { $0 } }

    /// The port from the `listening` log line, once it appears.
    func waitForPort(seconds: Int = 60) throws -> Int {
        for _ in 0..<(seconds * 20) {
            for line in output where line.contains("\"msg\":\"listening\"") {
                let json = try JSONValue.parse(Array(line.utf8))
                if let port = json["ports"]?.arrayValue?.first?.integerValue { return Int(port) }
            }
            if !process.isRunning { break }
            usleep(50_000)
        }
        throw TestServerError("no listening line; output: \(output.joined(separator: "\n"))")
    }

    /// Sends SIGTERM and waits for the exit status.
    func terminate() -> Int32 {
        process.terminate()
        process.waitUntilExit()
        return process.terminationStatus
    }
}

@Suite struct BinaryTests {
    @Test func modulesListsEveryLinkedModuleWithItsVersion() throws {
        let result = try Binary.run(["modules"])
        #expect(result.status == 0)
        for id in ["echo", "learning-sites", "mentoring", "newsletter", "workshops"] {
            #expect(result.output.split(separator: "\n").contains { $0.hasPrefix(id) && $0.contains("0.1.0") })
        }
        #expect(result.output.contains("(needs learning-sites)"))
    }

    @Test func shippedConfigurationChecksClean() throws {
        let result = try Binary.run(["config", "check", "--config", Binary.repositoryRoot + "/Configuration"])
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output.contains("region demo: languages de, en, tr, uk, ru, ar, fa"))
    }

    @Test func configCheckPrintsOneLinePerProblemAndExits3() throws {
        let deployment = try Deployment()
        defer { deployment.remove() }
        let region = deployment.directory + "/Configuration/regions/demo.json"
        var text = try String(contentsOfFile: region, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"echo\": {}", with: "\"echo\": {}, \"food-bank\": {}")
        text = text.replacingOccurrences(of: "\"defaultCapacity\": 20", with: "\"defaultCapacity\": \"many\"")
        try text.write(toFile: region, atomically: true, encoding: .utf8)
        let result = try deployment.run(["config", "check"], environment: ["TEILHABE_PORT": "http"])
        #expect(result.status == 3)
        let lines = result.errors.split(separator: "\n").map(String.init)
        #expect(lines.contains("Configuration/regions/demo.json: modules.food-bank: module 'food-bank' is not linked into this binary (linked: echo, learning-sites, mentoring, newsletter, workshops)"))
        #expect(lines.contains("Configuration/regions/demo.json: modules.workshops.defaultCapacity: must be an integer, found string"))
        #expect(lines.contains("environment TEILHABE_PORT: 'http' is not a port number (0–65535)"))
        #expect(lines.count == 3)
    }

    @Test func helpAndUsageErrors() throws {
        let help = try Binary.run(["--help"])
        #expect(help.status == 0)
        #expect(help.output.contains("EXIT CODES"))
        for command in ["serve", "migrate", "config", "modules", "backup", "jobs", "version"] {
            let result = try Binary.run([command, "--help"])
            #expect(result.status == 0)
            #expect(result.output.hasPrefix("teilhabe \(command) — "))
        }
        #expect(try Binary.run(["frobnicate"]).status == 2)
        #expect(try Binary.run(["backup"]).status == 2)
    }

    @Test func servesMigratesAndStopsCleanlyOnSIGTERM() throws {
        let deployment = try Deployment()
        defer { deployment.remove() }
        let serving = try ServingProcess(deployment)
        let port = try serving.waitForPort()
        let client = TestClient(port: port)
        #expect(try client.send(.get, "/healthz").status == 200)
        #expect(try client.send(.get, "/readyz").status == 200)
        #expect(try client.send(.get, "/api/v1/demo/de/workshops").status == 200)

        // A consistent online copy while the server runs.
        let copy = deployment.directory + "/backup.sqlite"
        let backup = try deployment.run(["backup", copy])
        #expect(backup.status == 0, "\(backup.errors)")
        #expect(FileManager.default.fileExists(atPath: copy))

        client.close()
        #expect(serving.terminate() == 0)
        let requestLines = serving.output.filter { $0.contains("\"msg\":\"request\"") }
        #expect(requestLines.count >= 3)
        #expect(requestLines.allSatisfy { (try? JSONValue.parse(Array($0.utf8)))?["request_id"] != nil })
        #expect(serving.output.contains { $0.contains("\"msg\":\"stopped\"") })
    }

    @Test func aChangedAppliedMigrationStopsTheServer() throws {
        let deployment = try Deployment()
        defer { deployment.remove() }
        let migrate = try deployment.run(["migrate"])
        #expect(migrate.status == 0, "\(migrate.errors)")
        #expect(migrate.output.contains("applied workshops/001-create-workshops"))
        #expect(try deployment.run(["migrate"]).output.contains("nothing to apply"))

        // Simulate someone editing an applied migration: the recorded checksum no longer matches.
        let storage = try SQLiteStorage(path: deployment.directory + "/data/teilhabe.sqlite")
        try storage.write { db in
            try db.execute("UPDATE kernel_migrations SET checksum = 'edited' WHERE module = 'workshops' AND id = '001-create-workshops'")
        }
        storage.close()

        let serve = try deployment.run(["serve"])
        #expect(serve.status == 3)
        #expect(serve.errors.contains("workshops"))
        #expect(serve.errors.contains("001-create-workshops"))
    }
}
