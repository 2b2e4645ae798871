/// Every fact of a region's modules counted over a period, whatever is tagged to projects:
/// what a coordinator looks at before a funder asks ("how many people did we reach this
/// year?").
public struct IndicatorCount: Sendable, Encodable {
    public struct Group: Sendable, Encodable {
        public var key: String
        public var title: String
        public var count: Int
    }

    public var fact: String
    public var module: String
    public var title: String
    public var summary: String
    public var total: Int
    /// Counts per declared target group, in the declaration's order.
    public var byTargetGroup: [Group]
}

extension ReportingService {
    /// The facts of `region`'s modules over the days `from` to `to` (both included), in the region's zone.
    public func indicators(region: Region, from: ReportingDay, to: ReportingDay, languages: [String]) throws -> [IndicatorCount] {
        let start = from.start(in: region.timeZone)
        let end = to.next.start(in: region.timeZone)
        return try services.storage.read(.region(region.id)) { db in
            try facts(in: region).map { fact in
                let records = try fact.declaration.collect(FactQuery(region: region.id, from: start, to: end, services: services), db)
                    .filter { $0.at >= start && $0.at < end }
                var tally = TargetTally()
                tally.add(records, region: region.id, counting: fact.declaration.counting)
                let groups = tally.byTargetGroup
                return IndicatorCount(
                    fact: fact.id, module: fact.module, title: fact.title(languages: languages), summary: fact.declaration.summary,
                    total: tally.total,
                    byTargetGroup: fact.declaration.targetGroups.map { choice in
                        IndicatorCount.Group(
                            key: choice.key, title: fact.targetGroupTitle(choice.key, languages: languages), count: groups[choice.key] ?? 0)
                    })
            }
        }
    }
}
