import Foundation
import HTTP

/// A role an account holds in a region, optionally for one organisation there.
public struct Membership: Sendable, Codable, Equatable, Hashable {
    public var role: Role
    public var organisationID: Int64?

    public init(role: Role, organisationID: Int64? = nil) {
        self.role = role
        self.organisationID = organisationID
    }

    enum CodingKeys: String, CodingKey {
        case role
        case organisationID = "organisation_id"
    }
}

/// A member of a region, as its admins see them.
public struct Member: Sendable, Codable, Equatable {
    public var accountID: Int64
    public var email: String
    public var displayName: String
    public var disabled: Bool
    public var memberships: [Membership]
}

/// Roles per region in `kernel_memberships`. Operators are not members: they hold every
/// action everywhere through their account's `operator` flag.
public enum Memberships {
    /// The account's roles in `region`, overall and per organisation.
    public static func roles(of account: Int64, in region: String, db: any DatabaseConnection) throws -> (roles: Set<Role>, organisations: [Int64: Set<Role>]) {
        var roles: Set<Role> = []
        var organisations: [Int64: Set<Role>] = [:]
        try db.forEachRow("SELECT role, organisation_id FROM kernel_memberships WHERE account_id = \(account) AND region = \(region)") { row in
            guard let role = Role(rawValue: try row.get("role", as: String.self)) else { return }
            roles.insert(role)
            if let organisation = try row.get("organisation_id", as: Int64?.self) { organisations[organisation, default: []].insert(role) }
        }
        return (roles, organisations)
    }

    /// Replaces the account's roles in `region` with `memberships`. Their sessions rotate.
    public static func set(_ memberships: Set<Membership>, of account: Int64, in region: String, now: Date, db: any DatabaseTransaction) throws {
        for membership in memberships {
            guard membership.role != .operator else {
                throw HTTPError.unprocessable("roles: operator is granted with `teilhabe user create --role operator`, not per region", field: "roles")
            }
            if let organisation = membership.organisationID {
                let exists = try db.scalar(Int.self, "SELECT 1 FROM kernel_organisations WHERE region = \(region) AND id = \(organisation)")
                guard exists == 1 else {
                    throw HTTPError.unprocessable("roles: organisation \(organisation) does not exist in this region", field: "roles")
                }
            }
        }
        try db.execute("DELETE FROM kernel_memberships WHERE region = \(region) AND account_id = \(account)")
        for membership in memberships.sorted(by: { ($0.role.rawValue, $0.organisationID ?? 0) < ($1.role.rawValue, $1.organisationID ?? 0) }) {
            try db.execute("""
                INSERT INTO kernel_memberships (region, account_id, organisation_id, role, created_at)
                VALUES (\(region), \(account), \(membership.organisationID), \(membership.role.rawValue), \(now))
                """)
        }
        try Accounts.privilegesChanged(account, in: db)
    }

    /// Adds one role, keeping the others.
    public static func grant(_ membership: Membership, to account: Int64, in region: String, now: Date, db: any DatabaseTransaction) throws {
        var current = Set(try list(of: account, in: region, db: db))
        current.insert(membership)
        try set(current, of: account, in: region, now: now, db: db)
    }

    public static func list(of account: Int64, in region: String, db: any DatabaseConnection) throws -> [Membership] {
        try db.fetchAll(Membership.self, """
            SELECT role, organisation_id FROM kernel_memberships
            WHERE region = \(region) AND account_id = \(account) ORDER BY role, organisation_id
            """)
    }

    /// The account's roles in every region (a global read), as `(region, membership)`.
    public static func everywhere(of account: Int64, db: any DatabaseConnection) throws -> [(region: String, membership: Membership)] {
        try db.query("SELECT region, role, organisation_id FROM kernel_memberships WHERE account_id = \(account) ORDER BY region, role")
            .compactMap { row in
                guard let role = Role(rawValue: try row.get("role", as: String.self)) else { return nil }
                return (try row.get("region"), Membership(role: role, organisationID: try row.get("organisation_id", as: Int64?.self)))
            }
    }

    /// Everyone holding a role in `region`, by e-mail address.
    public static func members(of region: String, db: any DatabaseConnection) throws -> [Member] {
        var members: [Int64: Member] = [:]
        var order: [Int64] = []
        try db.forEachRow("""
            SELECT a.id, a.email, a.display_name, a.disabled_at IS NOT NULL AS disabled, m.role, m.organisation_id
            FROM kernel_memberships m JOIN kernel_accounts a ON a.id = m.account_id
            WHERE m.region = \(region)
            ORDER BY a.email, m.role, m.organisation_id
            """) { row in
            let id = try row.get("id", as: Int64.self)
            if members[id] == nil {
                order.append(id)
                members[id] = Member(
                    accountID: id, email: try row.get("email"), displayName: try row.get("display_name"),
                    disabled: try row.get("disabled"), memberships: [])
            }
            if let role = Role(rawValue: try row.get("role", as: String.self)) {
                members[id]?.memberships.append(Membership(role: role, organisationID: try row.get("organisation_id", as: Int64?.self)))
            }
        }
        return order.compactMap { members[$0] }
    }

    /// Whether the account holds any role in `region`.
    public static func isMember(_ account: Int64, of region: String, db: any DatabaseConnection) throws -> Bool {
        try db.scalar(Int.self, "SELECT 1 FROM kernel_memberships WHERE region = \(region) AND account_id = \(account) LIMIT 1") == 1
    }
}
