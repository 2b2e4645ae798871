import Foundation

/// Validates one region file (`Configuration/regions/<id>.json`) against the linked modules.
enum RegionReader {
    /// First path segments the kernel uses itself, which therefore cannot be region ids.
    static let reservedIDs: Set<String> = [
        "api", "healthz", "readyz", "metrics", "static", "assets", "favicon.ico", "robots.txt", "sitemap.xml",
    ]

    static func read(
        _ json: JSONValue, file: String, expectedID: String, modules: [ModuleManifest], problems: ProblemCollector
    ) -> Region? {
        guard let root = ObjectReader(json, file: file, path: "", problems: problems) else { return nil }
        let before = problems.problems.count
        root.rejectUnknownKeys(["id", "names", "timeZone", "languages", "modules", "selfRegistration", "demoContent"])

        let id = root.string("id", required: true) ?? expectedID
        if root.object["id"] != nil {
            if id != expectedID {
                problems.report(file, "id", "'\(id)' must match the file name '\(expectedID).json'")
            } else if !Identifier.isValidSlug(id) {
                problems.report(file, "id", "'\(id)' must be lowercase letters, digits and hyphens, starting with a letter or digit")
            } else if reservedIDs.contains(id) {
                problems.report(file, "id", "'\(id)' is reserved for the server's own paths")
            }
        }

        var timeZone = TimeZone(identifier: "UTC") ?? TimeZone.current
        if let name = root.string("timeZone", required: true) {
            if let zone = TimeZone(identifier: name) {
                timeZone = zone
            } else {
                problems.report(file, "timeZone", "'\(name)' is not an IANA time zone such as Europe/Berlin")
            }
        }

        let languages = readLanguages(root, file: file, problems: problems)
        let codes = Set(languages.map(\.code))
        let defaultLanguage = languages.first { $0.source == nil }?.code ?? "de"

        var names: [String: String] = [:]
        if let reader = root.object("names", required: true) {
            for key in reader.object.keys.sorted() {
                guard let name = reader.string(key) else { continue }
                if !codes.isEmpty, !codes.contains(key) {
                    problems.report(file, reader.keyPath(key), "language '\(key)' is not one of the region's languages")
                } else if name.trimmingCharacters(in: .whitespaces).isEmpty {
                    problems.report(file, reader.keyPath(key), "must not be empty")
                } else {
                    names[key] = name
                }
            }
            if names[defaultLanguage] == nil, !codes.isEmpty {
                problems.report(file, "names", "needs a name in the default language '\(defaultLanguage)'")
            }
        }

        var enabled: [String: ModuleSettings] = [:]
        let byID = Dictionary(modules.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        if let reader = root.object("modules", required: true) {
            for key in reader.object.keys.sorted() {
                guard let manifest = byID[key] else {
                    let linked = modules.map(\.id).sorted().joined(separator: ", ")
                    problems.report(file, reader.keyPath(key), "module '\(key)' is not linked into this binary (linked: \(linked.isEmpty ? "none" : linked))")
                    continue
                }
                let settings = SettingsValidator.validate(
                    reader.object[key], schema: manifest.settings, languages: codes,
                    file: file, path: reader.keyPath(key), problems: problems)
                if let settings { enabled[key] = settings }
            }
            for key in enabled.keys.sorted() {
                for dependency in byID[key]?.dependencies ?? [] where reader.object[dependency] == nil {
                    problems.report(file, reader.keyPath(key), "module '\(key)' needs module '\(dependency)', which this region does not enable")
                }
            }
        }

        let selfRegistration = root.bool("selfRegistration") ?? false
        let demoContent = root.bool("demoContent") ?? false

        guard problems.problems.count == before else { return nil }
        return Region(
            id: id, names: names, timeZone: timeZone, defaultLanguage: defaultLanguage,
            languages: languages, modules: enabled, allowsSelfRegistration: selfRegistration,
            demoContent: demoContent)
    }

    /// `"languages": [{"code": "de"}, {"code": "en", "source": "de"}, …]`: exactly one
    /// language without source (the default); every source is a language of the region;
    /// following sources always reaches the default (no cycles).
    private static func readLanguages(_ root: ObjectReader, file: String, problems: ProblemCollector) -> [Region.Language] {
        guard let value = root.object["languages"] else {
            problems.report(file, "languages", "is required")
            return []
        }
        guard case .array(let items) = value, !items.isEmpty else {
            problems.report(file, "languages", "must be a non-empty array of {\"code\": …, \"source\": …}")
            return []
        }
        var languages: [Region.Language] = []
        for (index, item) in items.enumerated() {
            guard let reader = ObjectReader(item, file: file, path: "languages[\(index)]", problems: problems) else { continue }
            reader.rejectUnknownKeys(["code", "source"])
            guard let code = reader.string("code", required: true) else { continue }
            if !Identifier.isValidLanguageCode(code) {
                problems.report(file, reader.keyPath("code"), "'\(code)' is not a language code such as de, en or pt-BR")
                continue
            }
            if languages.contains(where: { $0.code == code }) {
                problems.report(file, reader.keyPath("code"), "'\(code)' is listed twice")
                continue
            }
            languages.append(Region.Language(code: code, source: reader.string("source")))
        }
        let roots = languages.filter { $0.source == nil }
        if roots.count != 1, !languages.isEmpty {
            problems.report(file, "languages", "exactly one language must have no source (the default language); found \(roots.count): \(roots.map(\.code).joined(separator: ", "))")
        }
        let codes = Set(languages.map(\.code))
        for (index, language) in languages.enumerated() {
            guard let source = language.source else { continue }
            if !codes.contains(source) {
                problems.report(file, "languages[\(index)].source", "'\(source)' is not one of the region's languages")
                continue
            }
            var seen: Set<String> = [language.code]
            var current: String? = source
            while let code = current {
                if !seen.insert(code).inserted {
                    problems.report(file, "languages[\(index)].source", "translation sources form a cycle through '\(language.code)'")
                    break
                }
                current = languages.first { $0.code == code }?.source
            }
        }
        return languages
    }
}

/// Checks the syntax of identifiers used in configuration and manifests.
public enum Identifier {
    /// Lowercase ASCII letters, digits and hyphens, starting with a letter or digit, at most 63.
    public static func isValidSlug(_ text: String) -> Bool {
        guard let first = text.utf8.first, text.utf8.count <= 63, !text.hasSuffix("-") else { return false }
        func allowed(_ byte: UInt8) -> Bool {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        }
        return allowed(first) && text.utf8.allSatisfy { allowed($0) || $0 == UInt8(ascii: "-") }
    }

    /// `de`, `en`, `fa`, `pt-BR`, `sr-Latn`: a 2–3 letter primary subtag, then subtags of 2–8.
    public static func isValidLanguageCode(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard let primary = parts.first, (2...3).contains(primary.count),
              primary.allSatisfy({ $0.isASCII && $0.isLowercase }) else { return false }
        return parts.dropFirst().allSatisfy { part in
            (2...8).contains(part.count) && part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
        }
    }
}
