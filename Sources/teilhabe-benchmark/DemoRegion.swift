import Foundation
import Kernel

/// The shipped demo region as its file describes it (id, time zone, languages), for seeding
/// through the content store. The benchmark links no modules, so it reads the one file
/// rather than loading and validating the whole configuration.
enum DemoRegion {
    static func read(configuration: String) throws -> Region {
        let path = configuration + "/regions/demo.json"
        let json = try JSONValue.parse(Array(try Data(contentsOf: URL(fileURLWithPath: path))))
        let languages = (json["languages"]?.arrayValue ?? []).compactMap { language in
            language["code"]?.stringValue.map { Region.Language(code: $0, source: language["source"]?.stringValue) }
        }
        guard !languages.isEmpty else { throw BenchmarkError("\(path) lists no languages") }
        return Region(
            id: "demo", names: ["de": "Demo"], timeZone: TimeZone(identifier: json["timeZone"]?.stringValue ?? "Europe/Berlin") ?? .current,
            defaultLanguage: languages[0].code, languages: languages, modules: [:])
    }
}
