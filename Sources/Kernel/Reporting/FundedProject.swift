import Foundation

/// A funded project: a funder's programme with a period, the regions it runs in, indicator
/// categories ("training events", "best-practice meetings") and targets in each category
/// drawn from the facts modules declare. Coordinators tag the things they run (a workshop)
/// to a project's category; the report counts the tagged things' records.
public struct FundedProject: Sendable, Equatable, Codable {
    public var id: Int64
    /// The region that created it; only there can it be changed or deleted.
    public var homeRegion: String
    public var details: ProjectDetails
    /// The regions whose data counts, the home region first.
    public var regions: [String]
    public var categories: [IndicatorCategory]
    public var targets: [ProjectTarget]

    /// The category with `id`, if it belongs to this project.
    public func category(_ id: Int64) -> IndicatorCategory? { categories.first { $0.id == id } }

    /// The targets of one category, in order.
    public func targets(in category: Int64) -> [ProjectTarget] { targets.filter { $0.categoryID == category } }
}

/// What a coordinator types about a project.
public struct ProjectDetails: Sendable, Equatable, Codable {
    public var name: String
    /// Who funds it ("Bundesministerium …"); may be empty.
    public var funder: String
    /// The funder's reference number (Förderkennzeichen); may be empty.
    public var reference: String
    /// First and last day of the funding period, `YYYY-MM-DD`, both included.
    public var firstDay: String
    public var lastDay: String

    public init(name: String, funder: String = "", reference: String = "", firstDay: String, lastDay: String) {
        self.name = name
        self.funder = funder
        self.reference = reference
        self.firstDay = firstDay
        self.lastDay = lastDay
    }

    public static let maximumNameLength = 200

    /// Trimmed details; `ReportingError` naming the field when one is missing or invalid.
    public func validated() throws(ReportingError) -> ProjectDetails {
        var details = self
        details.name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        details.funder = funder.trimmingCharacters(in: .whitespacesAndNewlines)
        details.reference = reference.trimmingCharacters(in: .whitespacesAndNewlines)
        details.firstDay = firstDay.trimmingCharacters(in: .whitespaces)
        details.lastDay = lastDay.trimmingCharacters(in: .whitespaces)
        guard !details.name.isEmpty else { throw .required(field: "name") }
        for (field, value) in [("name", details.name), ("funder", details.funder), ("reference", details.reference)]
        where value.count > Self.maximumNameLength {
            throw .tooLong(field: field, maximum: Self.maximumNameLength)
        }
        guard let first = ReportingDay(details.firstDay) else { throw .invalidDay(field: "firstDay") }
        guard let last = ReportingDay(details.lastDay) else { throw .invalidDay(field: "lastDay") }
        guard first <= last else { throw .periodReversed }
        return details
    }
}

/// An indicator category of a project, named as the funder names it.
public struct IndicatorCategory: Sendable, Equatable, Codable {
    public var id: Int64
    public var name: String
}

/// "At least `value`" of a fact in a category: events held, participants of a target group,
/// or things whose size reaches `minimumSize` ("meetings with at least 20 participants each").
public struct ProjectTarget: Sendable, Equatable, Codable {
    public var id: Int64
    public var categoryID: Int64
    /// A declared fact's id (`workshops.events-held`).
    public var fact: String
    /// Only records of this target group count.
    public var targetGroup: String?
    /// Only records at least this large count.
    public var minimumSize: Int?
    public var value: Int
}

/// What a coordinator gives for a new target.
public struct NewProjectTarget: Sendable, Equatable {
    public var categoryID: Int64
    public var fact: String
    public var targetGroup: String?
    public var minimumSize: Int?
    public var value: Int

    public init(categoryID: Int64, fact: String, targetGroup: String? = nil, minimumSize: Int? = nil, value: Int) {
        self.categoryID = categoryID
        self.fact = fact
        self.targetGroup = targetGroup
        self.minimumSize = minimumSize
        self.value = value
    }
}

/// A thing of a module tagged to a project's category.
public struct ProjectAssignment: Sendable, Hashable, Codable {
    public var project: Int64
    public var category: Int64

    public init(project: Int64, category: Int64) {
        self.project = project
        self.category = category
    }
}

/// A calendar day `YYYY-MM-DD` of a reporting period.
public struct ReportingDay: Sendable, Hashable, Comparable, CustomStringConvertible {
    let date: CivilDate

    public init?(_ text: String) {
        guard let date = CivilDate(text) else { return nil }
        self.date = date
    }

    init(_ date: CivilDate) {
        self.date = date
    }

    /// The day `date` falls on in `zone`.
    public init(containing instant: Date, in zone: TimeZone) {
        let calendar = Calendar.gregorian(zone)
        let parts = calendar.dateComponents([.year, .month, .day], from: instant)
        date = CivilDate(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1)
    }

    /// Midnight at the start of this day in `zone`.
    public func start(in zone: TimeZone) -> Date {
        Recurrence.instant(year: date.year, month: date.month, day: date.day, hour: 0, in: zone)
            ?? Date(timeIntervalSince1970: TimeInterval(date.dayNumber) * 86_400)
    }

    /// The next day.
    public var next: ReportingDay { ReportingDay(date.adding(days: 1)) }

    public var description: String { date.description }

    public static func < (lhs: ReportingDay, rhs: ReportingDay) -> Bool { lhs.date < rhs.date }
}
