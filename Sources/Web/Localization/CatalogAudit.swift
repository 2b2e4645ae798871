/// Checks a catalog against its English messages: every required language has every key,
/// no language has keys English lacks, placeholders agree, and counted phrases have a form
/// for each plural category of their language.
public enum CatalogAudit {
    /// One line per problem, each starting with `name` (a target or module id).
    public static func problems(in catalog: Catalog, named name: String, requiredLanguages: [String] = Catalog.requiredLanguages) -> [String] {
        guard !catalog.isEmpty else { return [] }
        guard let english = catalog.messages["en"] else { return ["\(name): has no English catalog (en.json)"] }
        var problems: [String] = []
        for language in requiredLanguages where catalog.messages[language] == nil {
            problems.append("\(name): has no \(language) catalog (\(language).json)")
        }
        for language in catalog.languages {
            guard let messages = catalog.messages[language] else { continue }
            for key in english.keys.sorted() {
                guard let reference = english[key] else { continue }
                guard let message = messages[key] else {
                    problems.append("\(name): \(language) lacks '\(key)'")
                    continue
                }
                problems += compare(message, to: reference, key: key, language: language, name: name)
            }
            for key in messages.keys.sorted() where english[key] == nil {
                problems.append("\(name): \(language) has '\(key)', which English lacks")
            }
        }
        return problems
    }

    private static func compare(_ message: Message, to reference: Message, key: String, language: String, name: String) -> [String] {
        var problems: [String] = []
        let placeholders = Set(message.forms.flatMap(Placeholders.names(in:)))
        let expected = Set(reference.forms.flatMap(Placeholders.names(in:)))
        if placeholders != expected {
            problems.append(
                "\(name): \(language) '\(key)' has placeholders {\(placeholders.sorted().joined(separator: "}, {"))}"
                    + " but English has {\(expected.sorted().joined(separator: "}, {"))}")
        }
        switch (message, reference) {
        case (.plural(let forms), .plural):
            let needed = PluralRules.categories(of: language)
            let have = Set(forms.keys)
            for category in needed.subtracting(have).sorted() {
                problems.append("\(name): \(language) '\(key)' lacks the plural form '\(category.rawValue)'")
            }
            for category in have.subtracting(needed).sorted() {
                problems.append("\(name): \(language) '\(key)' has the plural form '\(category.rawValue)', which \(language) does not use")
            }
        case (.text, .plural):
            problems.append("\(name): \(language) '\(key)' is a plain text but English counts (plural forms)")
        case (.plural, .text):
            problems.append("\(name): \(language) '\(key)' has plural forms but English is a plain text")
        case (.text, .text):
            break
        }
        return problems
    }
}
