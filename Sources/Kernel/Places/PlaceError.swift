/// Why the place directory refused a change: the field and the problem, in words a person can
/// act on. Routes answer 422 naming the field.
public enum PlaceError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalid(field: String, message: String)
    /// Places belong to a region; the directory was used in a global transaction.
    case needsRegion

    public var field: String? {
        if case .invalid(let field, _) = self { field } else { nil }
    }

    public var description: String {
        switch self {
        case .invalid(let field, let message): "\(field): \(message)"
        case .needsRegion: "places belong to a region; use a region's transaction"
        }
    }
}
