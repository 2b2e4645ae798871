import Foundation
import HTTP

/// Everything the server reads before it starts: the server file and every region file,
/// validated together against the linked modules.
public struct LoadedConfiguration: Sendable {
    public var directory: String
    public var server: ServerSettings
    /// Regions by id, in id order.
    public var regions: [Region]

    public init(directory: String, server: ServerSettings, regions: [Region]) {
        self.directory = directory
        self.server = server
        self.regions = regions
    }
}

/// Reads `<directory>/teilhabe.json` and `<directory>/regions/*.json`, applies environment
/// overrides (see `ServerSettingsReader.environmentKeys`), and validates everything,
/// collecting every problem rather than stopping at the first.
public enum ConfigurationLoader {
    public static let serverFileName = "teilhabe.json"
    public static let regionsFolderName = "regions"

    public static func load(
        directory: String, environment: [String: String], modules: [ModuleManifest]
    ) throws(ConfigurationError) -> LoadedConfiguration {
        let problems = ProblemCollector()
        let serverPath = (directory as NSString).appendingPathComponent(serverFileName)
        var serverJSON = readJSON(at: serverPath, problems: problems) ?? .object([:])
        let origins = ServerSettingsReader.applyEnvironment(environment, to: &serverJSON, problems: problems)
        let server = ServerSettingsReader.read(serverJSON, file: serverPath, origins: origins, problems: problems)

        let regionsFolder = (directory as NSString).appendingPathComponent(regionsFolderName)
        var regions: [Region] = []
        let files: [String]
        do {
            files = try FileManager.default.contentsOfDirectory(atPath: regionsFolder)
                .filter { $0.hasSuffix(".json") }.sorted()
        } catch {
            problems.report(regionsFolder, "", "cannot read the regions folder (\(describe(error)))")
            files = []
        }
        if files.isEmpty, FileManager.default.fileExists(atPath: regionsFolder) {
            problems.report(regionsFolder, "", "holds no region files (<id>.json); the server needs at least one region")
        }
        for name in files {
            let path = (regionsFolder as NSString).appendingPathComponent(name)
            guard let json = readJSON(at: path, problems: problems) else { continue }
            let expectedID = String(name.dropLast(".json".count))
            if let region = RegionReader.read(json, file: path, expectedID: expectedID, modules: modules, problems: problems) {
                regions.append(region)
            }
        }

        guard problems.problems.isEmpty, let server else { throw ConfigurationError(problems.problems) }
        return LoadedConfiguration(directory: directory, server: server, regions: regions)
    }

    /// Parses a JSON file; reports a missing file or a syntax error with its position.
    static func readJSON(at path: String, problems: ProblemCollector) -> JSONValue? {
        guard let data = FileManager.default.contents(atPath: path) else {
            problems.report(path, "", FileManager.default.fileExists(atPath: path) ? "cannot be read" : "does not exist")
            return nil
        }
        do {
            return try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            problems.report(path, "", "is not valid JSON: \(describe(error))")
            return nil
        }
    }

    static func describe(_ error: any Error) -> String {
        if case DecodingError.dataCorrupted(let context) = error {
            if let underlying = context.underlyingError { return String(describing: underlying) }
            return context.debugDescription
        }
        if let error = error as? CocoaError, let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError {
            return underlying.localizedDescription
        }
        return (error as NSError).localizedDescription
    }
}
