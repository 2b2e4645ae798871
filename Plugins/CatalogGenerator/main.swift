// Writes `<Target>Strings.swift` from a target's catalog files. Called by the Catalogs
// build-tool plugin as: teilhabe-catalog-generator <output.swift> <Target> <lang>.json...
// Fails the build with `file: key: problem` lines when a file is not a valid catalog.
import Foundation

let categories = ["zero", "one", "two", "few", "many", "other"]

struct CatalogFile {
    var language: String
    var messages: [String: Entry]
}

enum Entry {
    case text(String)
    case plural([(category: String, text: String)])

    var forms: [String] {
        switch self {
        case .text(let text): [text]
        case .plural(let forms): forms.map(\.text)
        }
    }
}

var problems: [String] = []

func isIdentifier(_ text: Substring) -> Bool {
    guard let first = text.unicodeScalars.first, first.isASCII, first.properties.isAlphabetic || first == "_" else { return false }
    return text.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil || $0 == "_") }
}

/// `{name}` placeholders in order of first appearance (the rule of `Web.Placeholders`).
func placeholders(in template: String) -> [String] {
    var names: [String] = []
    var rest = template[...]
    while let open = rest.firstIndex(of: "{") {
        let afterOpen = rest.index(after: open)
        if let close = rest[afterOpen...].firstIndex(of: "}"), isIdentifier(rest[afterOpen..<close]) {
            let name = String(rest[afterOpen..<close])
            if !names.contains(name) { names.append(name) }
            rest = rest[rest.index(after: close)...]
        } else {
            rest = rest[afterOpen...]
        }
    }
    return names
}

@MainActor func read(_ path: String) -> CatalogFile? {
    let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
    let validLanguage = name.split(separator: "-", omittingEmptySubsequences: false).enumerated().allSatisfy { index, part in
        index == 0
            ? (2...3).contains(part.count) && part.allSatisfy { $0.isASCII && $0.isLowercase }
            : (2...8).contains(part.count) && part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
    }
    guard validLanguage else {
        problems.append("\(path): the file name must be a language code such as de.json or pt-BR.json")
        return nil
    }
    let object: Any
    do {
        object = try JSONSerialization.jsonObject(with: try Data(contentsOf: URL(fileURLWithPath: path)))
    } catch {
        problems.append("\(path): not valid JSON (\(error.localizedDescription))")
        return nil
    }
    guard let entries = object as? [String: Any] else {
        problems.append("\(path): must be one JSON object of key → message")
        return nil
    }
    var messages: [String: Entry] = [:]
    for (key, value) in entries {
        let validKey = key.first.map { $0.isASCII && $0.isLetter } == true
            && key.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_") }
        guard validKey else {
            problems.append("\(path): key '\(key)': use ASCII letters, digits, '.', '-' and '_', starting with a letter")
            continue
        }
        if let text = value as? String {
            messages[key] = .text(text)
        } else if let forms = value as? [String: Any] {
            var plural: [(String, String)] = []
            for (category, form) in forms {
                guard categories.contains(category) else {
                    problems.append("\(path): key '\(key)': '\(category)' is not a plural category (\(categories.joined(separator: ", ")))")
                    continue
                }
                guard let text = form as? String else {
                    problems.append("\(path): key '\(key)': the '\(category)' form must be a string")
                    continue
                }
                plural.append((category, text))
            }
            if !plural.contains(where: { $0.0 == "other" }) {
                problems.append("\(path): key '\(key)': plural forms need 'other'")
            }
            messages[key] = .plural(plural.sorted { categories.firstIndex(of: $0.0) ?? 0 < categories.firstIndex(of: $1.0) ?? 0 })
        } else {
            problems.append("\(path): key '\(key)': a message is a string or an object of plural forms")
        }
    }
    return CatalogFile(language: name, messages: messages)
}

/// `error.notFound.title` → `errorNotFoundTitle`.
func accessorName(of key: String) -> String {
    let parts = key.split(whereSeparator: { $0 == "." || $0 == "-" || $0 == "_" })
    return parts.enumerated().map { index, part in
        index == 0 ? part.prefix(1).lowercased() + part.dropFirst() : part.prefix(1).uppercased() + part.dropFirst()
    }.joined()
}

func swiftLiteral(_ text: String) -> String {
    var literal = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\\": literal += "\\\\"
        case "\"": literal += "\\\""
        case "\n": literal += "\\n"
        case _ where scalar.value < 0x20 || scalar.value == 0x7F || (0x2028...0x2029).contains(scalar.value):
            literal += "\\u{\(String(scalar.value, radix: 16))}"
        default: literal.unicodeScalars.append(scalar)
        }
    }
    return literal + "\""
}

func commentLine(_ text: String) -> String {
    text.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ")
}

let arguments = Array(CommandLine.arguments.dropFirst())
guard arguments.count >= 2 else {
    FileHandle.standardError.write(Data("usage: teilhabe-catalog-generator <output.swift> <Target> [<lang>.json...]\n".utf8))
    exit(2)
}
let output = arguments[0]
let target = arguments[1]
let typeName = "\(target)Strings"
let files = arguments.dropFirst(2).compactMap(read).sorted { $0.language < $1.language }
let english = files.first { $0.language == "en" }
if !files.isEmpty && english == nil {
    problems.append("\(target)/Catalogs: en.json is missing; English is every catalog's reference and last fallback")
}

var accessors = ""
var names: [String: String] = [:]
for key in (english?.messages.keys.sorted() ?? []) {
    guard let entry = english?.messages[key] else { continue }
    let name = accessorName(of: key)
    if let other = names[name] {
        problems.append("\(target)/Catalogs/en.json: keys '\(other)' and '\(key)' both become the accessor '\(name)'")
        continue
    }
    if ["localizer", "catalog", "languages"].contains(name) {
        problems.append("\(target)/Catalogs/en.json: key '\(key)' would hide the accessor '\(name)'; choose another key")
        continue
    }
    names[name] = key
    var parameters = entry.forms.flatMap(placeholders(in:)).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
    switch entry {
    case .text(let text):
        accessors += "    /// \(commentLine(text))\n"
        if parameters.isEmpty {
            accessors += "    var `\(name)`: String { localizer.text(\(swiftLiteral(key))) }\n"
        } else {
            let signature = parameters.map { "`\($0)`: String" }.joined(separator: ", ")
            let values = parameters.map { "\(swiftLiteral($0)): `\($0)`" }.joined(separator: ", ")
            accessors += "    func `\(name)`(\(signature)) -> String { localizer.text(\(swiftLiteral(key)), [\(values)]) }\n"
        }
    case .plural(let forms):
        accessors += "    /// \(commentLine(forms.last?.text ?? ""))\n"
        parameters.removeAll { $0 == "count" }
        let signature = (["count: Int"] + parameters.map { "`\($0)`: String" }).joined(separator: ", ")
        let values = parameters.isEmpty ? "[:]" : "[" + parameters.map { "\(swiftLiteral($0)): `\($0)`" }.joined(separator: ", ") + "]"
        accessors += "    func `\(name)`(\(signature)) -> String { localizer.plural(\(swiftLiteral(key)), count: count, \(values)) }\n"
    }
}

guard problems.isEmpty else {
    FileHandle.standardError.write(Data((problems.map { "error: \($0)" }.joined(separator: "\n") + "\n").utf8))
    exit(1)
}

var text = "// Generated by the Catalogs build-tool plugin from \(target)'s Catalogs/*.json. Do not edit:\n"
text += "// change the JSON files instead.\n"
if target != "Web" { text += "import Web\n" }
text += """

    /// The UI strings of \(target) for one reader, one accessor per key of `Catalogs/en.json`.
    struct \(typeName): Sendable {
        let localizer: Localizer

        /// Strings looked up in `languages` in order (see `Localizer.fallbackLanguages`).
        init(languages: [String]) {
            localizer = Localizer(catalog: \(typeName).catalog, languages: languages)
        }


    """
text += accessors
text += "}\n\nextension \(typeName) {\n"
text += "    /// Every message of every language, as written in `Catalogs/`.\n"
if files.isEmpty {
    text += "    static let catalog = Catalog.empty\n"
} else {
    text += "    static let catalog = Catalog(messages: [\n"
    for file in files {
        text += "        \(swiftLiteral(file.language)): messages_\(file.language.replacingOccurrences(of: "-", with: "_"))(),\n"
    }
    text += "    ])\n"
}
for file in files {
    text += "\n    private static func messages_\(file.language.replacingOccurrences(of: "-", with: "_"))() -> [String: Message] {\n"
    text += "        var messages: [String: Message] = [:]\n"
    text += "        messages.reserveCapacity(\(file.messages.count))\n"
    for key in file.messages.keys.sorted() {
        guard let entry = file.messages[key] else { continue }
        switch entry {
        case .text(let message):
            text += "        messages[\(swiftLiteral(key))] = .text(\(swiftLiteral(message)))\n"
        case .plural(let forms):
            let list = forms.map { ".\($0.category): \(swiftLiteral($0.text))" }.joined(separator: ", ")
            text += "        messages[\(swiftLiteral(key))] = .plural([\(list)])\n"
        }
    }
    text += "        return messages\n    }\n"
}
text += "}\n"

// Leave the file untouched when nothing changed, so that the target is not recompiled.
let url = URL(fileURLWithPath: output)
if (try? String(contentsOf: url, encoding: .utf8)) != text {
    do {
        try text.write(to: url, atomically: true, encoding: .utf8)
    } catch {
        FileHandle.standardError.write(Data("teilhabe-catalog-generator: cannot write \(output): \(error)\n".utf8))
        exit(1)
    }
}
