import Foundation
import Kernel

/// What workshops count for funders' reports. Each record is dated by the workshop's first
/// session and carries its target group; a workshop counts only once it is tagged to a
/// project's category (the kernel filters by `reference`).
enum WorkshopFacts {
    static let targetGroups = Workshop.TargetGroup.allCases.map { FactChoice($0.rawValue, titleKey: titleKey(of: $0)) }

    static func titleKey(of group: Workshop.TargetGroup) -> String {
        switch group {
        case .volunteersStaff: "targetGroup.volunteersStaff"
        case .multipliers: "targetGroup.multipliers"
        case .migrantsRefugees: "targetGroup.migrantsRefugees"
        case .mixed: "targetGroup.mixed"
        }
    }

    static let all = [eventsHeld, registered, attended, reached]

    /// Workshops held; the size is the number of people who attended at least one session.
    static let eventsHeld = FactDeclaration(
        "workshops.events-held", titleKey: "fact.eventsHeld", summary: "Workshops held (a series counts once)",
        sizeTitleKey: "fact.eventsHeldSize", targetGroups: targetGroups
    ) { query, db in
        try collect(query, db, statuses: ["held"]) { workshop, registrations, attendance in
            let size = registrations.filter { attendance[$0.booking.id] != nil }.count
            return [FactRecord(reference: workshop.reference, at: workshop.startsAt, targetGroup: workshop.targetGroup.rawValue, size: size)]
        }
    }

    /// Confirmed registrations of workshops that were not cancelled.
    static let registered = FactDeclaration(
        "workshops.participants-registered", titleKey: "fact.registered", summary: "Confirmed registrations of workshops not cancelled",
        targetGroups: targetGroups
    ) { query, db in
        try collect(query, db, statuses: ["open", "closed", "held"]) { workshop, registrations, _ in
            registrations.filter { $0.booking.state == .confirmed }.map { registration in
                FactRecord(reference: workshop.reference, at: workshop.startsAt, targetGroup: workshop.targetGroup.rawValue,
                           person: person(registration))
            }
        }
    }

    /// Registrations with at least one session attended.
    static let attended = FactDeclaration(
        "workshops.participants-attended", titleKey: "fact.attended", summary: "Participants who attended at least one session",
        targetGroups: targetGroups
    ) { query, db in
        try collect(query, db, statuses: ["open", "closed", "held"]) { workshop, registrations, attendance in
            registrations.filter { attendance[$0.booking.id] != nil }.map { registration in
                FactRecord(reference: workshop.reference, at: workshop.startsAt, targetGroup: workshop.targetGroup.rawValue,
                           person: person(registration))
            }
        }
    }

    /// People who attended, each counted once however many workshops they came to.
    static let reached = FactDeclaration(
        "workshops.people-reached", titleKey: "fact.reached", summary: "Distinct people who attended at least one session",
        counting: .distinctPeople, targetGroups: targetGroups, collect: attended.collect)

    /// A person key for distinct counting: the address, or the account; nil once erased.
    static func person(_ registration: Registration) -> String? {
        if let email = registration.booking.email { return FactRecord.person(email: email) }
        return registration.booking.accountID.map { "account:\($0)" }
    }

    private static func collect(
        _ query: FactQuery, _ db: any DatabaseConnection, statuses: [String],
        _ records: (Workshop, [Registration], [Int64: Int]) throws -> [FactRecord]
    ) throws -> [FactRecord] {
        let services = query.services
        guard let region = services.regions[query.region] else { return [] }
        let store = WorkshopStore(services, region: region)
        let workshops = try db.query("""
            \(Workshop.columns) WHERE region = \(query.region) AND status IN (\(list: statuses))
              AND starts_at >= \(query.from) AND starts_at < \(query.to)
            ORDER BY starts_at, id
            """).map { try Workshop.decode($0, zone: region.timeZone) }
        return try workshops.filter { query.includes($0.reference) }.flatMap { workshop in
            let registrations = try store.registrations(of: workshop, in: db)
            var attended: [Int64: Int] = [:]
            if let bookable = workshop.bookableID {
                for record in try services.bookings.sessionAttendance(of: bookable, in: db) where record.attendance == .attended {
                    attended[record.bookingID, default: 0] += 1
                }
            }
            return try records(workshop, registrations, attended)
        }
    }
}
