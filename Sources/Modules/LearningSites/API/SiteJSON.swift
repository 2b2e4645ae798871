import Foundation
import Kernel

/// The API's shapes of sites, hours, slots and visits.
enum SiteJSON {
    static func summary(_ hit: SiteHit, texts: SiteTexts.Texts?, context: RequestContext) -> JSONValue {
        var object = base(hit.site, texts: texts, context: context)
        object["openNow"] = .bool(hit.openNow)
        if let distance = hit.distance { object["distanceMetres"] = .integer(Int64(distance.rounded())) }
        object["currentStop"] = hit.visit.map { visit($0, context: context) } ?? .null
        object["nextFreeSlot"] = hit.nextSlot.map { slot in
            ["id": .integer(slot.id), "startsAt": .string(Timestamp.iso8601(slot.start)),
             "url": .string(context.pageURL("/learning-sites/slots/\(slot.id)/book"))]
        } ?? .null
        return .object(object)
    }

    static func base(_ site: LearningSite, texts: SiteTexts.Texts?, context: RequestContext) -> [String: JSONValue] {
        var object: [String: JSONValue] = [
            "id": .integer(site.id), "slug": .string(site.slug), "name": .string(texts?.name ?? site.name),
            "language": .string(texts?.language ?? context.region.defaultLanguage),
            "kind": .string(site.kind.rawValue), "url": .string(context.pageURL(site.path)),
            "accessibility": [
                "stepFree": .bool(site.accessibility.stepFree), "accessibleToilet": .bool(site.accessibility.accessibleToilet),
                "hearingLoop": .bool(site.accessibility.hearingLoop),
            ],
            "equipment": .object(site.equipment.mapValues { .integer(Int64($0)) }),
            "languages": .array(site.allLanguages.map(JSONValue.string)),
            "organisation": site.organisationID.map { .integer($0) } ?? .null,
            "updatedAt": .string(Timestamp.iso8601(site.updatedAt)),
        ]
        object["address"] = site.address.map(address) ?? .null
        object["coordinates"] = site.coordinates.map(coordinates) ?? .null
        object["contact"] = [
            "email": site.contactEmail.map(JSONValue.string) ?? .null, "phone": site.contactPhone.map(JSONValue.string) ?? .null,
            "website": site.website.map(JSONValue.string) ?? .null,
        ]
        return object
    }

    static func address(_ address: PlaceAddress) -> JSONValue {
        ["street": .string(address.street), "postalCode": .string(address.postalCode), "locality": .string(address.locality)]
    }

    static func coordinates(_ point: Coordinates) -> JSONValue {
        ["latitude": .number(point.latitude), "longitude": .number(point.longitude)]
    }

    static func interval(_ interval: OpeningInterval) -> JSONValue {
        ["weekday": .string(Weekdays.codes[interval.weekday - 1]), "opens": .string(ClockTime.text(interval.opens)),
         "closes": .string(ClockTime.text(interval.closes)), "appointmentOnly": .bool(interval.appointmentOnly)]
    }

    static func exception(_ exception: HoursException) -> JSONValue {
        ["day": .string(exception.day), "kind": .string(exception.kind.rawValue),
         "opens": exception.opens.map { .string(ClockTime.text($0)) } ?? .null,
         "closes": exception.closes.map { .string(ClockTime.text($0)) } ?? .null,
         "note": exception.note.map(JSONValue.string) ?? .null]
    }

    static func day(_ day: DayHours) -> JSONValue {
        ["day": .string(day.day.description), "weekday": .string(Weekdays.codes[day.day.weekday - 1]),
         "status": .string(status(day.status)), "intervals": .array(day.intervals.map(interval)),
         "note": day.note.map(JSONValue.string) ?? .null]
    }

    static func status(_ status: DayHours.Status) -> String {
        switch status {
        case .regular: "regular"
        case .closed: "closed"
        case .holiday: "holiday"
        case .appointmentOnly: "appointment-only"
        case .special: "special"
        }
    }

    static func hours(_ hours: ConsultationHours, helpers: [PeerHelper], region: Region) -> JSONValue {
        let schedule = WeeklySchedule(hours.schedule)
        return [
            "id": .integer(hours.id), "weekday": .string(Weekdays.codes[schedule.weekday - 1]),
            "schedule": [
                "firstDay": .string(schedule.firstDay.description), "starts": .string(ClockTime.text(schedule.starts)),
                "ends": .string(ClockTime.text(schedule.ends)), "everyWeeks": .integer(Int64(schedule.everyWeeks)),
                "lastDay": schedule.lastDay.map { .string($0.description) } ?? .null,
            ],
            "slotMinutes": .integer(Int64(hours.slotMinutes)), "capacity": .integer(Int64(hours.capacity)),
            "topics": .array(hours.topics.map(JSONValue.string)),
            "languages": .array(ConsultationDesk.languages(of: hours, region: region).map(JSONValue.string)),
            "online": .bool(hours.online), "walkIn": .bool(hours.walkIn),
            "helpers": .array(helpers.map { ["id": .integer($0.id), "displayName": .string($0.displayName),
                                             "languages": .array($0.languages.map(JSONValue.string))] }),
        ]
    }

    static func slot(_ slot: ConsultationSlot, context: RequestContext) -> JSONValue {
        ["id": .integer(slot.id), "hours": .integer(slot.hoursID), "startsAt": .string(Timestamp.iso8601(slot.start)),
         "endsAt": .string(Timestamp.iso8601(slot.end)), "freePlaces": .integer(Int64(slot.freePlaces)),
         "bookURL": .string(context.pageURL("/learning-sites/slots/\(slot.id)/book"))]
    }

    static func visit(_ visit: TourVisit, context: RequestContext) -> JSONValue {
        ["stop": .integer(visit.stop.id), "placeName": .string(visit.stop.placeName),
         "address": visit.stop.address.map(address) ?? .null, "coordinates": coordinates(visit.stop.coordinates),
         "startsAt": .string(Timestamp.iso8601(visit.start)), "endsAt": .string(Timestamp.iso8601(visit.end)),
         "note": visit.stop.note.map(JSONValue.string) ?? .null]
    }

    static func consultation(_ consultation: Consultation, staff: Bool) -> JSONValue {
        var object: [String: JSONValue] = [
            "id": .integer(consultation.id), "slot": .integer(consultation.slot.id),
            "startsAt": .string(Timestamp.iso8601(consultation.slot.start)), "endsAt": .string(Timestamp.iso8601(consultation.slot.end)),
            "state": .string(consultation.booking.state.rawValue),
            "attendance": consultation.booking.attendance.map { .string($0.rawValue) } ?? .null,
            "topic": .string(consultation.topic), "language": .string(consultation.language),
        ]
        if staff {
            object["name"] = consultation.contactErased ? .null : .string(consultation.booking.name)
            object["email"] = consultation.booking.email.map(JSONValue.string) ?? .null
            object["phone"] = consultation.phone.map(JSONValue.string) ?? .null
            object["note"] = consultation.note.map(JSONValue.string) ?? .null
            object["outcome"] = consultation.outcomeTopic.map { topic in
                ["topic": .string(topic), "followUp": .bool(consultation.followUp ?? false)]
            } ?? .null
        }
        return .object(object)
    }
}
