import Foundation
import Kernel

/// A learning site as stored: where and what it is, who hosts it, what it offers.
struct LearningSite: Sendable, Equatable {
    enum Kind: String, Sendable, Codable, CaseIterable {
        /// A room with an address and opening hours.
        case stationary
        /// A team that visits neighbourhoods, following a tour plan.
        case mobile
    }

    var id: Int64
    var region: String
    /// The readable part of the site's address and its content item's slug.
    var slug: String
    /// The name in the language it was written in (admin lists); readers get theirs from content.
    var name: String
    var kind: Kind
    var organisationID: Int64?
    var published: Bool
    var address: PlaceAddress?
    var coordinates: Coordinates?
    var accessibility: PlaceAccessibility
    /// Items and how many of each (`laptops: 4`).
    var equipment: [String: Int]
    /// Languages staff speak (codes such as `ar`).
    var languages: [String]
    /// Staff's and peer helpers' languages together: what a reader can ask for.
    var allLanguages: [String]
    var contactEmail: String?
    var contactPhone: String?
    var website: String?
    var createdAt: Date
    var updatedAt: Date
    /// Raised with every change people who saved its calendar should see.
    var revision: Int

    /// The page path relative to `/{region}/{lang}`.
    var path: String { "/learning-sites/\(slug)" }

    /// The columns `init(row:)` reads, from `learning_sites s`.
    static let selectList = """
        s.id, s.region, s.slug, s.name, s.kind, s.organisation_id, s.published, s.street, s.postal_code, s.locality, s.latitude,
        s.longitude, s.step_free, s.accessible_toilet, s.hearing_loop, s.equipment, s.languages, s.language_tokens,
        s.contact_email, s.contact_phone, s.website, s.created_at, s.updated_at, s.revision
        """
    static let columns: SQL = "SELECT \(raw: selectList) FROM learning_sites s"

    /// A row of `columns`; malformed JSON columns read as empty rather than failing the page.
    init(row: Row) throws {
        id = try row.get("id")
        region = try row.get("region")
        slug = try row.get("slug", as: String?.self) ?? String(id)
        name = try row.get("name")
        kind = Kind(rawValue: try row.get("kind")) ?? .stationary
        organisationID = try row.get("organisation_id")
        published = try row.get("published")
        let street: String? = try row.get("street")
        let postalCode: String? = try row.get("postal_code")
        let locality: String? = try row.get("locality")
        address = street == nil && postalCode == nil && locality == nil
            ? nil : PlaceAddress(street: street ?? "", postalCode: postalCode ?? "", locality: locality ?? "")
        let latitude: Double? = try row.get("latitude")
        let longitude: Double? = try row.get("longitude")
        coordinates = latitude.flatMap { latitude in longitude.flatMap { try? Coordinates(latitude: latitude, longitude: $0) } }
        accessibility = PlaceAccessibility(
            stepFree: try row.get("step_free"), accessibleToilet: try row.get("accessible_toilet"), hearingLoop: try row.get("hearing_loop"))
        equipment = JSONColumn.counts(try row.get("equipment"))
        languages = JSONColumn.strings(try row.get("languages"))
        allLanguages = (try row.get("language_tokens", as: String.self)).split(separator: " ").map(String.init)
        contactEmail = try row.get("contact_email")
        contactPhone = try row.get("contact_phone")
        website = try row.get("website")
        createdAt = try row.get("created_at")
        updatedAt = try row.get("updated_at")
        revision = try row.get("revision")
    }
}

/// The equipment a site can list, in the order pages show it.
enum Equipment {
    static let kinds = ["laptops", "tablets", "printer", "scanner", "wifi", "headsets"]
}

/// JSON kept in TEXT columns, read forgivingly.
enum JSONColumn {
    static func strings(_ text: String?) -> [String] {
        guard let text, let value = try? JSONValue.parse(text) else { return [] }
        return value.arrayValue?.compactMap(\.stringValue) ?? []
    }

    static func counts(_ text: String?) -> [String: Int] {
        guard let text, let value = try? JSONValue.parse(text) else { return [:] }
        return value.objectValue?.compactMapValues { $0.integerValue.map { Int($0) } } ?? [:]
    }

    static func text(_ strings: [String]) -> String {
        String(decoding: JSONValue.array(strings.map(JSONValue.string)).encoded(), as: UTF8.self)
    }

    static func text(_ counts: [String: Int]) -> String {
        String(decoding: JSONValue.object(counts.mapValues { .integer(Int64($0)) }).encoded(), as: UTF8.self)
    }

    /// ` de ar ` for `LIKE '% ar %'` filters.
    static func tokens(_ values: some Sequence<String>) -> String {
        " " + Set(values).sorted().joined(separator: " ") + " "
    }
}

/// Language codes as sites list them (`de`, `ar`, `ti`, `prs`): two or three lowercase letters,
/// optionally a region (`pt-BR`).
enum LanguageCode {
    static func isValid(_ code: String) -> Bool {
        let parts = code.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), (2...3).contains(parts[0].count),
              parts[0].allSatisfy({ $0.isASCII && $0.isLowercase }) else { return false }
        return parts.count == 1 || (parts[1].count == 2 && parts[1].allSatisfy { $0.isASCII && $0.isUppercase })
    }

    /// The language's name in the reader's language (`ar` for a German reader: Arabisch).
    static func name(_ code: String, in language: String) -> String {
        Locale(identifier: language).localizedString(forLanguageCode: code) ?? code
    }
}
