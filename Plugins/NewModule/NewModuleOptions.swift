/// The command line of `new-module`, parsed strictly: an unknown option or a missing value is
/// an error, never silently ignored.
struct NewModuleOptions {
    static let usage = """
        USAGE: swift package --allow-writing-to-package-directory new-module <Name> [options]

        Scaffolds Sources/Modules/<Name> (manifest, schema, API) and Tests/Modules/<Name>Tests,
        and adds ModuleTarget("<Name>") to the modules array of Package.swift.

        ARGUMENTS:
          <Name>                  The module target name, in UpperCamelCase (FoodBank).

        OPTIONS:
          --id <id>               Module id for configuration, URLs and tables
                                  (default: the name in kebab-case, FoodBank -> food-bank).
          --requires <Module>     A module target this one needs linked with it; repeat for more.
                                  It becomes `requires:` in Package.swift and a manifest dependency.
          --dry-run               Print what would be written; change nothing.
          -h, --help              Show this help.

        SwiftPM lets a command plugin write into the package only when asked: pass
        --allow-writing-to-package-directory before `new-module` (or answer its prompt).
        """

    var name: String?
    var id: String?
    var requires: [String] = []
    var dryRun = false
    var showHelp = false

    init(arguments: [String]) throws(ScaffoldError) {
        var remaining = arguments[...]
        while let argument = remaining.popFirst() {
            switch argument {
            case "-h", "--help":
                showHelp = true
            case "--dry-run":
                dryRun = true
            case "--id", "--requires":
                guard let value = remaining.popFirst(), !value.hasPrefix("-") else {
                    throw .missingValue(option: argument)
                }
                try assign(option: argument, value: value)
            case let option where option.hasPrefix("--id=") || option.hasPrefix("--requires="):
                let parts = option.split(separator: "=", maxSplits: 1)
                let value = parts.count == 2 ? String(parts[1]) : ""
                guard !value.isEmpty else { throw .missingValue(option: String(parts[0])) }
                try assign(option: String(parts[0]), value: value)
            case let option where option.hasPrefix("-"):
                throw .unknownOption(option)
            default:
                guard name == nil else { throw .extraArgument(argument) }
                name = argument
            }
        }
        if name == nil, !showHelp { throw .missingName }
    }

    private mutating func assign(option: String, value: String) throws(ScaffoldError) {
        if option == "--id" {
            guard id == nil else { throw .repeatedOption(option) }
            id = value
        } else {
            requires.append(value)
        }
    }
}
