import Foundation

/// Everything one `new-module` run will do, worked out and checked before anything is written:
/// the new files (sources, test, catalogs) and Package.swift's new text.
struct ScaffoldPlan {
    struct NewFile {
        /// Relative to the package root.
        var path: String
        var contents: String
    }

    let naming: ModuleNaming
    let requires: [String]
    let files: [NewFile]
    let packageEntry: String
    let packageEntryLine: Int
    let newPackageSwift: String
    private let package: PackageFacts

    init(options: NewModuleOptions, package: PackageFacts) throws(ScaffoldError) {
        let naming = try ModuleNaming(name: options.name ?? "", id: options.id)
        let name = naming.name
        let list = try ModuleList(packageSwift: try package.read("Package.swift"))

        if let entry = list.entries.first(where: { $0.name.lowercased() == name.lowercased() }) {
            throw .nameTaken(name, by: "Package.swift line \(entry.line) already lists ModuleTarget(\"\(entry.name)\")")
        }
        for candidate in [name, naming.testTarget] {
            if let target = package.targetNames.first(where: { $0.lowercased() == candidate.lowercased() }) {
                throw .nameTaken(name, by: "the package already has a target named '\(target)'")
            }
        }
        for (entry, folder) in [(name, "Sources/Modules"), (naming.testTarget, "Tests/Modules"), (name, "Sources"), (naming.testTarget, "Tests")] {
            if let existing = package.existingEntry(named: entry, in: folder) {
                throw .nameTaken(name, by: "\(existing) already exists")
            }
        }

        let declared = package.declaredModuleIDs()
        if let owner = declared.first(where: { $0.id == naming.id }) {
            throw .idTaken(naming.id, by: owner.file)
        }

        var requires: [String] = []
        for required in options.requires where !requires.contains(required) {
            guard list.names.contains(required) else {
                throw .unknownRequirement(required, known: list.names)
            }
            requires.append(required)
        }
        // The manifest names dependencies by id; read each from its manifest when we can.
        let dependencies = requires.map { required in
            declared.first { $0.folder == required }?.id ?? ModuleNaming.kebabCase(required)
        }

        let templates = ModuleTemplates(
            naming: naming, dependencies: dependencies, requiredTargets: requires, kernelRange: Self.kernelRange(package.kernelVersion()))
        let files = [
            NewFile(path: "Sources/Modules/\(name)/\(naming.moduleType).swift", contents: templates.moduleFile),
            NewFile(path: "Sources/Modules/\(name)/\(name)Schema.swift", contents: templates.schemaFile),
            NewFile(path: "Sources/Modules/\(name)/\(name)API.swift", contents: templates.apiFile),
            NewFile(path: "Tests/Modules/\(naming.testTarget)/\(naming.testTarget).swift", contents: templates.testFile),
        ] + ModuleTemplates.catalogLanguages.map { language in
            NewFile(path: "Sources/Modules/\(name)/Catalogs/\(language).json", contents: templates.catalogFile)
        }
        let entry = requires.isEmpty
            ? "ModuleTarget(\"\(name)\")"
            : "ModuleTarget(\"\(name)\", requires: [\(requires.map { "\"\($0)\"" }.joined(separator: ", "))])"

        self.naming = naming
        self.requires = requires
        self.files = files
        self.packageEntry = entry + ","
        self.packageEntryLine = list.insertionLine
        self.newPackageSwift = list.inserting(entry)
        self.package = package
    }

    /// The range a new module supports: from this kernel up to its next breaking version
    /// (the next minor before 1.0, the next major after).
    static func kernelRange(_ version: (Int, Int, Int)?) -> (lower: String, upper: String) {
        guard let (major, minor, patch) = version else { return ("0.1.0", "0.2.0") }
        let upper = major == 0 ? "0.\(minor + 1).0" : "\(major + 1).0.0"
        return ("\(major).\(minor).\(patch)", upper)
    }

    /// Writes the files, then Package.swift. If any write fails, the files written so far are
    /// removed, so a failed run leaves the package as it was.
    func apply() throws(ScaffoldError) {
        let fileManager = FileManager.default
        var createdFolders: [URL] = []
        func undo() {
            for folder in createdFolders.reversed() { try? fileManager.removeItem(at: folder) }
        }
        for file in files {
            let url = package.url(file.path)
            let folder = url.deletingLastPathComponent()
            do {
                if !fileManager.fileExists(atPath: folder.path) {
                    try fileManager.createDirectory(at: folder, withIntermediateDirectories: true)
                    createdFolders.append(folder)
                }
                try Data(file.contents.utf8).write(to: url, options: .withoutOverwriting)
            } catch {
                undo()
                throw .writeFailed(path: file.path, reason: error.localizedDescription)
            }
        }
        do {
            try Data(newPackageSwift.utf8).write(to: package.url("Package.swift"), options: .atomic)
        } catch {
            undo()
            throw .writeFailed(path: "Package.swift", reason: error.localizedDescription)
        }
    }

    /// What `--dry-run` prints: every file in full and the Package.swift line.
    func preview() -> String {
        var text = "Dry run: nothing was written. new-module \(naming.name) would:\n"
        for file in files {
            text += "\n--- create \(file.path)\n\(file.contents)"
        }
        text += "\n--- add to Package.swift, line \(packageEntryLine) (before the `]` of `modules`):\n    \(packageEntry)\n"
        return text
    }

    /// What a real run prints: what changed, and what to do next.
    func report() -> String {
        var text = "Created module \(naming.name) (id \"\(naming.id)\", tables \(naming.tablePrefix)*):\n"
        for file in files { text += "  created \(file.path)\n" }
        text += "  added to Package.swift line \(packageEntryLine): \(packageEntry)\n"
        text += """

            Next steps:
              swift build                          links \(naming.moduleType) into teilhabe
              swift test --filter \(naming.testTarget)
              enable it in a region: in Configuration/regions/<region>.json add
                "modules": { "\(naming.id)": { "pageSize": 20 } }
            Documentation/WritingAModule.md walks through the manifest.

            """
        return text
    }
}
