/// The names one module goes by: its target name (`FoodBank`), its id (`food-bank`), a
/// display name (`Food Bank`) and the prefix of its tables (`food_bank_`).
struct ModuleNaming {
    let name: String
    let id: String

    var displayName: String { Self.words(of: name).joined(separator: " ") }
    var tablePrefix: String { id.replacingOccurrences(of: "-", with: "_") + "_" }
    var moduleType: String { name + "Module" }
    var testTarget: String { name + "Tests" }

    /// Module names that would shadow a toolchain module or a planned kernel target.
    static let reservedNames: Set<String> = [
        "Swift", "Foundation", "FoundationEssentials", "FoundationInternationalization",
        "FoundationNetworking", "CoreFoundation", "Dispatch", "Synchronization", "Testing", "XCTest",
        "Glibc", "Musl", "Darwin", "PackageDescription", "PackagePlugin", "Observation", "RegexBuilder",
        "PostgresStorage", "CPostgreSQL",
    ]

    /// Checks that `name` can be a Swift module and type-name stem; derives the id unless given.
    init(name: String, id: String?) throws(ScaffoldError) {
        guard let first = name.unicodeScalars.first, ("A"..."Z").contains(first) else {
            throw .invalidName(name, reason: "start with a capital letter A-Z, in UpperCamelCase (FoodBank)")
        }
        guard name.unicodeScalars.allSatisfy(Self.isIdentifierScalar) else {
            throw .invalidName(name, reason: "use only the letters A-Z, a-z and digits, in UpperCamelCase (FoodBank)")
        }
        guard !name.hasSuffix("Tests") else {
            throw .invalidName(name, reason: "names ending in 'Tests' are for test targets")
        }
        guard !name.hasSuffix("Module") else {
            throw .invalidName(name, reason: "leave out 'Module': the manifest type becomes \(name)Module already")
        }
        if Self.reservedNames.contains(where: { $0.lowercased() == name.lowercased() }) || name == "Self" {
            throw .invalidName(name, reason: "it would shadow a module of the toolchain or the kernel")
        }
        let id = id ?? Self.kebabCase(name)
        guard Self.isValidID(id) else { throw .invalidID(id) }
        self.name = name
        self.id = id
    }

    /// `food-bank`, `sms-alerts`: lowercase words joined by single hyphens, starting with a letter.
    static func isValidID(_ id: String) -> Bool {
        let words = id.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = id.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
        return words.allSatisfy { word in
            !word.isEmpty && word.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) }
        }
    }

    /// `FoodBank` → `food-bank`, `SMSAlerts` → `sms-alerts`, `Covid19Info` → `covid19-info`.
    static func kebabCase(_ name: String) -> String {
        words(of: name).map { $0.lowercased() }.joined(separator: "-")
    }

    /// Splits UpperCamelCase into words, keeping acronyms together (`SMSAlerts` → SMS, Alerts).
    static func words(of name: String) -> [String] {
        let characters = Array(name)
        var words: [String] = []
        var current = ""
        for (index, character) in characters.enumerated() {
            if character.isUppercase, index > 0 {
                let previous = characters[index - 1]
                let nextIsLowercase = index + 1 < characters.count && characters[index + 1].isLowercase
                if previous.isLowercase || previous.isNumber || (previous.isUppercase && nextIsLowercase) {
                    words.append(current)
                    current = ""
                }
            }
            current.append(character)
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    private static func isIdentifierScalar(_ scalar: Unicode.Scalar) -> Bool {
        ("A"..."Z").contains(scalar) || ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
    }
}
