import Foundation
import Testing
@testable import Kernel

/// A configuration folder in a fresh temporary directory.
struct ConfigurationFolder {
    let path: String

    init(server: String = "{}", regions: [String: String]) throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("teilhabe-config-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path + "/regions", withIntermediateDirectories: true)
        try server.write(toFile: path + "/teilhabe.json", atomically: true, encoding: .utf8)
        for (id, text) in regions {
            try text.write(toFile: path + "/regions/\(id).json", atomically: true, encoding: .utf8)
        }
    }

    func load(environment: [String: String] = [:], modules: [ModuleManifest] = TestModules.manifests) throws(ConfigurationError) -> LoadedConfiguration {
        try ConfigurationLoader.load(directory: path, environment: environment, modules: modules)
    }

    /// The problem lines, or an empty list when the configuration loads.
    func problems(environment: [String: String] = [:], modules: [ModuleManifest] = TestModules.manifests) -> [String] {
        do {
            _ = try load(environment: environment, modules: modules)
            return []
        } catch {
            return error.problems.map(\.description)
        }
    }
}

enum TestModules {
    static let alpha = ModuleManifest(
        id: "alpha", version: "1.0.0", kernel: "0.1.0"..<"0.2.0",
        settings: [
            SettingDefinition("capacity", .integer(1...100), default: 10, summary: "places"),
            SettingDefinition("mode", .choice(["open", "closed"]), default: "open", summary: "mode"),
            SettingDefinition("welcome", .translatedText, default: ["de": "Willkommen"], summary: "welcome text"),
            SettingDefinition("contact", .string, summary: "contact address"),
        ])
    static let beta = ModuleManifest(id: "beta", version: "1.0.0", kernel: "0.1.0"..<"0.2.0", dependencies: ["alpha"])
    static let manifests = [alpha, beta]
}

let validRegion = """
    {
      "id": "north",
      "names": {"de": "Nord", "en": "North"},
      "timeZone": "Europe/Berlin",
      "languages": [{"code": "de"}, {"code": "en", "source": "de"}, {"code": "ar", "source": "en"}],
      "modules": {"alpha": {"contact": "team@example.org", "capacity": 30}, "beta": {}}
    }
    """

@Suite struct ConfigurationTests {
    @Test func validFolderLoadsWithDefaultsFilledIn() throws {
        let folder = try ConfigurationFolder(regions: ["north": validRegion])
        let configuration = try folder.load()
        #expect(configuration.server.listen.map(\.description) == ["[::]:8080", "0.0.0.0:8080"])
        #expect(configuration.server.storage == .sqlite(path: "data/teilhabe.sqlite"))
        let region = try #require(configuration.regions.first)
        #expect(region.id == "north")
        #expect(region.defaultLanguage == "de")
        #expect(region.timeZone.identifier == "Europe/Berlin")
        let alpha = try #require(region.modules["alpha"])
        #expect(alpha.integer("capacity") == 30)
        #expect(alpha.string("mode") == "open")
        #expect(alpha.text("welcome", language: "ar", region: region) == "Willkommen")
    }

    @Test func languageFallbackFollowsTheSourceTree() throws {
        let region = try #require(try ConfigurationFolder(regions: ["north": validRegion]).load().regions.first)
        #expect(region.fallbackChain(for: "ar") == ["ar", "en", "de"])
        #expect(region.fallbackChain(for: "en") == ["en", "de"])
        #expect(region.fallbackChain(for: "xx") == ["de"])
    }

    @Test func shippedServerFileIsValid() throws {
        // The shipped region files are checked against the real modules by the end-to-end tests.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let problems = ProblemCollector()
        let json = try #require(ConfigurationLoader.readJSON(at: root.path + "/Configuration/teilhabe.json", problems: problems))
        let settings = ServerSettingsReader.read(json, file: "teilhabe.json", origins: [:], problems: problems)
        #expect(problems.problems.isEmpty)
        #expect(settings?.http.maxBodyBytes == 1_048_576)
    }

    @Test func problemsNameFileAndKeyPath() throws {
        let folder = try ConfigurationFolder(
            server: #"{"listen": ["nonsense"], "logLevel": "loud", "limits": {"maxBodyBytes": "big", "maxHeaderCont": 3}}"#,
            regions: ["north": """
                {
                  "id": "north",
                  "names": {"de": "Nord", "fr": "Nord"},
                  "timeZone": "Mars/Olympus",
                  "languages": [{"code": "de"}, {"code": "en", "source": "xx"}],
                  "modules": {"alpha": {"capacity": 500, "mode": "maybe", "colour": "red"}, "gamma": {}}
                }
                """])
        let problems = folder.problems()
        let server = folder.path + "/teilhabe.json"
        let region = folder.path + "/regions/north.json"
        #expect(problems.contains("\(server): listen[0]: 'nonsense' is not an address like 0.0.0.0:8080 or [::]:8080 (port 0–65535)"))
        #expect(problems.contains("\(server): logLevel: 'loud' is not one of debug, info, warning, error"))
        #expect(problems.contains("\(server): limits.maxBodyBytes: must be an integer, found string"))
        #expect(problems.contains { $0.hasPrefix("\(server): limits.maxHeaderCont: unknown key") })
        #expect(problems.contains("\(region): timeZone: 'Mars/Olympus' is not an IANA time zone such as Europe/Berlin"))
        #expect(problems.contains("\(region): languages[1].source: 'xx' is not one of the region's languages"))
        #expect(problems.contains("\(region): names.fr: language 'fr' is not one of the region's languages"))
        #expect(problems.contains("\(region): modules.alpha.capacity: must be between 1 and 100, found 500"))
        #expect(problems.contains("\(region): modules.alpha.mode: 'maybe' is not one of open, closed"))
        #expect(problems.contains { $0.hasPrefix("\(region): modules.alpha.colour: unknown setting") })
        #expect(problems.contains("\(region): modules.alpha.contact: is required (contact address)"))
        #expect(problems.contains("\(region): modules.gamma: module 'gamma' is not linked into this binary (linked: alpha, beta)"))
    }

    @Test func regionMustEnableDependencies() throws {
        let folder = try ConfigurationFolder(regions: ["north": """
            {"id": "north", "names": {"de": "Nord"}, "timeZone": "UTC",
             "languages": [{"code": "de"}], "modules": {"beta": {}}}
            """])
        #expect(folder.problems() == ["\(folder.path)/regions/north.json: modules.beta: module 'beta' needs module 'alpha', which this region does not enable"])
    }

    @Test func languageTreeNeedsOneRootAndNoCycles() throws {
        let folder = try ConfigurationFolder(regions: ["north": """
            {"id": "north", "names": {"de": "Nord"}, "timeZone": "UTC",
             "languages": [{"code": "de", "source": "en"}, {"code": "en", "source": "de"}], "modules": {}}
            """])
        let problems = folder.problems()
        #expect(problems.contains { $0.contains("languages: exactly one language must have no source") })
        #expect(problems.contains { $0.contains("translation sources form a cycle") })
    }

    @Test func regionIDMustMatchFileAndNotBeReserved() throws {
        let folder = try ConfigurationFolder(regions: [
            "north": #"{"id": "south", "names": {"de": "Süd"}, "timeZone": "UTC", "languages": [{"code": "de"}], "modules": {}}"#,
            "api": #"{"id": "api", "names": {"de": "API"}, "timeZone": "UTC", "languages": [{"code": "de"}], "modules": {}}"#,
        ])
        let problems = folder.problems()
        #expect(problems.contains("\(folder.path)/regions/north.json: id: 'south' must match the file name 'north.json'"))
        #expect(problems.contains("\(folder.path)/regions/api.json: id: 'api' is reserved for the server's own paths"))
    }

    @Test func invalidJSONIsReportedWithTheFile() throws {
        let folder = try ConfigurationFolder(regions: ["north": #"{"id": "north", "#])
        let problems = folder.problems()
        #expect(problems.count == 1)
        #expect(problems.first?.hasPrefix("\(folder.path)/regions/north.json: is not valid JSON") == true)
    }

    @Test func environmentOverridesTheServerFile() throws {
        let folder = try ConfigurationFolder(server: #"{"listen": ["127.0.0.1:8080"], "dataDirectory": "here"}"#, regions: ["north": validRegion])
        let configuration = try folder.load(environment: [
            "TEILHABE_PORT": "9090", "TEILHABE_DATA": "/srv/teilhabe", "TEILHABE_MAX_BODY_BYTES": "2048",
            "TEILHABE_TRUSTED_PROXIES": "10.0.0.0/8, ::1", "TEILHABE_LOG_LEVEL": "warning",
        ])
        #expect(configuration.server.listen.map(\.description) == ["127.0.0.1:9090"])
        #expect(configuration.server.dataDirectory == "/srv/teilhabe")
        #expect(configuration.server.http.maxBodyBytes == 2048)
        #expect(configuration.server.trustedProxies.map(\.description) == ["10.0.0.0/8", "::1"])
        #expect(configuration.server.logLevel == .warning)
    }

    @Test func badEnvironmentValuesNameTheVariable() throws {
        let folder = try ConfigurationFolder(regions: ["north": validRegion])
        let problems = folder.problems(environment: ["TEILHABE_PORT": "eighty", "TEILHABE_MAX_BODY_BYTES": "lots"])
        #expect(problems.contains("environment TEILHABE_PORT: 'eighty' is not a port number (0–65535)"))
        #expect(problems.contains("environment TEILHABE_MAX_BODY_BYTES: limits.maxBodyBytes: must be an integer, found string"))
    }
}

@Suite struct IPAddressRangeTests {
    @Test func matchesAddressesInsideTheRange() throws {
        let private10 = try #require(IPAddressRange(parsing: "10.0.0.0/8"))
        #expect(private10.contains("10.1.2.3"))
        #expect(!private10.contains("11.0.0.1"))
        #expect(private10.contains("::ffff:10.0.0.7"))
        let local6 = try #require(IPAddressRange(parsing: "fd00::/8"))
        #expect(local6.contains("fd12:3456::1"))
        #expect(!local6.contains("fe80::1"))
        #expect(IPAddressRange(parsing: "10.0.0.0/33") == nil)
        #expect(IPAddressRange(parsing: "example.org") == nil)
    }
}
