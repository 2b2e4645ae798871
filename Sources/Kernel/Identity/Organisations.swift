import Foundation
import HTTP

/// What kind of body an organisation is.
public enum OrganisationKind: String, Sendable, Codable, CaseIterable {
    case migrantOrganisation = "migrant-organisation"
    case association
    case municipalityOffice = "municipality-office"
    case learningSiteHost = "learning-site-host"
    case other
}

/// An organisation of a region: a migrant self-organisation, an association, a municipal
/// office, the host of a learning site. Members can hold roles for it.
public struct Organisation: Sendable, Codable, Equatable {
    public var id: Int64
    public var region: String
    public var name: String
    public var kind: OrganisationKind
    public var contactEmail: String?
    public var contactPhone: String?
    public var website: String?
    public var address: String?
    public var description: String?
    /// Whether the profile appears in the region's public list.
    public var isPublic: Bool
    public var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, region, name, kind, website, address, description
        case contactEmail = "contact_email"
        case contactPhone = "contact_phone"
        case isPublic = "public"
        case createdAt = "created_at"
    }
}

/// The fields of an organisation that a form or JSON body sets, validated.
public struct OrganisationProfile: Sendable, Codable, Equatable {
    public var name: String
    public var kind: OrganisationKind
    public var contactEmail: String?
    public var contactPhone: String?
    public var website: String?
    public var address: String?
    public var description: String?
    public var isPublic: Bool

    enum CodingKeys: String, CodingKey {
        case name, kind, website, address, description
        case contactEmail = "contact_email"
        case contactPhone = "contact_phone"
        case isPublic = "public"
    }

    public init(
        name: String, kind: OrganisationKind, contactEmail: String? = nil, contactPhone: String? = nil,
        website: String? = nil, address: String? = nil, description: String? = nil, isPublic: Bool = true
    ) {
        self.name = name
        self.kind = kind
        self.contactEmail = contactEmail
        self.contactPhone = contactPhone
        self.website = website
        self.address = address
        self.description = description
        self.isPublic = isPublic
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        kind = try container.decode(OrganisationKind.self, forKey: .kind)
        contactEmail = try container.decodeIfPresent(String.self, forKey: .contactEmail)
        contactPhone = try container.decodeIfPresent(String.self, forKey: .contactPhone)
        website = try container.decodeIfPresent(String.self, forKey: .website)
        address = try container.decodeIfPresent(String.self, forKey: .address)
        description = try container.decodeIfPresent(String.self, forKey: .description)
        isPublic = try container.decodeIfPresent(Bool.self, forKey: .isPublic) ?? true
    }

    /// `https://host…` or `http://host…` with a plausible host and no spaces or controls.
    static func isWebAddress(_ text: String) -> Bool {
        let lowered = text.lowercased()
        guard let scheme = ["https://", "http://"].first(where: { lowered.hasPrefix($0) }) else { return false }
        let rest = lowered.dropFirst(scheme.count)
        let host = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }.split(separator: ":", maxSplits: 1).first ?? ""
        return host.contains(".") && !host.hasPrefix(".") && !host.hasSuffix(".") && !host.contains("@")
            && host.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." }
            && !text.unicodeScalars.contains { $0.properties.isWhitespace || $0.properties.generalCategory == .control }
    }

    /// The profile trimmed and checked; a 422 names the first field that is wrong.
    public func validated() throws -> OrganisationProfile {
        func text(_ value: String?, _ field: String, max: Int) throws -> String? {
            let trimmed = value?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            guard trimmed.count <= max else { throw HTTPError.unprocessable("\(field) must be at most \(max) characters", field: field) }
            return trimmed.isEmpty ? nil : trimmed
        }
        var profile = self
        guard let name = try text(name, "name", max: 200) else { throw HTTPError.unprocessable("name is required", field: "name") }
        profile.name = name
        profile.contactEmail = try text(contactEmail, "contact_email", max: EmailAddress.maxLength)
            .map { try Accounts.validEmail($0, field: "contact_email").value }
        profile.contactPhone = try text(contactPhone, "contact_phone", max: 40)
        if let phone = profile.contactPhone, !phone.allSatisfy({ $0.isNumber || " +-/()".contains($0) }) {
            throw HTTPError.unprocessable("contact_phone may hold digits, spaces and + - / ( ) only", field: "contact_phone")
        }
        profile.website = try text(website, "website", max: 300)
        if let website = profile.website {
            guard Self.isWebAddress(website) else {
                throw HTTPError.unprocessable("website must be an address starting with https:// or http://", field: "website")
            }
        }
        profile.address = try text(address, "address", max: 500)
        profile.description = try text(description, "description", max: 5000)
        return profile
    }
}

/// `kernel_organisations`, always within one region.
public enum Organisations {
    static let columns: SQL = "id, region, name, kind, contact_email, contact_phone, website, address, description, public, created_at"

    public static func list(in region: String, publicOnly: Bool, db: any DatabaseConnection) throws -> [Organisation] {
        try db.fetchAll(Organisation.self, """
            SELECT \(columns) FROM kernel_organisations
            WHERE region = \(region) AND (public = 1 OR \(!publicOnly))
            ORDER BY name, id LIMIT 1000
            """)
    }

    public static func find(_ id: Int64, in region: String, db: any DatabaseConnection) throws -> Organisation? {
        try db.fetchOne(Organisation.self, "SELECT \(columns) FROM kernel_organisations WHERE region = \(region) AND id = \(id)")
    }

    public static func create(_ profile: OrganisationProfile, in region: String, now: Date, db: any DatabaseTransaction) throws -> Organisation {
        let profile = try profile.validated()
        do {
            try db.execute("""
                INSERT INTO kernel_organisations (region, name, kind, contact_email, contact_phone, website, address, description, public, created_at)
                VALUES (\(region), \(profile.name), \(profile.kind.rawValue), \(profile.contactEmail), \(profile.contactPhone),
                        \(profile.website), \(profile.address), \(profile.description), \(profile.isPublic), \(now))
                """)
        } catch StorageError.uniqueViolation {
            throw HTTPError.conflict("name: an organisation with this name exists in the region already", field: "name")
        }
        guard let id = try db.scalar(Int64.self, "SELECT id FROM kernel_organisations WHERE region = \(region) AND name = \(profile.name)"),
              let organisation = try find(id, in: region, db: db) else { throw HTTPError.notFound() }
        return organisation
    }

    public static func update(_ id: Int64, with profile: OrganisationProfile, in region: String, db: any DatabaseTransaction) throws -> Organisation {
        let profile = try profile.validated()
        let changed: Int
        do {
            changed = try db.execute("""
                UPDATE kernel_organisations SET name = \(profile.name), kind = \(profile.kind.rawValue),
                    contact_email = \(profile.contactEmail), contact_phone = \(profile.contactPhone), website = \(profile.website),
                    address = \(profile.address), description = \(profile.description), public = \(profile.isPublic)
                WHERE region = \(region) AND id = \(id)
                """)
        } catch StorageError.uniqueViolation {
            throw HTTPError.conflict("name: an organisation with this name exists in the region already", field: "name")
        }
        guard changed == 1, let organisation = try find(id, in: region, db: db) else {
            throw HTTPError.notFound("There is no organisation \(id) in this region")
        }
        return organisation
    }

    /// Deletes the organisation and the roles held for it.
    public static func delete(_ id: Int64, in region: String, db: any DatabaseTransaction) throws {
        let accounts = try db.query("SELECT DISTINCT account_id FROM kernel_memberships WHERE region = \(region) AND organisation_id = \(id)")
            .map { try $0.get("account_id", as: Int64.self) }
        guard try db.execute("DELETE FROM kernel_organisations WHERE region = \(region) AND id = \(id)") == 1 else {
            throw HTTPError.notFound("There is no organisation \(id) in this region")
        }
        for account in accounts { try Accounts.privilegesChanged(account, in: db) }
    }
}
