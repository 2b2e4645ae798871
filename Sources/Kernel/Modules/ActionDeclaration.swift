/// A permission a module guards, such as `workshops.manage`. Region admins may change which
/// roles hold it in their region; the defaults come from here.
public struct ActionDeclaration: Sendable, Hashable {
    /// `<module-id>.<verb>`, lowercase, e.g. `workshops.manage-participants`.
    public var name: String
    public var summary: String
    public var defaultRoles: Set<Role>

    public init(_ name: String, summary: String, defaultRoles: Set<Role>) {
        self.name = name
        self.summary = summary
        self.defaultRoles = defaultRoles
    }
}

/// What a person may be in a region. Operators hold every permission in every region.
public enum Role: String, Sendable, Hashable, CaseIterable, Codable {
    case `operator`
    case regionAdmin = "region-admin"
    case organisationAdmin = "organisation-admin"
    case staff
    case volunteer
    case participant
}
