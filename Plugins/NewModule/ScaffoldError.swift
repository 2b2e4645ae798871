/// Why `new-module` refused. Each message names the argument, file or line to fix.
enum ScaffoldError: Error, CustomStringConvertible {
    case missingName
    case missingValue(option: String)
    case unknownOption(String)
    case extraArgument(String)
    case repeatedOption(String)
    case invalidName(String, reason: String)
    case nameTaken(String, by: String)
    case invalidID(String)
    case idTaken(String, by: String)
    case unknownRequirement(String, known: [String])
    case packageManifest(String)
    case writeFailed(path: String, reason: String)

    var description: String {
        switch self {
        case .missingName:
            "give the module's name: swift package --allow-writing-to-package-directory new-module <Name>"
        case .missingValue(let option):
            "\(option) needs a value (\(option) <value>)"
        case .unknownOption(let option):
            "unknown option '\(option)'; see new-module --help"
        case .extraArgument(let argument):
            "unexpected argument '\(argument)': new-module scaffolds one module at a time"
        case .repeatedOption(let option):
            "\(option) may be given only once"
        case .invalidName(let name, let reason):
            "'\(name)' is not a valid module name: \(reason)"
        case .nameTaken(let name, let owner):
            "'\(name)' is taken: \(owner); choose another name"
        case .invalidID(let id):
            "--id '\(id)' is not a valid module id: use lowercase letters and digits in words joined by single hyphens, starting with a letter (food-bank)"
        case .idTaken(let id, let owner):
            "module id '\(id)' is already used by \(owner); choose another name or pass --id <id>"
        case .unknownRequirement(let name, let known):
            "--requires '\(name)' is not in Package.swift's module list (modules: \(known.joined(separator: ", ")))"
        case .packageManifest(let message):
            "Package.swift: \(message)"
        case .writeFailed(let path, let reason):
            "cannot write \(path) (\(reason)); the package was left as it was"
        }
    }
}
