import Foundation
import Kernel

/// Sites in storage: reading, creating, changing and removing them, and keeping the kernel's
/// place directory in step within the same transaction.
enum SiteStore {
    static let owner = "learning-sites"

    /// The site with `key` (its id or its slug) in the connection's region.
    static func site(_ key: String, region: String, in db: any DatabaseConnection) throws -> LearningSite? {
        if let id = Int64(key) {
            return try db.query("\(LearningSite.columns) WHERE s.region = \(region) AND s.id = \(id)").first.map(LearningSite.init)
        }
        return try db.query("\(LearningSite.columns) WHERE s.region = \(region) AND s.slug = \(key)").first.map(LearningSite.init)
    }

    static func site(id: Int64, region: String, in db: any DatabaseConnection) throws -> LearningSite? {
        try db.query("\(LearningSite.columns) WHERE s.region = \(region) AND s.id = \(id)").first.map(LearningSite.init)
    }

    /// The sites `access` allows, by name.
    static func managed(by access: SiteAccess, region: String, in db: any DatabaseConnection) throws -> [LearningSite] {
        try db.query("\(LearningSite.columns) WHERE s.region = \(region)\(access.filter("s")) ORDER BY s.name, s.id LIMIT 1000")
            .map(LearningSite.init)
    }

    /// Creates a site and returns it.
    static func create(_ input: SiteInput, context: RequestContext, in db: any DatabaseTransaction) throws -> LearningSite {
        let region = context.region.id
        let now = context.now
        let name = originalName(input, region: context.region)
        let slug = try freeSlug(for: name, region: region, in: db)
        guard let id = try db.query("""
            INSERT INTO learning_sites (region, name, kind, slug, created_at, updated_at, revision)
            VALUES (\(region), \(name), \(input.kind.rawValue), \(slug), \(now), \(now), 0)
            RETURNING id
            """).first.map({ try $0.get("id", as: Int64.self) }) else { throw HTTPError.notFound() }
        try SiteTexts.create(slug: slug, input: input, context: context, in: db)
        return try write(input, to: id, name: name, context: context, in: db)
    }

    /// Changes a site's facts (its slug and kind stay).
    static func update(_ site: LearningSite, with input: SiteInput, context: RequestContext, in db: any DatabaseTransaction) throws -> LearningSite {
        guard input.kind == site.kind else {
            throw StaffConflict.kindCannotChange
        }
        try SiteTexts.update(site: site, input: input, context: context, in: db)
        // The stored name follows the region's default language; an edit in another language leaves it.
        return try write(input, to: site.id, name: input.names[context.region.defaultLanguage], context: context, in: db)
    }

    private static func write(
        _ input: SiteInput, to id: Int64, name: String?, context: RequestContext, in db: any DatabaseTransaction
    ) throws -> LearningSite {
        let region = context.region.id
        if let organisation = input.organisationID {
            guard try Organisations.find(organisation, in: region, db: db) != nil else {
                throw InputProblem.unknownChoice(field: "organisation", value: String(organisation))
            }
        }
        let access = SiteAccess(managing: context)
        guard access.all || input.organisationID.map(access.organisations.contains) == true else {
            throw InputProblem.unknownChoice(field: "organisation", value: input.organisationID.map(String.init) ?? "none")
        }
        try db.execute("""
            UPDATE learning_sites SET
                name = COALESCE(\(name), name), organisation_id = \(input.organisationID),
                published = \(input.published), street = \(input.address?.street), postal_code = \(input.address?.postalCode),
                locality = \(input.address?.locality), latitude = \(input.coordinates?.latitude), longitude = \(input.coordinates?.longitude),
                step_free = \(input.accessibility.stepFree), accessible_toilet = \(input.accessibility.accessibleToilet),
                hearing_loop = \(input.accessibility.hearingLoop), equipment = \(JSONColumn.text(input.equipment)),
                equipment_tokens = \(JSONColumn.tokens(input.equipment.keys)), languages = \(JSONColumn.text(input.languages)),
                contact_email = \(input.contactEmail), contact_phone = \(input.contactPhone), website = \(input.website),
                updated_at = \(context.now), revision = revision + 1
            WHERE region = \(region) AND id = \(id)
            """)
        try refreshLanguages(siteID: id, region: region, in: db)
        if let assignments = input.assignments {
            do {
                try context.services.reporting.setAssignments(assignments, owner: owner, reference: "site:\(id)", in: db)
            } catch let error as ReportingError {
                throw HTTPError.unprocessable(error.description, field: "projects")
            }
        }
        guard let site = try site(id: id, region: region, in: db) else { throw HTTPError.notFound() }
        try publishPlace(site, region: context.region, services: context.services, in: db)
        return site
    }

    /// Removes a site that never had a consultation booked; one with history is unpublished instead.
    static func delete(_ site: LearningSite, context: RequestContext, in db: any DatabaseTransaction) throws {
        let region = context.region.id
        let booked = try db.scalar(Int.self, """
            SELECT COUNT(*) FROM learning_sites_consultations c JOIN learning_sites_slots s ON s.id = c.slot_id
            WHERE c.region = \(region) AND s.region = \(region) AND s.site_id = \(site.id)
            """) ?? 0
        guard booked == 0 else {
            throw StaffConflict.siteHasHistory(count: booked)
        }
        try db.execute("DELETE FROM learning_sites_slots WHERE region = \(region) AND site_id = \(site.id)")
        try db.execute("DELETE FROM learning_sites WHERE region = \(region) AND id = \(site.id)")
        try SiteTexts.delete(site: site, context: context, in: db)
        try context.services.places.remove(owner: owner, reference: "site:\(site.id)", in: db)
        // Its tags go too: SQLite may give the next site this id, which must not inherit them.
        try context.services.reporting.setAssignments([], owner: owner, reference: "site:\(site.id)", in: db)
    }

    /// The directory lists published stationary sites; mobile ones move and are left out.
    static func publishPlace(_ site: LearningSite, region: Region, services: KernelServices, in db: any DatabaseTransaction) throws {
        let reference = "site:\(site.id)"
        guard site.published, site.kind == .stationary else {
            try services.places.remove(owner: owner, reference: reference, in: db)
            return
        }
        let names = try SiteTexts.names(of: site, region: region, services: services, in: db)
        try services.places.publish(PlaceListing(
            owner: owner, reference: reference, names: names.isEmpty ? [region.defaultLanguage: site.name] : names,
            address: site.address, coordinates: site.coordinates, accessibility: site.accessibility, path: site.path), in: db)
    }

    /// Recomputes the language tokens of the site and its consultation hours from staff's and
    /// helpers' languages (the language filter reads them).
    static func refreshLanguages(siteID: Int64, region: String, in db: any DatabaseTransaction) throws {
        let helpers = try db.query(PeerHelper.columns + " WHERE region = \(region) AND site_id = \(siteID)").map(PeerHelper.init)
        let assigned = try db.query("""
            SELECT a.hours_id, a.helper_id FROM learning_sites_helper_hours a JOIN learning_sites_helpers h ON h.id = a.helper_id
            WHERE a.region = \(region) AND h.region = \(region) AND h.site_id = \(siteID)
            """).map { (hours: try $0.get("hours_id", as: Int64.self), helper: try $0.get("helper_id", as: Int64.self)) }
        let hours = try db.query(ConsultationHours.columns + " WHERE region = \(region) AND site_id = \(siteID) AND ended_at IS NULL").compactMap(ConsultationHours.init)
        var all = Set(JSONColumn.strings(try db.scalar(String.self, "SELECT languages FROM learning_sites WHERE region = \(region) AND id = \(siteID)")))
        for helper in helpers { all.formUnion(helper.languages) }
        for block in hours {
            let helperIDs = Set(assigned.filter { $0.hours == block.id }.map(\.helper))
            let languages = Set(block.languages).union(helpers.filter { helperIDs.contains($0.id) }.flatMap(\.languages))
            all.formUnion(languages)
            try db.execute("""
                UPDATE learning_sites_consultation_hours SET language_tokens = \(JSONColumn.tokens(languages))
                WHERE region = \(region) AND id = \(block.id)
                """)
        }
        try db.execute("UPDATE learning_sites SET language_tokens = \(JSONColumn.tokens(all)) WHERE region = \(region) AND id = \(siteID)")
    }

    /// The language the site is first written in: the first of the region's languages the
    /// input names it in.
    static func originalLanguage(_ input: SiteInput, region: Region) -> String {
        region.languageCodes.first { input.names[$0] != nil } ?? input.names.keys.sorted().first ?? region.defaultLanguage
    }

    static func originalName(_ input: SiteInput, region: Region) -> String {
        input.names[originalLanguage(input, region: region)] ?? ""
    }

    /// A slug from the name that no site of the region has yet (`lernort-kreuzberg-2`).
    static func freeSlug(for name: String, region: String, in db: any DatabaseConnection) throws -> String {
        let base = Slug.make(from: name)
        var candidate = base
        var number = 1
        while try db.scalar(Int.self, "SELECT 1 FROM learning_sites WHERE region = \(region) AND slug = \(candidate)") != nil
            || Slug.reserved.contains(candidate) {
            number += 1
            candidate = "\(base)-\(number)"
        }
        return candidate
    }
}

/// Readable addresses for sites.
enum Slug {
    /// Words the module's own pages use after `/learning-sites/`.
    static let reserved: Set<String> = ["admin", "map", "consultations", "slots", "report", "search"]

    /// ASCII letters and digits of the name in lowercase words joined by hyphens; `site` when
    /// nothing is left (an Arabic name); never only digits (those address sites by id).
    static func make(from name: String) -> String {
        let slug = ContentSlug.make(from: name, length: 80, fallback: "site")
        return slug.allSatisfy(\.isNumber) ? "site-\(slug)" : slug
    }
}
