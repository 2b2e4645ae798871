import Foundation
import HTTP
import Kernel
import SQLiteStorage

/// A real Teilhabe server for tests: its own configuration folder and SQLite file in a fresh
/// temporary directory, the given modules, listening on an ephemeral port of 127.0.0.1.
public final class TestServer {
    public let directory: String
    public let application: Application
    public let storage: SQLiteStorage
    public let port: Int
    private let logDescriptor: Int32

    /// - Parameters:
    ///   - modules: the module types to link, as the build-tool plugin would list them.
    ///   - regions: region files by id; by default one region `demo` (de, en, ar) enabling
    ///     every given module with its default settings.
    ///   - server: the server file's JSON; `listen` and `dataDirectory` are set for the test.
    public init(
        modules: [any Module.Type], regions: [String: String]? = nil, server: [String: JSONValue] = [:],
        identity: (any IdentityService)? = nil, clock: any TimeSource = SystemTime(),
        logLevel: Logger.Level = .warning, logToFile: Bool = false
    ) throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("teilhabe-test-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory + "/Configuration/regions", withIntermediateDirectories: true)
        var serverFile = server
        serverFile["listen"] = ["127.0.0.1:0"]
        serverFile["dataDirectory"] = .string(directory + "/data")
        serverFile["storage"] = .string("sqlite:\(directory)/data/teilhabe.sqlite")
        try Data(JSONValue.object(serverFile).encoded()).write(to: URL(fileURLWithPath: directory + "/Configuration/teilhabe.json"))
        let regionFiles = regions ?? ["demo": TestServer.demoRegion(enabling: modules.map { $0.manifest.id })]
        for (id, text) in regionFiles {
            try text.write(toFile: directory + "/Configuration/regions/\(id).json", atomically: true, encoding: .utf8)
        }

        let (registry, configuration) = try Boot.load(
            modules: modules, configurationDirectory: directory + "/Configuration", environment: [:])
        try FileManager.default.createDirectory(atPath: configuration.server.dataDirectory, withIntermediateDirectories: true)
        guard case .sqlite(let path) = configuration.server.storage else {
            throw TestServerError("test servers run on SQLite")
        }
        storage = try SQLiteStorage(path: path)
        try Migrator(storage: storage, modules: Boot.migrations(for: registry)).migrate()
        logDescriptor = logToFile ? try TestServer.openLog(directory + "/server.log") : 2
        application = try Application(
            configuration: configuration, registry: registry, storage: storage, identity: identity, clock: clock,
            logger: Logger(level: logLevel, fd: logDescriptor, buffered: false))
        try application.start()
        guard let port = application.boundPorts.first else { throw TestServerError("the server bound no port") }
        self.port = port
    }

    /// The server's log, when it was started with `logToFile`.
    public var logPath: String { directory + "/server.log" }

    /// The lines logged so far (with `logToFile`).
    public func logLines() -> [String] {
        ((try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    private static func openLog(_ path: String) throws -> Int32 {
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        guard fd >= 0 else { throw TestServerError("cannot open \(path) for the server log") }
        return fd
    }

    /// A region file enabling `modules` with default settings.
    public static func demoRegion(id: String = "demo", enabling modules: [String]) -> String {
        let enabled = modules.map { "\"\($0)\": {}" }.joined(separator: ", ")
        return """
            {"id": "\(id)", "names": {"de": "Demo", "en": "Demo"}, "timeZone": "Europe/Berlin",
             "languages": [{"code": "de"}, {"code": "en", "source": "de"}, {"code": "ar", "source": "en"}],
             "modules": {\(enabled)}}
            """
    }

    /// A new client connection to this server.
    public func client() -> TestClient {
        TestClient(port: port)
    }

    /// Stops the server, closes storage and removes the temporary directory.
    public func stop() {
        application.shutdown()
        storage.close()
        if logDescriptor != 2 { close(logDescriptor) }
        try? FileManager.default.removeItem(atPath: directory)
    }
}

public struct TestServerError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
