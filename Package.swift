// swift-tools-version: 6.1
// Teilhabe: one server for migrant organisations, learning sites and municipalities.
// Toolchain only: no package dependencies. C system libraries come in through
// the tiny shim targets under Sources/C*.
import PackageDescription

/// Every module target, one line each. Adding a module is a new folder under
/// `Sources/Modules/<Name>` plus one line here (`swift package new-module <Name>` does both).
/// `requires` names other module targets that must be linked with it (the manifest's
/// `dependencies` are checked against what is linked when the server boots).
let modules: [ModuleTarget] = [
    ModuleTarget("LearningSites"),
    ModuleTarget("Workshops"),
    ModuleTarget("Echo"),
    ModuleTarget("Newsletter"),
    ModuleTarget("Mentoring", requires: ["LearningSites"]),
]

// MARK: - Composition

struct ModuleTarget {
    let name: String
    let requires: [String]
    init(_ name: String, requires: [String] = []) {
        self.name = name
        self.requires = requires
    }
}

/// `TEILHABE_MODULES=Workshops,Newsletter swift build` links only those modules and the
/// modules they require; without it every module is linked.
func selectedModules() -> [ModuleTarget] {
    guard let list = Context.environment["TEILHABE_MODULES"], !list.isEmpty else { return modules }
    let byName = Dictionary(uniqueKeysWithValues: modules.map { ($0.name, $0) })
    var chosen = Set<String>()
    var pending = list.split(separator: ",").map { String($0.filter { $0 != " " }) }
    while let name = pending.popLast() {
        guard let module = byName[name] else {
            fatalError("TEILHABE_MODULES names '\(name)', which is not in Package.swift's module list")
        }
        if chosen.insert(name).inserted { pending += module.requires }
    }
    return modules.filter { chosen.contains($0.name) }
}

let linked = selectedModules()
let swiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    // Lets release builds specialise generics and inline across our own targets (the router,
    // storage and kernel sit in different modules but are one program).
    .unsafeFlags(["-cross-module-optimization"], .when(configuration: .release)),
]

var targets: [Target] = [
    // C shims: includes and static inline wrappers only.
    .systemLibrary(name: "CSQLite", path: "Sources/CSQLite"),
    .systemLibrary(name: "CCrypto", path: "Sources/CCrypto"),
    .systemLibrary(name: "CLinux", path: "Sources/CLinux"),

    .target(name: "HTTP", dependencies: ["CLinux"], swiftSettings: swiftSettings),
    .target(name: "Web", dependencies: ["HTTP"], exclude: ["Catalogs"], swiftSettings: swiftSettings, plugins: ["Catalogs"]),
    .target(
        name: "Kernel", dependencies: ["HTTP", "Web", "CCrypto", "CLinux"], exclude: ["Catalogs"],
        swiftSettings: swiftSettings, plugins: ["Catalogs"]),
    .target(name: "SQLiteStorage", dependencies: ["Kernel", "CSQLite"], swiftSettings: swiftSettings),
    .target(
        name: "TeilhabeTesting",
        dependencies: ["Kernel", "HTTP", "SQLiteStorage"],
        swiftSettings: swiftSettings
    ),

    .executableTarget(
        name: "teilhabe",
        dependencies: ["Kernel", "HTTP", "SQLiteStorage"] + linked.map { .target(name: $0.name) },
        swiftSettings: swiftSettings,
        // Release binaries carry the Swift runtime and Foundation inside: one file to deploy
        // (needing only libc, libstdc++, SQLite and OpenSSL), and only the code it runs is
        // paged in, which keeps resident memory low.
        // Foundation's Calendar and TimeZone arithmetic (recurrence, cron, iCalendar) pulls in
        // FoundationInternationalization, whose static libraries depend on each other in a
        // cycle with ICU: name them in one linker group.
        linkerSettings: [.unsafeFlags([
            "-static-stdlib", "-Xlinker", "--start-group", "-lFoundation", "-lCoreFoundation",
            "-lFoundationInternationalization", "-lFoundationEssentials", "-l_FoundationICU",
            "-l_FoundationCollections", "-l_FoundationCShims", "-Xlinker", "--end-group", "-lstdc++",
        ], .when(configuration: .release))],
        plugins: ["ModuleRegistry"]
    ),
    // Drives a release build with wrk and the workload scenarios (swift package benchmark).
    .executableTarget(
        name: "teilhabe-benchmark",
        dependencies: ["Kernel", "SQLiteStorage"],
        swiftSettings: swiftSettings
    ),
    .executableTarget(name: "teilhabe-registry-generator", path: "Plugins/RegistryGenerator", swiftSettings: swiftSettings),
    .plugin(name: "ModuleRegistry", capability: .buildTool(), dependencies: ["teilhabe-registry-generator"]),
    // Embeds each target's Catalogs/<language>.json as `<Target>Strings` (UI strings).
    .executableTarget(name: "teilhabe-catalog-generator", path: "Plugins/CatalogGenerator", swiftSettings: swiftSettings),
    .plugin(name: "Catalogs", capability: .buildTool(), dependencies: ["teilhabe-catalog-generator"]),
    .plugin(
        name: "NewModule",
        capability: .command(
            intent: .custom(verb: "new-module", description: "Scaffold a new module target and add it to Package.swift"),
            permissions: [.writeToPackageDirectory(reason: "Creates Sources/Modules/<Name>, Tests/Modules/<Name>Tests and adds one line to Package.swift")]
        )
    ),
    .plugin(
        name: "Benchmark",
        capability: .command(
            intent: .custom(verb: "benchmark", description: "Build in release mode, start the server and drive it with wrk")
        )
    ),

    .testTarget(name: "HTTPTests", dependencies: ["HTTP"], swiftSettings: swiftSettings),
    .testTarget(name: "WebTests", dependencies: ["Web"], swiftSettings: swiftSettings),
    .testTarget(name: "KernelTests", dependencies: ["Kernel", "Web", "SQLiteStorage", "TeilhabeTesting"], swiftSettings: swiftSettings),
    .testTarget(name: "SQLiteStorageTests", dependencies: ["SQLiteStorage", "Kernel"], swiftSettings: swiftSettings),
    .testTarget(
        name: "EndToEndTests",
        dependencies: ["Kernel", "Web", "SQLiteStorage", "TeilhabeTesting"] + linked.map { .target(name: $0.name) },
        swiftSettings: swiftSettings
    ),
]

for module in linked {
    targets.append(.target(
        name: module.name,
        dependencies: ["Kernel", "HTTP", "Web"],
        path: "Sources/Modules/\(module.name)",
        exclude: ["Catalogs"],
        swiftSettings: swiftSettings,
        plugins: ["Catalogs"]
    ))
    targets.append(.testTarget(
        name: "\(module.name)Tests",
        dependencies: [.target(name: module.name), "Kernel", "TeilhabeTesting"] + module.requires.map { .target(name: $0) },
        path: "Tests/Modules/\(module.name)Tests",
        swiftSettings: swiftSettings
    ))
}

let package = Package(
    name: "Teilhabe",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "teilhabe", targets: ["teilhabe"]),
        .executable(name: "teilhabe-benchmark", targets: ["teilhabe-benchmark"]),
    ],
    targets: targets
)
