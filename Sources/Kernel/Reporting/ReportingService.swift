import Foundation
import Web

/// Funded projects and their targets, the tags that put a module's things into a project's
/// indicator category, and the reports that count the tagged things' facts against the
/// targets (see `ProjectReport`). Modules declare what they can count (`facts:` in their
/// manifest); coordinators define projects on the kernel's report pages.
///
/// Projects, categories and targets are shared by the regions a project covers: changes run
/// in the service's own global transaction after checking that the acting region owns the
/// project. Tags belong to one region and are written in the caller's transaction.
public struct ReportingService: Sendable {
    let services: KernelServices

    /// The action of coordinators who define projects and targets.
    public static let manageProjects = "kernel.manage-funded-projects"
    /// The action of those who read reports and indicators.
    public static let readReports = "kernel.read-reports"

    // MARK: - Facts

    /// A fact a linked module declares, with what is needed to name it.
    public struct RegisteredFact: Sendable {
        public var module: String
        public var declaration: FactDeclaration
        let catalog: Catalog

        public var id: String { declaration.id }

        public func title(languages: [String]) -> String {
            Localizer(catalog: catalog, languages: languages).text(declaration.titleKey)
        }

        public func sizeTitle(languages: [String]) -> String? {
            declaration.sizeTitleKey.map { Localizer(catalog: catalog, languages: languages).text($0) }
        }

        /// The name of one of the fact's target groups (the key itself when undeclared).
        public func targetGroupTitle(_ key: String, languages: [String]) -> String {
            guard let choice = declaration.targetGroups.first(where: { $0.key == key }) else { return key }
            return Localizer(catalog: catalog, languages: languages).text(choice.titleKey)
        }
    }

    /// Every fact of the linked modules, in the registry's order.
    public var facts: [RegisteredFact] {
        services.registry.manifests.flatMap { manifest in
            manifest.facts.map { RegisteredFact(module: manifest.id, declaration: $0, catalog: manifest.catalog) }
        }
    }

    /// The facts of the modules `region` enables.
    public func facts(in region: Region) -> [RegisteredFact] {
        facts.filter { region.enables($0.module) }
    }

    public func fact(_ id: String) -> RegisteredFact? { facts.first { $0.id == id } }

    // MARK: - Reading projects

    /// The projects covering the connection's region (every project in the global scope),
    /// newest period first.
    public func projects(in db: any DatabaseConnection) throws -> [FundedProject] {
        let ids: [Int64]
        if let region = db.scope.region {
            ids = try db.query("""
                SELECT project_id FROM kernel_reporting_project_regions WHERE region = \(region)
                """).map { try $0.get("project_id") }
        } else {
            ids = try db.query("SELECT id FROM kernel_reporting_projects").map { try $0.get("id") }
        }
        return try load(ids, in: db).sorted { ($0.details.firstDay, $0.id) > ($1.details.firstDay, $1.id) }
    }

    /// The project with `id` if it covers the connection's region.
    public func project(_ id: Int64, in db: any DatabaseConnection) throws -> FundedProject? {
        if let region = db.scope.region {
            let covered = try db.scalar(Int64.self, """
                SELECT project_id FROM kernel_reporting_project_regions WHERE region = \(region) AND project_id = \(id)
                """)
            guard covered != nil else { return nil }
        }
        return try load([id], in: db).first
    }

    private func load(_ ids: [Int64], in db: any DatabaseConnection) throws -> [FundedProject] {
        guard !ids.isEmpty else { return [] }
        var projects = try db.query("""
            SELECT id, home_region, name, funder, reference, first_day, last_day, regions FROM kernel_reporting_projects
            WHERE id IN (\(list: ids)) ORDER BY id
            """).map { row in
            FundedProject(
                id: try row.get("id"), homeRegion: try row.get("home_region"),
                details: ProjectDetails(
                    name: try row.get("name"), funder: try row.get("funder"), reference: try row.get("reference"),
                    firstDay: try row.get("first_day"), lastDay: try row.get("last_day")),
                regions: Self.regionList(try row.get("regions")), categories: [], targets: [])
        }
        let categories = try db.query("""
            SELECT id, project_id, name FROM kernel_reporting_categories WHERE project_id IN (\(list: ids)) ORDER BY position, id
            """)
        let targets = try db.query("""
            SELECT id, project_id, category_id, fact, target_group, minimum_size, value FROM kernel_reporting_targets
            WHERE project_id IN (\(list: ids)) ORDER BY position, id
            """)
        for index in projects.indices {
            let id = projects[index].id
            projects[index].categories = try categories.filter { try $0.get("project_id", as: Int64.self) == id }.map {
                IndicatorCategory(id: try $0.get("id"), name: try $0.get("name"))
            }
            projects[index].targets = try targets.filter { try $0.get("project_id", as: Int64.self) == id }.map {
                ProjectTarget(
                    id: try $0.get("id"), categoryID: try $0.get("category_id"), fact: try $0.get("fact"),
                    targetGroup: try $0.get("target_group"), minimumSize: try $0.get("minimum_size"), value: try $0.get("value"))
            }
        }
        return projects
    }

    static func regionList(_ text: String) -> [String] {
        text.split(separator: ",").map(String.init)
    }

    // MARK: - Changing projects

    /// A category with its targets, for creating a project in one step.
    public struct NewCategory: Sendable, Equatable {
        public var name: String
        /// Targets of the category (their `categoryID` is ignored).
        public var targets: [NewProjectTarget]

        public init(name: String, targets: [NewProjectTarget] = []) {
            self.name = name
            self.targets = targets
        }
    }

    /// Creates a project owned by `region`, covering it, with its categories and targets in
    /// one transaction: any problem creates nothing.
    @discardableResult
    public func createProject(
        _ details: ProjectDetails, categories: [NewCategory] = [], region: String, actor: AuditActor
    ) throws -> FundedProject {
        let details = try details.validated()
        guard services.regions[region] != nil else { throw ReportingError.regionNotAllowed(region) }
        let now = services.clock.now()
        return try services.storage.write(.global) { db in
            guard let id = try db.query("""
                INSERT INTO kernel_reporting_projects (home_region, name, funder, reference, first_day, last_day, regions, created_at, updated_at)
                VALUES (\(region), \(details.name), \(details.funder), \(details.reference), \(details.firstDay), \(details.lastDay),
                        \(region), \(now), \(now))
                RETURNING id
                """).first.map({ try $0.get("id", as: Int64.self) }) else { throw ReportingError.projectNotFound(0) }
            try db.execute("INSERT INTO kernel_reporting_project_regions (region, project_id, position) VALUES (\(region), \(id), 0)")
            var project = FundedProject(id: id, homeRegion: region, details: details, regions: [region], categories: [], targets: [])
            for category in categories {
                let added = try insertCategory(category.name, into: project, db: db)
                project.categories.append(added)
                for target in category.targets {
                    var target = target
                    target.categoryID = added.id
                    project.targets.append(try insertTarget(target, into: project, db: db))
                }
            }
            try audit("kernel.funded-project-created", project: id, region: region, actor: actor, detail: ["name": .string(details.name)], db: db)
            return project
        }
    }

    public func updateProject(_ id: Int64, details: ProjectDetails, region: String, actor: AuditActor) throws {
        let details = try details.validated()
        try changing(id, region: region) { db, _ in
            try db.execute("""
                UPDATE kernel_reporting_projects SET name = \(details.name), funder = \(details.funder), reference = \(details.reference),
                    first_day = \(details.firstDay), last_day = \(details.lastDay), updated_at = \(services.clock.now())
                WHERE id = \(id)
                """)
            try audit("kernel.funded-project-changed", project: id, region: region, actor: actor, detail: ["name": .string(details.name)], db: db)
        }
    }

    /// Sets the regions the project covers (the home region always stays, first). Regions
    /// added must be in `allowed`: those where the editor manages funded projects too.
    public func setRegions(_ regions: [String], of id: Int64, allowed: Set<String>, region: String, actor: AuditActor) throws {
        try changing(id, region: region) { db, project in
            var chosen = [project.homeRegion]
            for other in regions where !chosen.contains(other) {
                guard services.regions[other] != nil, allowed.contains(other) || project.regions.contains(other) else {
                    throw ReportingError.regionNotAllowed(other)
                }
                chosen.append(other)
            }
            for removed in project.regions where !chosen.contains(removed) {
                try db.execute("DELETE FROM kernel_reporting_assignments WHERE region = \(removed) AND project_id = \(id)")
                try db.execute("DELETE FROM kernel_reporting_project_regions WHERE region = \(removed) AND project_id = \(id)")
            }
            for (position, covered) in chosen.enumerated() {
                try db.execute("""
                    INSERT INTO kernel_reporting_project_regions (region, project_id, position) VALUES (\(covered), \(id), \(position))
                    ON CONFLICT (region, project_id) DO UPDATE SET position = excluded.position
                    """)
            }
            try db.execute("""
                UPDATE kernel_reporting_projects SET regions = \(chosen.joined(separator: ",")), updated_at = \(services.clock.now())
                WHERE id = \(id)
                """)
            try audit("kernel.funded-project-regions-changed", project: id, region: region, actor: actor,
                      detail: ["regions": .array(chosen.map(JSONValue.string))], db: db)
        }
    }

    /// Deletes the project with its categories, targets and every region's tags.
    public func deleteProject(_ id: Int64, region: String, actor: AuditActor) throws {
        try changing(id, region: region) { db, project in
            try db.execute("DELETE FROM kernel_reporting_assignments WHERE project_id = \(id)")
            try db.execute("DELETE FROM kernel_reporting_project_regions WHERE project_id = \(id)")
            try db.execute("DELETE FROM kernel_reporting_targets WHERE project_id = \(id)")
            try db.execute("DELETE FROM kernel_reporting_categories WHERE project_id = \(id)")
            try db.execute("DELETE FROM kernel_reporting_projects WHERE id = \(id)")
            try audit("kernel.funded-project-deleted", project: id, region: region, actor: actor,
                      detail: ["name": .string(project.details.name)], db: db)
        }
    }

    @discardableResult
    public func addCategory(_ name: String, to id: Int64, region: String, actor: AuditActor) throws -> IndicatorCategory {
        try changing(id, region: region) { db, project in
            let category = try insertCategory(name, into: project, db: db)
            try audit("kernel.funded-project-category-added", project: id, region: region, actor: actor, detail: ["name": .string(category.name)], db: db)
            return category
        }
    }

    /// Removes a category with its targets and every region's tags to it.
    public func removeCategory(_ category: Int64, of id: Int64, region: String, actor: AuditActor) throws {
        try changing(id, region: region) { db, project in
            guard let removed = project.category(category) else { throw ReportingError.categoryNotFound(category) }
            try db.execute("DELETE FROM kernel_reporting_assignments WHERE project_id = \(id) AND category_id = \(category)")
            try db.execute("DELETE FROM kernel_reporting_targets WHERE project_id = \(id) AND category_id = \(category)")
            try db.execute("DELETE FROM kernel_reporting_categories WHERE project_id = \(id) AND id = \(category)")
            try audit("kernel.funded-project-category-removed", project: id, region: region, actor: actor,
                      detail: ["name": .string(removed.name)], db: db)
        }
    }

    @discardableResult
    public func addTarget(_ target: NewProjectTarget, to id: Int64, region: String, actor: AuditActor) throws -> ProjectTarget {
        try changing(id, region: region) { db, project in
            let added = try insertTarget(target, into: project, db: db)
            try audit("kernel.funded-project-target-added", project: id, region: region, actor: actor,
                      detail: ["fact": .string(added.fact), "value": .integer(Int64(added.value))], db: db)
            return added
        }
    }

    public func removeTarget(_ target: Int64, of id: Int64, region: String, actor: AuditActor) throws {
        try changing(id, region: region) { db, project in
            guard project.targets.contains(where: { $0.id == target }) else { throw ReportingError.targetNotFound(target) }
            try db.execute("DELETE FROM kernel_reporting_targets WHERE project_id = \(id) AND id = \(target)")
            try audit("kernel.funded-project-target-removed", project: id, region: region, actor: actor,
                      detail: ["target": .integer(target)], db: db)
        }
    }

    private func insertCategory(_ name: String, into project: FundedProject, db: any DatabaseTransaction) throws -> IndicatorCategory {
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else { throw ReportingError.required(field: "name") }
        guard name.count <= ProjectDetails.maximumNameLength else {
            throw ReportingError.tooLong(field: "name", maximum: ProjectDetails.maximumNameLength)
        }
        guard !project.categories.contains(where: { $0.name.lowercased() == name.lowercased() }) else {
            throw ReportingError.duplicateCategory(name)
        }
        guard let id = try db.query("""
            INSERT INTO kernel_reporting_categories (project_id, name, position)
            VALUES (\(project.id), \(name), \(project.categories.count)) RETURNING id
            """).first.map({ try $0.get("id", as: Int64.self) }) else { throw ReportingError.projectNotFound(project.id) }
        return IndicatorCategory(id: id, name: name)
    }

    /// Checks a target against the declared facts: the fact exists, counts by the target
    /// group, and has a size when a minimum is given.
    public func validate(_ target: NewProjectTarget) throws(ReportingError) -> NewProjectTarget {
        guard let fact = fact(target.fact) else { throw .unknownFact(target.fact) }
        var target = target
        target.targetGroup = target.targetGroup.flatMap { $0.isEmpty ? nil : $0 }
        if let group = target.targetGroup, !fact.declaration.targetGroups.contains(where: { $0.key == group }) {
            throw .targetGroupNotOffered(fact: fact.id, targetGroup: group)
        }
        if let minimum = target.minimumSize {
            guard fact.declaration.sizeTitleKey != nil else { throw .sizeNotMeasured(fact: fact.id) }
            guard (1...1_000_000).contains(minimum) else { throw .invalidNumber(field: "minimumSize") }
        }
        guard (0...1_000_000).contains(target.value) else { throw .invalidNumber(field: "value") }
        return target
    }

    private func insertTarget(_ target: NewProjectTarget, into project: FundedProject, db: any DatabaseTransaction) throws -> ProjectTarget {
        let target = try validate(target)
        guard project.category(target.categoryID) != nil else { throw ReportingError.categoryNotFound(target.categoryID) }
        let position = try db.scalar(Int.self, "SELECT COUNT(*) FROM kernel_reporting_targets WHERE project_id = \(project.id)") ?? 0
        guard let id = try db.query("""
            INSERT INTO kernel_reporting_targets (project_id, category_id, fact, target_group, minimum_size, value, position)
            VALUES (\(project.id), \(target.categoryID), \(target.fact), \(target.targetGroup), \(target.minimumSize), \(target.value), \(position))
            RETURNING id
            """).first.map({ try $0.get("id", as: Int64.self) }) else { throw ReportingError.projectNotFound(project.id) }
        return ProjectTarget(
            id: id, categoryID: target.categoryID, fact: target.fact, targetGroup: target.targetGroup,
            minimumSize: target.minimumSize, value: target.value)
    }

    /// Runs a change of project `id` in a global transaction, after checking that `region`
    /// owns it (others may see it, not change it).
    private func changing<T>(_ id: Int64, region: String, _ body: (any DatabaseTransaction, FundedProject) throws -> T) throws -> T {
        try services.storage.write(.global) { db in
            guard let project = try load([id], in: db).first, project.regions.contains(region) else {
                throw ReportingError.projectNotFound(id)
            }
            guard project.homeRegion == region else { throw ReportingError.notHomeRegion(project: id) }
            return try body(db, project)
        }
    }

    private func audit(
        _ action: String, project: Int64, region: String, actor: AuditActor, detail: [String: JSONValue], db: any DatabaseTransaction
    ) throws {
        try AuditLog.record(
            region: region, actor: actor, action: action, subject: "funded project \(project)", detail: .object(detail),
            at: services.clock.now(), in: db)
    }

    // MARK: - Tags

    /// The project categories a module's thing is tagged to, in the transaction's region.
    public func assignments(owner: String, reference: String, in db: any DatabaseConnection) throws -> [ProjectAssignment] {
        guard let region = db.scope.region else { return [] }
        return try db.query("""
            SELECT project_id, category_id FROM kernel_reporting_assignments
            WHERE region = \(region) AND owner = \(owner) AND reference = \(reference) ORDER BY project_id
            """).map { ProjectAssignment(project: try $0.get("project_id"), category: try $0.get("category_id")) }
    }

    /// Tags a module's thing to these project categories (one category per project),
    /// replacing its previous tags. Each project must cover the transaction's region.
    public func setAssignments(_ assignments: [ProjectAssignment], owner: String, reference: String, in db: any DatabaseTransaction) throws {
        guard let region = db.scope.region else { throw ReportingError.needsRegion }
        var seen: Set<Int64> = []
        for assignment in assignments {
            guard let project = try project(assignment.project, in: db) else { throw ReportingError.projectNotFound(assignment.project) }
            guard project.category(assignment.category) != nil else { throw ReportingError.categoryNotFound(assignment.category) }
            guard seen.insert(assignment.project).inserted else { throw ReportingError.taggedTwice(project: assignment.project) }
        }
        try db.execute("DELETE FROM kernel_reporting_assignments WHERE region = \(region) AND owner = \(owner) AND reference = \(reference)")
        for assignment in assignments {
            try db.execute("""
                INSERT INTO kernel_reporting_assignments (region, owner, reference, project_id, category_id)
                VALUES (\(region), \(owner), \(reference), \(assignment.project), \(assignment.category))
                """)
        }
    }

    /// Every category a thing can be tagged to in the connection's region: each project
    /// covering it with its categories.
    public func assignableCategories(in db: any DatabaseConnection) throws -> [(project: FundedProject, category: IndicatorCategory)] {
        try projects(in: db).flatMap { project in project.categories.map { (project, $0) } }
    }
}

extension KernelServices {
    /// Funded projects, targets, tags and reports.
    public var reporting: ReportingService { ReportingService(services: self) }
}
