import Foundation
import Kernel

/// A site as staff create or change it, checked: what the API body and the admin form give.
struct SiteInput: Sendable, Equatable {
    /// The name per language (at least the first language given); readers get theirs.
    var names: [String: String]
    /// The description per language, in the content markup.
    var descriptions: [String: String]
    var kind: LearningSite.Kind
    var organisationID: Int64?
    var published: Bool
    var address: PlaceAddress?
    var coordinates: Coordinates?
    var accessibility: PlaceAccessibility
    var equipment: [String: Int]
    var languages: [String]
    var contactEmail: String?
    var contactPhone: String?
    var website: String?
    /// The funded projects' categories the site's consultations count for; nil leaves them as they are.
    var assignments: [ProjectAssignment]? = nil
}

/// The JSON body of `POST`/`PUT …/learning-sites/admin/sites`, before checking.
struct SiteBody: Decodable, Sendable {
    struct Address: Decodable, Sendable {
        var street: String?
        var postalCode: String?
        var locality: String?
    }

    struct Accessibility: Decodable, Sendable {
        var stepFree: Bool?
        var accessibleToilet: Bool?
        var hearingLoop: Bool?
    }

    var names: [String: String]
    var descriptions: [String: String]?
    var kind: String
    var organisation: Int64?
    var published: Bool?
    var address: Address?
    var latitude: Double?
    var longitude: Double?
    var accessibility: Accessibility?
    var equipment: [String: Int]?
    var languages: [String]?
    var contactEmail: String?
    var contactPhone: String?
    var website: String?
    /// `[{"project": 3, "category": 7}]`: where the site's consultations count in funders' reports.
    var projects: [ProjectAssignment]?

    /// The input checked against the region: names in its languages, a stationary site with
    /// address and coordinates, known equipment, plausible contacts.
    func validated(region: Region) throws(InputProblem) -> SiteInput {
        guard let kind = LearningSite.Kind(rawValue: kind) else { throw .unknownChoice(field: "kind", value: kind) }
        let names = try Self.texts(names, field: "names", maximum: 200, region: region)
        guard !names.isEmpty else { throw .required(field: "names") }
        let descriptions = try Self.texts(descriptions ?? [:], field: "descriptions", maximum: 20_000, region: region)
        var input = SiteInput(
            names: names, descriptions: descriptions, kind: kind, organisationID: organisation, published: published ?? true,
            address: nil, coordinates: nil,
            accessibility: PlaceAccessibility(
                stepFree: accessibility?.stepFree ?? false, accessibleToilet: accessibility?.accessibleToilet ?? false,
                hearingLoop: accessibility?.hearingLoop ?? false),
            equipment: [:], languages: [], contactEmail: nil, contactPhone: nil, website: nil, assignments: projects)

        let street = try Self.trimmed(address?.street, field: "address.street", maximum: 200)
        let postalCode = try Self.trimmed(address?.postalCode, field: "address.postalCode", maximum: 20)
        let locality = try Self.trimmed(address?.locality, field: "address.locality", maximum: 100)
        if street != nil || postalCode != nil || locality != nil {
            input.address = PlaceAddress(street: street ?? "", postalCode: postalCode ?? "", locality: locality ?? "")
        }
        input.coordinates = try Self.coordinates(latitude: latitude, longitude: longitude)
        if kind == .stationary {
            guard street != nil else { throw .required(field: "address.street") }
            guard locality != nil else { throw .required(field: "address.locality") }
            guard input.coordinates != nil else { throw .required(field: latitude == nil ? "latitude" : "longitude") }
        }

        for (item, count) in equipment ?? [:] {
            guard Equipment.kinds.contains(item) else { throw .unknownChoice(field: "equipment", value: item) }
            guard (0...500).contains(count) else { throw .invalidNumber(field: "equipment.\(item)", range: 0...500) }
            if count > 0 { input.equipment[item] = count }
        }
        var languages: [String] = []
        for (index, code) in (self.languages ?? []).enumerated() {
            let code = code.trimmingCharacters(in: .whitespaces)
            guard LanguageCode.isValid(code) else { throw .unknownChoice(field: "languages[\(index)]", value: code) }
            if !languages.contains(code) { languages.append(code) }
        }
        input.languages = languages
        input.contactEmail = try Self.trimmed(contactEmail, field: "contactEmail", maximum: 254)
        if let email = input.contactEmail {
            guard MailAddress.problem(with: email) == nil else { throw .invalidEmail(field: "contactEmail") }
        }
        input.contactPhone = try Self.phone(contactPhone, field: "contactPhone")
        input.website = try Self.trimmed(website, field: "website", maximum: 300)
        if let website = input.website {
            let lowered = website.lowercased()
            guard lowered.hasPrefix("https://") || lowered.hasPrefix("http://"), website.count > 10,
                  !website.contains(where: { $0.isWhitespace }) else { throw .invalidWebsite(field: "website") }
        }
        return input
    }

    static func texts(_ texts: [String: String], field: String, maximum: Int, region: Region) throws(InputProblem) -> [String: String] {
        var result: [String: String] = [:]
        for (language, text) in texts {
            guard region.speaks(language) else { throw .unknownChoice(field: "\(field).\(language)", value: language) }
            if let trimmed = try trimmed(text, field: "\(field).\(language)", maximum: maximum) { result[language] = trimmed }
        }
        return result
    }

    static func trimmed(_ text: String?, field: String, maximum: Int) throws(InputProblem) -> String? {
        guard let trimmed = text?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else { return nil }
        guard trimmed.count <= maximum else { throw .tooLong(field: field, maximum: maximum) }
        return trimmed
    }

    static func phone(_ text: String?, field: String) throws(InputProblem) -> String? {
        guard let phone = try trimmed(text, field: field, maximum: 40) else { return nil }
        guard phone.allSatisfy({ ($0.isASCII && $0.isNumber) || " +-/()".contains($0) }),
              phone.filter({ $0.isASCII && $0.isNumber }).count >= 5 else { throw .invalidPhone(field: field) }
        return phone
    }

    static func coordinates(latitude: Double?, longitude: Double?) throws(InputProblem) -> Coordinates? {
        switch (latitude, longitude) {
        case (nil, nil): return nil
        case (nil, _): throw .required(field: "latitude")
        case (_, nil): throw .required(field: "longitude")
        case (let latitude?, let longitude?):
            do {
                return try Coordinates(latitude: latitude, longitude: longitude)
            } catch {
                throw error.field == "longitude"
                    ? .invalidCoordinate(field: "longitude", range: -180...180) : .invalidCoordinate(field: "latitude", range: -90...90)
            }
        }
    }
}
