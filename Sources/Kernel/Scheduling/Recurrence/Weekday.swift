/// A day of the week as recurrence rules name it.
public enum Weekday: Int, Sendable, Hashable, CaseIterable, Codable {
    case monday = 1, tuesday, wednesday, thursday, friday, saturday, sunday

    /// `MO`, `TU`, … as in RFC 5545.
    public var code: String { ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][rawValue - 1] }

    public init?(code: String) {
        guard let index = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"].firstIndex(of: code.uppercased()) else { return nil }
        self.init(rawValue: index + 1)
    }
}

/// A BYDAY entry: a weekday, optionally the n-th of the month or year (`2WE`: the second
/// Wednesday; `-1FR`: the last Friday).
public struct WeekdayOccurrence: Sendable, Hashable, Codable, CustomStringConvertible {
    public var weekday: Weekday
    /// 1…53 or −53…−1; nil for every such weekday in the period.
    public var ordinal: Int?

    public init(_ weekday: Weekday, ordinal: Int? = nil) {
        self.weekday = weekday
        self.ordinal = ordinal
    }

    public var description: String { (ordinal.map(String.init) ?? "") + weekday.code }
}
