/// One thing wrong in the configuration, printed as `file: key.path: problem` so that an
/// operator can go straight to it.
public struct ConfigurationProblem: Sendable, Hashable, CustomStringConvertible {
    /// The file as given on the command line or found in the configuration folder, or the
    /// environment variable that set the value.
    public var file: String
    /// Dotted key path inside the file (`modules.workshops.defaultCapacity`), empty for the
    /// file as a whole.
    public var keyPath: String
    public var message: String

    public init(file: String, keyPath: String, message: String) {
        self.file = file
        self.keyPath = keyPath
        self.message = message
    }

    public var description: String {
        keyPath.isEmpty ? "\(file): \(message)" : "\(file): \(keyPath): \(message)"
    }
}

/// Every problem found while loading the configuration; the server does not start.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    public var problems: [ConfigurationProblem]

    public init(_ problems: [ConfigurationProblem]) {
        self.problems = problems
    }

    public var description: String { problems.map(\.description).joined(separator: "\n") }
}

/// Collects problems while reading one file, tracking key paths.
final class ProblemCollector {
    private(set) var problems: [ConfigurationProblem] = []

    func report(_ file: String, _ keyPath: String, _ message: String) {
        problems.append(ConfigurationProblem(file: file, keyPath: keyPath, message: message))
    }

    func absorb(_ others: [ConfigurationProblem]) {
        problems += others
    }
}

/// Reads one JSON object of a configuration file, checking types and unknown keys, with every
/// problem recorded against the file and key path.
struct ObjectReader {
    let file: String
    let path: String
    let object: [String: JSONValue]
    let problems: ProblemCollector

    init?(_ value: JSONValue?, file: String, path: String, problems: ProblemCollector, required: Bool = true) {
        guard let value else {
            if required { problems.report(file, path, "is required") }
            return nil
        }
        guard case .object(let object) = value else {
            problems.report(file, path, "must be an object, found \(value.typeName)")
            return nil
        }
        self.file = file
        self.path = path
        self.object = object
        self.problems = problems
    }

    func keyPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// Reports every key that is not in `known`.
    func rejectUnknownKeys(_ known: Set<String>) {
        for key in object.keys.sorted() where !known.contains(key) {
            problems.report(file, keyPath(key), "unknown key (expected one of: \(known.sorted().joined(separator: ", ")))")
        }
    }

    func string(_ key: String, required: Bool = false) -> String? {
        guard let value = present(key, required: required) else { return nil }
        guard case .string(let text) = value else {
            problems.report(file, keyPath(key), "must be a string, found \(value.typeName)")
            return nil
        }
        return text
    }

    func integer(_ key: String, in range: ClosedRange<Int>? = nil, required: Bool = false) -> Int? {
        guard let value = present(key, required: required) else { return nil }
        guard let number = value.integerValue else {
            problems.report(file, keyPath(key), "must be an integer, found \(value.typeName)")
            return nil
        }
        if let range, !range.contains(Int(number)) {
            problems.report(file, keyPath(key), "must be between \(range.lowerBound) and \(range.upperBound), found \(number)")
            return nil
        }
        return Int(number)
    }

    func bool(_ key: String, required: Bool = false) -> Bool? {
        guard let value = present(key, required: required) else { return nil }
        guard case .bool(let flag) = value else {
            problems.report(file, keyPath(key), "must be true or false, found \(value.typeName)")
            return nil
        }
        return flag
    }

    func strings(_ key: String, required: Bool = false) -> [String]? {
        guard let value = present(key, required: required) else { return nil }
        guard case .array(let items) = value else {
            problems.report(file, keyPath(key), "must be an array of strings, found \(value.typeName)")
            return nil
        }
        var result: [String] = []
        for (index, item) in items.enumerated() {
            guard case .string(let text) = item else {
                problems.report(file, "\(keyPath(key))[\(index)]", "must be a string, found \(item.typeName)")
                continue
            }
            result.append(text)
        }
        return result
    }

    func object(_ key: String, required: Bool = false) -> ObjectReader? {
        ObjectReader(object[key], file: file, path: keyPath(key), problems: problems, required: required)
    }

    private func present(_ key: String, required: Bool) -> JSONValue? {
        guard let value = object[key], value != .null else {
            if required { problems.report(file, keyPath(key), "is required") }
            return nil
        }
        return value
    }
}
