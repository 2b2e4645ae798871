import Foundation

/// A funded project's targets against what the data shows, per indicator category and
/// region, for the project's period or a part of it. Built by `ReportingService.report`;
/// rendered as a page, as CSV (`ReportCSV`) and as JSON (this type's encoding).
public struct ProjectReport: Sendable, Encodable {
    public struct Project: Sendable, Encodable {
        public var id: Int64
        public var name: String
        public var funder: String
        public var reference: String
        public var firstDay: String
        public var lastDay: String
    }

    public struct RegionName: Sendable, Encodable {
        public var id: String
        public var name: String
    }

    /// One target and what was reached.
    public struct Row: Sendable, Encodable {
        public var categoryID: Int64
        public var category: String
        public var targetID: Int64
        public var fact: String
        public var factTitle: String
        public var targetGroup: String?
        public var targetGroupTitle: String?
        public var minimumSize: Int?
        /// What the size counts ("participants each"), with `minimumSize`.
        public var sizeTitle: String?
        public var target: Int
        /// Reached in all the project's regions (distinct people counted once across them).
        public var actual: Int
        /// Reached per region id.
        public var byRegion: [String: Int]
        /// Reached per target group of the fact (records without one under `""`).
        public var byTargetGroup: [String: Int]
        public var met: Bool
        /// False when no region of the project runs the module that declares the fact.
        public var available: Bool
    }

    public var project: Project
    /// The days counted, both included (the project's period unless narrowed).
    public var firstDay: String
    public var lastDay: String
    public var regions: [RegionName]
    public var generatedAt: Date
    public var rows: [Row]
}

extension ReportingService {
    /// The report of project `id` as seen from `region` (which the project must cover),
    /// for its period or the part of it between `from` and `to` (both days included).
    /// Each covered region's data is read in that region's scope, its days in its own zone.
    public func report(
        project id: Int64, region: String, from: ReportingDay? = nil, to: ReportingDay? = nil, languages: [String]
    ) throws -> ProjectReport {
        guard let project = try services.storage.read(.region(region), { try self.project(id, in: $0) }),
              let projectFirst = ReportingDay(project.details.firstDay), let projectLast = ReportingDay(project.details.lastDay) else {
            throw ReportingError.projectNotFound(id)
        }
        let first = max(from ?? projectFirst, projectFirst)
        let last = min(to ?? projectLast, projectLast)

        var tallies = Dictionary(uniqueKeysWithValues: project.targets.map { ($0.id, TargetTally()) })
        var available: Set<Int64> = []
        let regions = project.regions.compactMap { services.regions[$0] }
        for covered in regions {
            let start = first.start(in: covered.timeZone)
            let end = last.next.start(in: covered.timeZone)
            try services.storage.read(.region(covered.id)) { db in
                let tagged = try taggedReferences(project: id, in: db)
                var cache: [String: [FactRecord]] = [:]
                for target in project.targets {
                    guard let fact = fact(target.fact), covered.enables(fact.module) else { continue }
                    available.insert(target.id)
                    let references = tagged[TagKey(category: target.categoryID, owner: fact.module)] ?? []
                    guard !references.isEmpty else { continue }
                    let key = "\(fact.id) \(target.categoryID)"
                    let records = try cache[key] ?? fact.declaration.collect(
                        FactQuery(region: covered.id, from: start, to: end, references: references, services: services), db)
                        .filter { $0.at >= start && $0.at < end && references.contains($0.reference) }
                    cache[key] = records
                    let counted = records.filter { record in
                        (target.targetGroup.map { record.targetGroup == $0 } ?? true)
                            && (target.minimumSize.map { (record.size ?? 0) >= $0 } ?? true)
                    }
                    tallies[target.id]?.add(counted, region: covered.id, counting: fact.declaration.counting)
                }
            }
        }

        let rows = project.targets.map { target -> ProjectReport.Row in
            let fact = fact(target.fact)
            let tally = tallies[target.id] ?? TargetTally()
            let actual = tally.total
            return ProjectReport.Row(
                categoryID: target.categoryID, category: project.category(target.categoryID)?.name ?? "",
                targetID: target.id, fact: target.fact, factTitle: fact?.title(languages: languages) ?? target.fact,
                targetGroup: target.targetGroup,
                targetGroupTitle: target.targetGroup.map { fact?.targetGroupTitle($0, languages: languages) ?? $0 },
                minimumSize: target.minimumSize, sizeTitle: target.minimumSize == nil ? nil : fact?.sizeTitle(languages: languages),
                target: target.value, actual: actual,
                byRegion: Dictionary(uniqueKeysWithValues: regions.map { ($0.id, tally.count(region: $0.id)) }),
                byTargetGroup: tally.byTargetGroup, met: actual >= target.value, available: available.contains(target.id))
        }
        let language = languages.first ?? "en"
        return ProjectReport(
            project: ProjectReport.Project(
                id: project.id, name: project.details.name, funder: project.details.funder, reference: project.details.reference,
                firstDay: project.details.firstDay, lastDay: project.details.lastDay),
            firstDay: first.description, lastDay: last.description,
            regions: regions.map { ProjectReport.RegionName(id: $0.id, name: $0.name(in: language)) },
            generatedAt: services.clock.now(), rows: rows)
    }

    struct TagKey: Hashable {
        var category: Int64
        var owner: String
    }

    /// The references tagged to each category of the project in the connection's region.
    func taggedReferences(project: Int64, in db: any DatabaseConnection) throws -> [TagKey: Set<String>] {
        guard let region = db.scope.region else { return [:] }
        var tagged: [TagKey: Set<String>] = [:]
        try db.forEachRow("""
            SELECT owner, reference, category_id FROM kernel_reporting_assignments WHERE region = \(region) AND project_id = \(project)
            """) { row in
            tagged[TagKey(category: try row.get("category_id"), owner: try row.get("owner")), default: []].insert(try row.get("reference"))
        }
        return tagged
    }
}

/// What one target reached, per region and per target group; people counted once across
/// regions for `distinctPeople` facts.
struct TargetTally {
    private var counting = FactDeclaration.Counting.records
    private var records: [String: Int] = [:]
    private var people: [String: Set<String>] = [:]
    private var groupRecords: [String: Int] = [:]
    private var groupPeople: [String: Set<String>] = [:]
    private var anonymous = 0

    mutating func add(_ counted: [FactRecord], region: String, counting: FactDeclaration.Counting) {
        self.counting = counting
        for record in counted {
            let group = record.targetGroup ?? ""
            switch counting {
            case .records:
                records[region, default: 0] += 1
                groupRecords[group, default: 0] += 1
            case .distinctPeople:
                // A record without a person (erased, or never known) is someone of its own.
                let person = record.person ?? "anonymous:\(anonymous)"
                if record.person == nil { anonymous += 1 }
                people[region, default: []].insert(person)
                groupPeople[group, default: []].insert(person)
            }
        }
    }

    func count(region: String) -> Int {
        counting == .records ? records[region] ?? 0 : people[region]?.count ?? 0
    }

    var total: Int {
        counting == .records ? records.values.reduce(0, +) : people.values.reduce(into: Set<String>()) { $0.formUnion($1) }.count
    }

    var byTargetGroup: [String: Int] {
        counting == .records ? groupRecords : groupPeople.mapValues(\.count)
    }
}
