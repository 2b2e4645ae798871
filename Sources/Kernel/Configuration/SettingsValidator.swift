/// Checks a region's settings for one module against the module's schema, filling defaults.
public enum SettingsValidator {
    static func validate(
        _ value: JSONValue?, schema: [SettingDefinition], languages: Set<String>,
        file: String, path: String, problems: ProblemCollector
    ) -> ModuleSettings? {
        let given: [String: JSONValue]
        switch value {
        case nil, .null?, .bool(true)?: given = [:]
        case .object(let object)?: given = object
        case let other?:
            problems.report(file, path, "must be an object of settings (or {} for the defaults), found \(other.typeName)")
            return nil
        }
        let before = problems.problems.count
        let known = Set(schema.map(\.key))
        for key in given.keys.sorted() where !known.contains(key) {
            let expected = known.isEmpty ? "this module has no settings" : "known settings: \(known.sorted().joined(separator: ", "))"
            problems.report(file, "\(path).\(key)", "unknown setting (\(expected))")
        }
        var values: [String: JSONValue] = [:]
        for definition in schema {
            let keyPath = "\(path).\(definition.key)"
            guard let value = given[definition.key], value != .null else {
                if let fallback = definition.defaultValue {
                    values[definition.key] = fallback
                } else {
                    problems.report(file, keyPath, "is required (\(definition.summary))")
                }
                continue
            }
            if let message = problem(with: value, for: definition.kind, languages: languages) {
                problems.report(file, keyPath, message)
            } else {
                values[definition.key] = value
            }
        }
        return problems.problems.count == before ? ModuleSettings(values: values) : nil
    }

    /// Why `value` does not fit `kind`, or nil when it does. Also used to check the defaults
    /// that manifests declare.
    public static func problem(with value: JSONValue, for kind: SettingDefinition.Kind, languages: Set<String>?) -> String? {
        switch kind {
        case .string:
            return value.stringValue == nil ? "must be a string, found \(value.typeName)" : nil
        case .integer(let range):
            guard let number = value.integerValue else { return "must be an integer, found \(value.typeName)" }
            if let range, !range.contains(number) {
                return "must be between \(range.lowerBound) and \(range.upperBound), found \(number)"
            }
            return nil
        case .number:
            return value.doubleValue == nil ? "must be a number, found \(value.typeName)" : nil
        case .boolean:
            return value.boolValue == nil ? "must be true or false, found \(value.typeName)" : nil
        case .choice(let options):
            guard let text = value.stringValue else { return "must be one of \(options.joined(separator: ", ")), found \(value.typeName)" }
            return options.contains(text) ? nil : "'\(text)' is not one of \(options.joined(separator: ", "))"
        case .stringList:
            guard let items = value.arrayValue, items.allSatisfy({ $0.stringValue != nil }) else {
                return "must be an array of strings"
            }
            return nil
        case .translatedText:
            guard let texts = value.objectValue, texts.values.allSatisfy({ $0.stringValue != nil }) else {
                return "must be an object of texts per language ({\"de\": \"…\", \"en\": \"…\"})"
            }
            if let languages, let stray = texts.keys.sorted().first(where: { !languages.contains($0) }) {
                return "language '\(stray)' is not one of the region's languages"
            }
            return nil
        }
    }
}
