import Foundation

/// Something a module can count for funders' reports, declared in its manifest (`facts:`):
/// "events held", "participants registered", "distinct people reached". The kernel's
/// reporting service asks the module for the fact's records in a region and a period and
/// counts them against the targets of funded projects, so numbers always come from the data.
///
///     FactDeclaration(
///         "workshops.events-held", titleKey: "fact.eventsHeld", summary: "Workshops held",
///         sizeTitleKey: "fact.eventsHeld.size",
///         targetGroups: [FactChoice("volunteers-staff", titleKey: "targetGroup.volunteersStaff")]
///     ) { query, db in
///         try db.query("SELECT … WHERE region = \(query.region) AND held_at >= \(query.from) …").map { … }
///     }
public struct FactDeclaration: Sendable {
    /// How the records of a fact become one number.
    public enum Counting: String, Sendable, Codable {
        /// Every record counts once (events held, registrations).
        case records
        /// Records of the same person count once (people reached); records without a person
        /// count once each.
        case distinctPeople = "distinct-people"
    }

    public typealias Collector = @Sendable (FactQuery, any DatabaseConnection) throws -> [FactRecord]

    /// `<module-id>.<name>`, stable: funded projects' targets refer to it.
    public var id: String
    /// The fact's name, a key in the module's catalog (shown in reports in the reader's language).
    public var titleKey: String
    /// One English line for operators and the API.
    public var summary: String
    public var counting: Counting
    /// What a record's `size` counts (a catalog key: "participants each"), for targets such as
    /// "2 meetings with at least 20 participants each"; nil when records have no size.
    public var sizeTitleKey: String?
    /// The target groups records may carry, for targets such as "140 volunteers and staff".
    public var targetGroups: [FactChoice]
    /// The records in a region and period (runs in the region's read scope).
    public var collect: Collector

    public init(
        _ id: String, titleKey: String, summary: String, counting: Counting = .records, sizeTitleKey: String? = nil,
        targetGroups: [FactChoice] = [], collect: @escaping Collector
    ) {
        self.id = id
        self.titleKey = titleKey
        self.summary = summary
        self.counting = counting
        self.sizeTitleKey = sizeTitleKey
        self.targetGroups = targetGroups
        self.collect = collect
    }
}

/// A value of a fact's dimension (a target group): a stable key and its name in the module's catalog.
public struct FactChoice: Sendable, Hashable {
    public var key: String
    public var titleKey: String

    public init(_ key: String, titleKey: String) {
        self.key = key
        self.titleKey = titleKey
    }
}

/// What a fact's collector is asked for: the records of `region` dated in `from..<to`,
/// only of the tagged things in `references` when given.
public struct FactQuery: Sendable {
    public var region: String
    public var from: Date
    public var to: Date
    /// The module's own keys of the things to count (`workshop:12`); nil for all of them.
    public var references: Set<String>?
    /// The kernel services (bookings, places) the collector may read through.
    public var services: KernelServices

    public init(region: String, from: Date, to: Date, references: Set<String>? = nil, services: KernelServices) {
        self.region = region
        self.from = from
        self.to = to
        self.references = references
        self.services = services
    }

    /// Whether `reference` is asked for.
    public func includes(_ reference: String) -> Bool { references?.contains(reference) ?? true }
}

/// One countable thing: a workshop held, a registration, a person's participation.
public struct FactRecord: Sendable, Hashable {
    /// The module's key of the thing a coordinator tags to a funded project (`workshop:12`).
    public var reference: String
    /// When it counts (a workshop's first session); the period filter applies to it.
    public var at: Date
    /// One of the fact's declared target groups, if the thing has one.
    public var targetGroup: String?
    /// A key of the person it concerns, for `distinctPeople` (see `FactRecord.person(email:)`).
    public var person: String?
    /// A size the thing has (participants who attended a meeting).
    public var size: Int?

    public init(reference: String, at: Date, targetGroup: String? = nil, person: String? = nil, size: Int? = nil) {
        self.reference = reference
        self.at = at
        self.targetGroup = targetGroup
        self.person = person
        self.size = size
    }

    /// The person key of an e-mail address: a digest of the normalised address, equal across
    /// modules and regions, so people are counted once wherever they took part.
    public static func person(email: String) -> String {
        let normalised = email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        return "email:" + String(Digest.sha256Hex(Array(normalised.utf8)).prefix(32))
    }
}
