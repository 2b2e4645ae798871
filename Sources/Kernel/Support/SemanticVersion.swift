/// A `major.minor.patch` version (SemVer 2.0 without pre-release or build metadata).
public struct SemanticVersion: Sendable, Hashable, Comparable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    public var major: Int
    public var minor: Int
    public var patch: Int
    /// The text of a string literal that did not parse; boot validation reports it.
    public private(set) var malformedLiteral: String?

    public init(_ major: Int, _ minor: Int, _ patch: Int) {
        self.major = major
        self.minor = minor
        self.patch = patch
        self.malformedLiteral = nil
    }

    /// Parses `1.2.3`; nil for anything else.
    public init?(parsing text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3,
              let major = Int(parts[0]), let minor = Int(parts[1]), let patch = Int(parts[2]),
              major >= 0, minor >= 0, patch >= 0 else { return nil }
        self.init(major, minor, patch)
    }

    /// For literals in manifests. A malformed literal becomes 0.0.0 with `malformedLiteral`
    /// set, which the module registry reports as a boot error naming the module.
    public init(stringLiteral value: String) {
        if let parsed = SemanticVersion(parsing: value) {
            self = parsed
        } else {
            self.init(0, 0, 0)
            malformedLiteral = value
        }
    }

    public static func == (lhs: SemanticVersion, rhs: SemanticVersion) -> Bool {
        (lhs.major, lhs.minor, lhs.patch) == (rhs.major, rhs.minor, rhs.patch)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(major)
        hasher.combine(minor)
        hasher.combine(patch)
    }

    public static func < (lhs: SemanticVersion, rhs: SemanticVersion) -> Bool {
        (lhs.major, lhs.minor, lhs.patch) < (rhs.major, rhs.minor, rhs.patch)
    }

    public var description: String { "\(major).\(minor).\(patch)" }
}
