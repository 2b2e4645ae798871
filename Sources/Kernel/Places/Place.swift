import Foundation

/// A place of the region where things happen (a learning site's room, a community centre),
/// as the module that owns it published it to the kernel's place directory. Other modules
/// offer places of the directory (a workshop held at a learning site) without importing the
/// owner; the owner keeps the place up to date in its own transactions.
public struct Place: Sendable, Equatable, Codable {
    public var id: Int64
    public var region: String
    /// The module that published it (`learning-sites`); only it changes or removes it.
    public var owner: String
    /// The owner's own key for it (`site:12`), unique per owner and region.
    public var reference: String
    /// The name by language code; at least one.
    public var names: [String: String]
    public var address: PlaceAddress?
    public var coordinates: Coordinates?
    public var accessibility: PlaceAccessibility
    /// The owner's page about the place, relative to `/{region}/{lang}` (`/learning-sites/12`).
    public var path: String?
    public var updatedAt: Date

    /// The name for a reader: the first language of `languages` (a fallback chain) that has
    /// one, else the name in the alphabetically first language.
    public func name(for languages: [String]) -> String {
        PlaceListing.name(names, for: languages)
    }
}

/// A postal address, as people write it on a letter.
public struct PlaceAddress: Sendable, Hashable, Codable {
    public var street: String
    public var postalCode: String
    public var locality: String

    public init(street: String, postalCode: String, locality: String) {
        self.street = street
        self.postalCode = postalCode
        self.locality = locality
    }

    /// `Oranienstraße 25, 10999 Berlin`.
    public var singleLine: String {
        [street, [postalCode, locality].filter { !$0.isEmpty }.joined(separator: " ")].filter { !$0.isEmpty }.joined(separator: ", ")
    }
}

/// What a place offers people with disabilities.
public struct PlaceAccessibility: Sendable, Hashable, Codable {
    /// Entrance and rooms reachable without steps (ramp or lift).
    public var stepFree: Bool
    /// An accessible toilet.
    public var accessibleToilet: Bool
    /// An induction loop for hearing aids.
    public var hearingLoop: Bool

    public init(stepFree: Bool = false, accessibleToilet: Bool = false, hearingLoop: Bool = false) {
        self.stepFree = stepFree
        self.accessibleToilet = accessibleToilet
        self.hearingLoop = hearingLoop
    }
}

/// What a module publishes about one of its places.
public struct PlaceListing: Sendable, Equatable {
    public var owner: String
    public var reference: String
    public var names: [String: String]
    public var address: PlaceAddress?
    public var coordinates: Coordinates?
    public var accessibility: PlaceAccessibility
    public var path: String?

    public init(
        owner: String, reference: String, names: [String: String], address: PlaceAddress? = nil, coordinates: Coordinates? = nil,
        accessibility: PlaceAccessibility = PlaceAccessibility(), path: String? = nil
    ) {
        self.owner = owner
        self.reference = reference
        self.names = names
        self.address = address
        self.coordinates = coordinates
        self.accessibility = accessibility
        self.path = path
    }

    public static let maximumNameLength = 300

    static func name(_ names: [String: String], for languages: [String]) -> String {
        for language in languages {
            if let name = names[language] { return name }
        }
        return names.sorted { $0.key < $1.key }.first?.value ?? ""
    }

    /// The listing trimmed and checked against the region's languages.
    func validated(languages: [String]) throws(PlaceError) -> PlaceListing {
        var listing = self
        guard !owner.isEmpty, owner.count <= 100 else { throw .invalid(field: "owner", message: "must be a module id") }
        guard !reference.isEmpty, reference.count <= 200 else {
            throw .invalid(field: "reference", message: "must be 1 to 200 characters")
        }
        var names: [String: String] = [:]
        for (language, name) in self.names {
            let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty else { continue }
            guard languages.contains(language) else {
                throw .invalid(field: "names", message: "'\(language)' is not a language of this region (\(languages.joined(separator: ", ")))")
            }
            guard trimmed.count <= Self.maximumNameLength else {
                throw .invalid(field: "names", message: "a name must be at most \(Self.maximumNameLength) characters")
            }
            names[language] = trimmed
        }
        guard !names.isEmpty else { throw .invalid(field: "names", message: "a place needs a name in at least one language") }
        listing.names = names
        if let address {
            let trimmed = PlaceAddress(
                street: address.street.trimmingCharacters(in: .whitespacesAndNewlines),
                postalCode: address.postalCode.trimmingCharacters(in: .whitespacesAndNewlines),
                locality: address.locality.trimmingCharacters(in: .whitespacesAndNewlines))
            for (field, value) in [("street", trimmed.street), ("postalCode", trimmed.postalCode), ("locality", trimmed.locality)]
            where value.count > 200 {
                throw .invalid(field: field, message: "must be at most 200 characters")
            }
            listing.address = trimmed.singleLine.isEmpty ? nil : trimmed
        }
        if let coordinates {
            // Coordinates built without the checking initialiser (decoded, say) are checked again.
            _ = try Coordinates(latitude: coordinates.latitude, longitude: coordinates.longitude)
        }
        if let path, !path.hasPrefix("/") || path.count > 300 {
            throw .invalid(field: "path", message: "must be a path relative to the region, starting with /")
        }
        return listing
    }
}
