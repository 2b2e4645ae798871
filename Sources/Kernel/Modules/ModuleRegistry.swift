/// The validated set of linked modules. Building one checks every manifest and all of them
/// together; any problem stops the boot with one line per problem.
public struct ModuleRegistry: Sendable {
    /// Manifests ordered so that every module comes after the modules it depends on (ties by id).
    public let manifests: [ModuleManifest]

    /// Validates the linked module types. `kernelActions` are the permissions the kernel
    /// itself guards (routes may name them too).
    public init(_ types: [any Module.Type], kernelActions: [ActionDeclaration] = []) throws(RegistryError) {
        try self.init(manifests: types.map { $0.manifest }, kernelActions: kernelActions)
    }

    public init(manifests: [ModuleManifest], kernelActions: [ActionDeclaration] = []) throws(RegistryError) {
        var problems: [String] = []
        var byID: [String: ModuleManifest] = [:]
        for manifest in manifests {
            if byID[manifest.id] != nil {
                problems.append("module id '\(manifest.id)' is declared by two linked modules")
            } else {
                byID[manifest.id] = manifest
            }
        }
        let unique = manifests.filter { manifest in byID[manifest.id].map { $0.version == manifest.version } ?? false }
        for manifest in unique {
            problems += ManifestValidator.problems(in: manifest)
        }
        problems += Self.dependencyProblems(byID)
        problems += Self.actionProblems(unique, kernelActions: kernelActions)
        guard problems.isEmpty else { throw RegistryError(problems: problems) }
        self.manifests = Self.dependencyOrder(byID)
    }

    public func manifest(_ id: String) -> ModuleManifest? { manifests.first { $0.id == id } }

    /// Every action declared by the kernel and the modules.
    public func actions(kernelActions: [ActionDeclaration]) -> [ActionDeclaration] {
        kernelActions + manifests.flatMap(\.actions)
    }

    private static func dependencyProblems(_ byID: [String: ModuleManifest]) -> [String] {
        var problems: [String] = []
        for id in byID.keys.sorted() {
            for dependency in byID[id]?.dependencies ?? [] where byID[dependency] == nil {
                problems.append("module '\(id)' depends on '\(dependency)', which is not linked (add it to Package.swift's module list or to TEILHABE_MODULES)")
            }
        }
        // Depth-first search for cycles; each cycle reported once, as a path.
        var state: [String: Bool] = [:]  // false = on the current path, true = done
        var reported: Set<Set<String>> = []
        func visit(_ id: String, path: [String]) {
            if state[id] == true { return }
            if state[id] == false {
                guard let start = path.firstIndex(of: id) else { return }
                let cycle = Array(path[start...]) + [id]
                if reported.insert(Set(cycle)).inserted {
                    problems.append("modules depend on each other in a cycle: \(cycle.joined(separator: " → "))")
                }
                return
            }
            state[id] = false
            for dependency in byID[id]?.dependencies ?? [] where byID[dependency] != nil {
                visit(dependency, path: path + [id])
            }
            state[id] = true
        }
        for id in byID.keys.sorted() { visit(id, path: []) }
        return problems
    }

    private static func actionProblems(_ manifests: [ModuleManifest], kernelActions: [ActionDeclaration]) -> [String] {
        var problems: [String] = []
        var owner: [String: String] = Dictionary(kernelActions.map { ($0.name, "the kernel") }, uniquingKeysWith: { first, _ in first })
        for manifest in manifests {
            for action in manifest.actions {
                if let previous = owner[action.name] {
                    problems.append("module '\(manifest.id)': action '\(action.name)' is already declared by \(previous == "the kernel" ? previous : "module '\(previous)'")")
                } else {
                    owner[action.name] = manifest.id
                }
            }
        }
        for manifest in manifests {
            for route in manifest.routes {
                if case .action(let name) = route.access, owner[name] == nil {
                    problems.append("module '\(manifest.id)': route \(route.method) \(route.path) requires action '\(name)', which no linked module declares")
                }
            }
            for entry in manifest.navigation {
                if case .action(let name) = entry.access, owner[name] == nil {
                    problems.append("module '\(manifest.id)': navigation entry \(entry.path) requires action '\(name)', which no linked module declares")
                }
            }
        }
        return problems
    }

    private static func dependencyOrder(_ byID: [String: ModuleManifest]) -> [ModuleManifest] {
        var ordered: [ModuleManifest] = []
        var done: Set<String> = []
        func visit(_ id: String) {
            guard !done.contains(id), let manifest = byID[id] else { return }
            done.insert(id)
            for dependency in manifest.dependencies.sorted() { visit(dependency) }
            ordered.append(manifest)
        }
        for id in byID.keys.sorted() { visit(id) }
        return ordered
    }
}

/// Why the linked modules cannot run together: one line per problem.
public struct RegistryError: Error, Sendable, CustomStringConvertible {
    public var problems: [String]
    public init(problems: [String]) { self.problems = problems }
    public var description: String { problems.joined(separator: "\n") }
}
