import HTTP
import Testing
@testable import Kernel

@Suite struct ModuleRegistryTests {
    func manifest(
        _ id: String, version: SemanticVersion = "1.0.0", kernel: Range<SemanticVersion> = "0.1.0"..<"0.2.0",
        dependencies: [String] = [], actions: [ActionDeclaration] = [], routes: [Route] = [],
        migrations: [Migration] = [], settings: [SettingDefinition] = []
    ) -> ModuleManifest {
        ModuleManifest(
            id: id, version: version, kernel: kernel, dependencies: dependencies, settings: settings,
            actions: actions, migrations: migrations, routes: routes)
    }

    func problems(_ manifests: [ModuleManifest]) -> [String] {
        do {
            _ = try ModuleRegistry(manifests: manifests)
            return []
        } catch {
            return error.problems
        }
    }

    @Test func ordersModulesAfterTheirDependencies() throws {
        let registry = try ModuleRegistry(manifests: [
            manifest("a", dependencies: ["c"]), manifest("b"), manifest("c", dependencies: ["b"]),
        ])
        #expect(registry.manifests.map(\.id) == ["b", "c", "a"])
    }

    @Test func duplicateIDsAreRefused() {
        #expect(problems([manifest("a"), manifest("a", version: "2.0.0")]) == ["module id 'a' is declared by two linked modules"])
    }

    @Test func unknownAndCyclicDependenciesAreRefused() {
        let found = problems([
            manifest("a", dependencies: ["b"]), manifest("b", dependencies: ["c"]), manifest("c", dependencies: ["a"]),
            manifest("d", dependencies: ["missing"]),
        ])
        #expect(found.contains("module 'd' depends on 'missing', which is not linked (add it to Package.swift's module list or to TEILHABE_MODULES)"))
        #expect(found.contains("modules depend on each other in a cycle: a → b → c → a"))
        #expect(found.count == 2)
    }

    @Test func kernelVersionOutsideTheRangeIsRefused() {
        #expect(problems([manifest("a", kernel: "0.2.0"..<"0.3.0")])
            == ["module 'a': supports kernel 0.2.0..<0.3.0, but this kernel is 0.1.0"])
    }

    @Test func malformedVersionLiteralIsReported() {
        #expect(problems([manifest("a", version: "one")]) == ["module 'a': version 'one' is not major.minor.patch"])
    }

    @Test func routesMustNameDeclaredActionsAndValidPaths() {
        let handler: Route.Handler = { _, _ in .text("") }
        let found = problems([manifest("a", routes: [
            .api(.get, "/things", access: .action("a.manage"), summary: "list", handler: handler),
            .api(.get, "things/", access: .public, summary: "bad", handler: handler),
            .page(.get, "/x/{id}/{id}", access: .public, summary: "twice", handler: handler),
            .page(.get, "/x/{slug}/{other}", access: .public, summary: "same shape", handler: handler),
        ])])
        #expect(found.contains("module 'a': route GET /things requires action 'a.manage', which no linked module declares"))
        #expect(found.contains("module 'a': route GET things/: path must start with '/'"))
        #expect(found.contains("module 'a': route GET /x/{id}/{id}: parameter {id} appears twice"))
        #expect(found.contains("module 'a': route GET /x/{slug}/{other} (page) is declared twice"))
    }

    @Test func actionsMustBePrefixedAndUnique() {
        let found = problems([
            manifest("a", actions: [ActionDeclaration("b.manage", summary: "", defaultRoles: [])]),
            manifest("b", actions: [ActionDeclaration("b.manage", summary: "", defaultRoles: [])]),
        ])
        #expect(found.contains("module 'a': action 'b.manage' must start with 'a.'"))
        #expect(found.contains("module 'b': action 'b.manage' is already declared by module 'a'"))
    }

    @Test func settingDefaultsMustFitTheirType() {
        #expect(problems([manifest("a", settings: [SettingDefinition("n", .integer(1...5), default: 9, summary: "")])])
            == ["module 'a': default of setting 'n' must be between 1 and 5, found 9"])
    }

    @Test func migrationsMustBeUniqueAndInOrder() {
        let found = problems([manifest("a", migrations: [
            Migration("002-b", sql: "CREATE TABLE a_b (id INTEGER)"), Migration("001-a", sql: "CREATE TABLE a_a (id INTEGER)"),
            Migration("001-a", sql: "SELECT 1"),
        ])])
        #expect(found.contains("module 'a': migration '001-a' is declared twice"))
        #expect(found.contains("module 'a': migrations must be declared in the order of their ids (002-b, 001-a, 001-a)"))
    }

    @Test func kernelIDIsReserved() {
        #expect(problems([manifest("kernel")]) == ["module 'kernel': id 'kernel' is reserved for the kernel's own routes, actions and tables"])
    }
}
