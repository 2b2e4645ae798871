import Web

/// Checks one manifest on its own: identifiers, versions, settings defaults, migrations,
/// routes, jobs and subscriptions.
enum ManifestValidator {
    static func problems(in manifest: ModuleManifest) -> [String] {
        var problems: [String] = []
        let id = manifest.id
        func report(_ message: String) { problems.append("module '\(id)': \(message)") }

        if !Identifier.isValidSlug(id) {
            report("id must be lowercase letters, digits and hyphens")
        } else if id == "kernel" {
            report("id 'kernel' is reserved for the kernel's own routes, actions and tables")
        }
        if let literal = manifest.version.malformedLiteral {
            report("version '\(literal)' is not major.minor.patch")
        }
        for bound in [manifest.kernel.lowerBound, manifest.kernel.upperBound] {
            if let literal = bound.malformedLiteral { report("kernel range bound '\(literal)' is not major.minor.patch") }
        }
        if !manifest.kernel.contains(KernelVersion.current) {
            report("supports kernel \(manifest.kernel.lowerBound)..<\(manifest.kernel.upperBound), but this kernel is \(KernelVersion.current)")
        }
        if manifest.dependencies.contains(id) {
            report("depends on itself")
        }

        var settingKeys: Set<String> = []
        for setting in manifest.settings {
            if !settingKeys.insert(setting.key).inserted { report("setting '\(setting.key)' is declared twice") }
            if let value = setting.defaultValue,
               let problem = SettingsValidator.problem(with: value, for: setting.kind, languages: nil) {
                report("default of setting '\(setting.key)' \(problem)")
            }
        }

        for action in manifest.actions where !action.name.hasPrefix("\(id).") {
            report("action '\(action.name)' must start with '\(id).'")
        }

        var migrationIDs: Set<String> = []
        for migration in manifest.migrations {
            if !migrationIDs.insert(migration.id).inserted { report("migration '\(migration.id)' is declared twice") }
            if migration.sql.trimmingASCIIWhitespaceAndNewlines().isEmpty { report("migration '\(migration.id)' has no SQL") }
        }
        let migrationOrder = manifest.migrations.map(\.id)
        if migrationOrder != migrationOrder.sorted() {
            report("migrations must be declared in the order of their ids (\(migrationOrder.joined(separator: ", ")))")
        }

        var routeKeys: Set<String> = []
        for route in manifest.routes {
            if let problem = RoutePath.problem(in: route.path) {
                report("route \(route.method) \(route.path): \(problem)")
            }
            let key = "\(route.surface) \(route.method) \(RoutePath.shape(of: route.path))"
            if !routeKeys.insert(key).inserted {
                report("route \(route.method) \(route.path) (\(route.surface)) is declared twice")
            }
            if route.summary.isEmpty { report("route \(route.method) \(route.path) needs a summary") }
        }

        var jobNames: Set<String> = []
        for job in manifest.jobs {
            if !job.name.hasPrefix("\(id).") { report("job '\(job.name)' must start with '\(id).'") }
            if !jobNames.insert(job.name).inserted { report("job '\(job.name)' is declared twice") }
            if job.maxAttempts < 1 { report("job '\(job.name)' needs maxAttempts of at least 1") }
            if case .every(let interval)? = job.schedule, interval < .seconds(1) {
                report("job '\(job.name)' runs more often than once a second")
            }
            if case .cron(let expression)? = job.schedule {
                do {
                    _ = try CronExpression(parsing: expression)
                } catch {
                    report("job '\(job.name)': \(error)")
                }
            }
        }
        for subscription in manifest.subscriptions where !subscription.event.contains(".") {
            report("subscription to '\(subscription.event)' must name an event as '<module-id>.<event>'")
        }
        for entry in manifest.navigation where RoutePath.problem(in: entry.path) != nil {
            report("navigation entry path '\(entry.path)' is not a valid path")
        }
        for entry in manifest.navigation where manifest.catalog.message(entry.titleKey, language: "en") == nil {
            report("navigation entry '\(entry.titleKey)' has no text in the module's Catalogs/en.json")
        }
        var factIDs: Set<String> = []
        for fact in manifest.facts {
            if !fact.id.hasPrefix("\(id).") { report("fact '\(fact.id)' must start with '\(id).'") }
            if !factIDs.insert(fact.id).inserted { report("fact '\(fact.id)' is declared twice") }
            let keys = [fact.titleKey] + (fact.sizeTitleKey.map { [$0] } ?? []) + fact.targetGroups.map(\.titleKey)
            for key in keys where manifest.catalog.message(key, language: "en") == nil {
                report("fact '\(fact.id)': '\(key)' has no text in the module's Catalogs/en.json")
            }
            if Set(fact.targetGroups.map(\.key)).count != fact.targetGroups.count {
                report("fact '\(fact.id)' declares a target group twice")
            }
        }
        var kinds: Set<String> = []
        for kind in manifest.contentKinds {
            if !ContentSlug.isValid(kind.id) { report("content kind '\(kind.id)' must be lowercase letters, digits and hyphens") }
            if !kinds.insert(kind.id).inserted { report("content kind '\(kind.id)' is declared twice") }
            if RoutePath.problem(in: kind.path) != nil || !kind.path.contains("{slug}") {
                report("content kind '\(kind.id)': path '\(kind.path)' must be a page path with {slug}")
            }
        }
        var sections: Set<String> = []
        for section in manifest.homeSections where !sections.insert(section.id).inserted {
            report("home section '\(section.id)' is declared twice")
        }
        return problems
    }
}

/// Syntax of route paths: `/segment/{parameter}/…`, no trailing slash, no empty segments.
enum RoutePath {
    static func problem(in path: String) -> String? {
        guard path.hasPrefix("/") else { return "path must start with '/'" }
        if path == "/" { return nil }
        if path.hasSuffix("/") { return "path must not end with '/'" }
        var parameters: Set<String> = []
        for segment in path.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            if segment.isEmpty { return "path has an empty segment" }
            if segment.hasPrefix("{") || segment.hasSuffix("}") {
                let name = segment.dropFirst().dropLast()
                guard segment.hasPrefix("{"), segment.hasSuffix("}"), !name.isEmpty,
                      name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
                    return "parameter segment '\(segment)' must look like {name}"
                }
                if !parameters.insert(String(name)).inserted { return "parameter {\(name)} appears twice" }
            } else if segment.contains("{") || segment.contains("}") || segment.contains("?") || segment.contains("%") {
                return "segment '\(segment)' holds a reserved character"
            }
        }
        return nil
    }

    /// The path with parameter names erased, so `/a/{id}` and `/a/{slug}` compare equal.
    static func shape(of path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false)
            .map { $0.hasPrefix("{") ? "{}" : String($0) }
            .joined(separator: "/")
    }
}

extension String {
    func trimmingASCIIWhitespaceAndNewlines() -> Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) }) else {
            return self[endIndex...]
        }
        return self[start...end]
    }
}
