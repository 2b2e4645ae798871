/// The files of a new module, modelled on Sources/Modules/Workshops: a manifest, a schema with
/// one region-owned table, a list route reading it within the region, and a manifest test.
struct ModuleTemplates {
    let naming: ModuleNaming
    /// Ids of the modules this one depends on (from `--requires`).
    let dependencies: [String]
    /// Target names of those modules, which its server test links too.
    let requiredTargets: [String]
    /// Lower and upper bound of the supported kernel range, e.g. "0.1.0" and "0.2.0".
    let kernelRange: (lower: String, upper: String)

    private var name: String { naming.name }
    private var id: String { naming.id }
    private var table: String { naming.tablePrefix + "items" }

    var moduleFile: String {
        let dependencyLine = dependencies.isEmpty
            ? ""
            : "\n        dependencies: [\(dependencies.map { "\"\($0)\"" }.joined(separator: ", "))],"
        return #"""
            import HTTP
            import Kernel

            /// \#(naming.displayName) (`\#(id)`): scaffolded by `swift package new-module` with one table and one
            /// list route. Documentation/WritingAModule.md explains every field of the manifest.
            public struct \#(naming.moduleType): Module {
                public static let manifest = ModuleManifest(
                    id: "\#(id)",
                    names: ["de": "\#(naming.displayName)", "en": "\#(naming.displayName)"],
                    version: "0.1.0",
                    kernel: "\#(kernelRange.lower)"..<"\#(kernelRange.upper)",\#(dependencyLine)
                    settings: [
                        SettingDefinition(
                            "pageSize", .integer(1...100), default: 20,
                            summary: "Items the list route returns at most"),
                    ],
                    actions: [
                        ActionDeclaration(
                            "\#(id).manage", summary: "Create, edit and remove \#(naming.displayName) items",
                            defaultRoles: [.regionAdmin, .staff]),
                    ],
                    migrations: \#(name)Schema.migrations,
                    routes: [
                        .api(.get, "/\#(id)", access: .public, summary: "\#(naming.displayName) items in the region, newest first", handler: \#(name)API.list),
                    ],
                    navigation: [NavigationEntry(titleKey: "\#(id).navigation", path: "/\#(id)")],
                    catalog: \#(name)Strings.catalog
                )
            }

            """#
    }

    /// The languages every catalog covers (`Catalog.requiredLanguages`).
    static let catalogLanguages = ["ar", "de", "en", "fa", "ru", "tr", "uk"]

    /// `Catalogs/<language>.json` with the navigation label. Every language starts with the
    /// display name; translate them before the module is released.
    var catalogFile: String {
        "{\n  \"\(id).navigation\": \"\(naming.displayName)\"\n}\n"
    }

    var schemaFile: String {
        #"""
            import Kernel

            /// The \#(naming.displayName) module's tables, in order. A migration that has been applied anywhere is
            /// never edited (boot refuses a changed checksum): change the schema with a new migration.
            enum \#(name)Schema {
                static let migrations = [
                    Migration("001-create-items", sql: """
                        CREATE TABLE \#(table) (
                            id INTEGER PRIMARY KEY,
                            region TEXT NOT NULL,
                            title TEXT NOT NULL,
                            created_at INTEGER NOT NULL
                        );
                        CREATE INDEX \#(table)_region ON \#(table) (region, created_at);
                        """),
                ]
            }

            """#
    }

    var apiFile: String {
        #"""
            import Foundation
            import HTTP
            import Kernel

            /// JSON endpoints of the \#(naming.displayName) module.
            enum \#(name)API {
                struct Item: Codable, Sendable {
                    var id: Int64
                    var title: String
                    var createdAt: Date

                    enum CodingKeys: String, CodingKey {
                        case id, title
                        case createdAt = "created_at"
                    }
                }

                /// `GET /api/v1/{region}/{lang}/\#(id)`: the region's newest items, at most `pageSize`.
                @Sendable static func list(_ request: Request, _ context: RequestContext) throws -> Response {
                    let limit = context.settings.integer("pageSize") ?? 20
                    let items = try context.read { db in
                        try db.fetchAll(Item.self, """
                            SELECT id, title, created_at FROM \#(table)
                            WHERE region = \(context.region.id)
                            ORDER BY created_at DESC, id DESC LIMIT \(limit)
                            """)
                    }
                    let encoder = JSONEncoder()
                    encoder.dateEncodingStrategy = .iso8601
                    return .json(Array(try encoder.encode(["items": items])))
                }
            }

            """#
    }

    var testFile: String {
        let requiredImports = requiredTargets.map { "import \($0)\n" }.joined()
        let moduleTypes = ([naming.moduleType] + requiredTargets.map { "\($0)Module" }).map { "\($0).self" }.joined(separator: ", ")
        return #"""
            import Foundation
            import Kernel
            import TeilhabeTesting
            import Testing
            import \#(name)
            \#(requiredImports)
            /// The module in a real server: its migrations applied to a real SQLite file, and its list
            /// route answering over HTTP with the requested region's rows only.
            @Suite struct \#(name)ServerTests {
                @Test func listRouteAnswersWithTheRegionsItemsOnly() throws {
                    let server = try TestServer(modules: [\#(moduleTypes)])
                    defer { server.stop() }
                    try server.storage.write { db in
                        try db.execute("INSERT INTO \#(table) (region, title, created_at) VALUES ('demo', 'Here', \(Date()))")
                        try db.execute("INSERT INTO \#(table) (region, title, created_at) VALUES ('elsewhere', 'There', \(Date()))")
                    }
                    let response = try server.client().send(.get, "/api/v1/demo/de/\#(id)")
                    #expect(response.status == 200)
                    let titles = try response.json()["items"]?.arrayValue?.compactMap { $0["title"]?.stringValue }
                    #expect(titles == ["Here"])
                }
            }

            /// Checks \#(naming.moduleType)'s manifest the way boot will: a well-formed id and version, a kernel
            /// range that includes this kernel, ordered migrations whose tables and indexes carry the
            /// module's prefix, and routes that are public or guarded by an action the module declares.
            @Suite struct \#(name)ManifestTests {
                let manifest = \#(naming.moduleType).manifest

                @Test func declaresItsIdentity() {
                    #expect(manifest.id == "\#(id)")
                    #expect(manifest.version.malformedLiteral == nil)
                    #expect(manifest.kernel.lowerBound.malformedLiteral == nil)
                    #expect(manifest.kernel.upperBound.malformedLiteral == nil)
                    #expect(manifest.kernel.contains(KernelVersion.current))
                    #expect(manifest.names["de"]?.isEmpty == false)
                    #expect(manifest.names["en"]?.isEmpty == false)
                    #expect(!manifest.dependencies.contains(manifest.id))
                }

                @Test func migrationsAreOrderedAndOwnTheirTables() {
                    let ids = manifest.migrations.map(\.id)
                    #expect(!ids.isEmpty)
                    #expect(ids == ids.sorted())
                    #expect(Set(ids).count == ids.count)
                    for migration in manifest.migrations {
                        let created = createdNames(in: migration.sql)
                        #expect(!created.isEmpty, "migration \(migration.id) creates no table or index")
                        for name in created {
                            #expect(name.hasPrefix("\#(naming.tablePrefix)"), "migration \(migration.id) creates \(name)")
                        }
                    }
                }

                @Test func routesArePublicOrGuardedByDeclaredActions() {
                    let actions = Set(manifest.actions.map(\.name))
                    #expect(!manifest.routes.isEmpty)
                    for route in manifest.routes {
                        #expect(route.path.hasPrefix("/"), "route \(route.path) must start with /")
                        if case .action(let action) = route.access {
                            #expect(actions.contains(action), "route \(route.path) needs undeclared action \(action)")
                        }
                    }
                    let endpoints = manifest.routes.map { "\($0.surface) \($0.method) \($0.path)" }
                    #expect(Set(endpoints).count == endpoints.count, "two routes share method and path")
                    for action in manifest.actions {
                        #expect(action.name.hasPrefix("\(manifest.id)."), "action \(action.name)")
                        #expect(!action.defaultRoles.isEmpty, "action \(action.name) has no default role")
                    }
                }

                @Test func settingsAndNavigationAreConsistent() {
                    let keys = manifest.settings.map(\.key)
                    #expect(Set(keys).count == keys.count)
                    for setting in manifest.settings {
                        if case .integer(let range?) = setting.kind, let value = setting.defaultValue?.integerValue {
                            #expect(range.contains(value), "default of \(setting.key) is outside \(range)")
                        }
                    }
                    for entry in manifest.navigation {
                        #expect(entry.titleKey.hasPrefix("\(manifest.id)."), "navigation key \(entry.titleKey)")
                        #expect(entry.path.hasPrefix("/"), "navigation path \(entry.path)")
                    }
                }
            }

            /// Names that `CREATE TABLE` and `CREATE [UNIQUE] INDEX` statements in `sql` create.
            private func createdNames(in sql: String) -> [String] {
                let words = sql.split { $0.isWhitespace || $0 == "(" || $0 == ";" }.map(String.init)
                var names: [String] = []
                var index = 0
                while index < words.count {
                    defer { index += 1 }
                    guard words[index].uppercased() == "CREATE" else { continue }
                    var next = index + 1
                    if next < words.count, words[next].uppercased() == "UNIQUE" { next += 1 }
                    guard next < words.count, ["TABLE", "INDEX"].contains(words[next].uppercased()) else { continue }
                    next += 1
                    if next + 2 < words.count, words[next].uppercased() == "IF" { next += 3 }
                    if next < words.count { names.append(words[next]) }
                }
                return names
            }

            """#
    }
}
