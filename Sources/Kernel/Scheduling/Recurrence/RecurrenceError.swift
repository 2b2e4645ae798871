/// Why a recurrence cannot be used, naming the part of the rule that is wrong.
public struct RecurrenceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `FREQ`, `BYDAY`, `UNTIL`, … or nil for the rule or series as a whole.
    public var part: String?
    public var message: String

    public init(part: String? = nil, _ message: String) {
        self.part = part
        self.message = message
    }

    public var description: String { part.map { "RRULE \($0): \(message)" } ?? message }
}
