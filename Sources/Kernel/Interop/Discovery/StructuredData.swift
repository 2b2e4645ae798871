import Foundation

/// schema.org descriptions (JSON-LD) for detail pages, so that search engines and other
/// tools understand events, places, organisations and articles:
///
///     StructuredData.event(name: …, startDate: …, location: .place(name: …, address: …)).scriptTag
///
/// `scriptTag` is safe to put into a page as it is: every `<`, `>` and `&` in the JSON is
/// written as a `\u` escape, so no text can end the script element early.
public struct StructuredData: Sendable, Hashable {
    public var value: JSONValue

    public init(_ value: JSONValue) {
        self.value = value
    }

    /// The JSON-LD object with `@context` (for a top-level description).
    public var document: JSONValue {
        guard case .object(var object) = value else { return value }
        object["@context"] = "https://schema.org"
        return .object(object)
    }

    /// `<script type="application/ld+json">…</script>`.
    public var scriptTag: String {
        "<script type=\"application/ld+json\">" + Self.scriptSafe(document) + "</script>"
    }

    /// JSON whose text cannot close or confuse an HTML script element.
    static func scriptSafe(_ value: JSONValue) -> String {
        var output = ""
        for scalar in String(decoding: value.encoded(), as: UTF8.self).unicodeScalars {
            switch scalar {
            case "<": output += "\\u003c"
            case ">": output += "\\u003e"
            case "&": output += "\\u0026"
            case "\u{2028}": output += "\\u2028"
            case "\u{2029}": output += "\\u2029"
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output
    }

    private static func object(_ type: String, _ properties: [String: JSONValue?]) -> StructuredData {
        var object: [String: JSONValue] = ["@type": .string(type)]
        for (key, value) in properties {
            if let value, value != .null { object[key] = value }
        }
        return StructuredData(.object(object))
    }

    private static func date(_ date: Date?) -> JSONValue? {
        date.map { .string(Timestamp.iso8601($0)) }
    }

    /// A news or blog article (a story, a report).
    public static func article(
        headline: String, description: String? = nil, url: String, datePublished: Date?, dateModified: Date?,
        language: String, author: StructuredData? = nil, publisher: StructuredData? = nil, image: String? = nil
    ) -> StructuredData {
        object("Article", [
            "headline": .string(String(headline.prefix(110))), "description": description.map { .string($0) }, "url": .string(url),
            "mainEntityOfPage": .string(url), "datePublished": date(datePublished), "dateModified": date(dateModified),
            "inLanguage": .string(language), "author": author?.value, "publisher": publisher?.value, "image": image.map { .string($0) },
        ])
    }

    public enum AttendanceMode: String, Sendable {
        case offline = "https://schema.org/OfflineEventAttendanceMode"
        case online = "https://schema.org/OnlineEventAttendanceMode"
        case mixed = "https://schema.org/MixedEventAttendanceMode"
    }

    public enum EventStatus: String, Sendable {
        case scheduled = "https://schema.org/EventScheduled"
        case cancelled = "https://schema.org/EventCancelled"
        case postponed = "https://schema.org/EventPostponed"
        case rescheduled = "https://schema.org/EventRescheduled"
    }

    /// An event (a workshop date, a consultation hour, a festival).
    public static func event(
        name: String, startDate: Date, endDate: Date? = nil, url: String, description: String? = nil,
        location: StructuredData? = nil, organizer: StructuredData? = nil, attendance: AttendanceMode = .offline,
        status: EventStatus = .scheduled, language: String? = nil
    ) -> StructuredData {
        object("Event", [
            "name": .string(name), "startDate": date(startDate), "endDate": date(endDate), "url": .string(url),
            "description": description.map { .string($0) }, "location": location?.value, "organizer": organizer?.value,
            "eventAttendanceMode": .string(attendance.rawValue), "eventStatus": .string(status.rawValue),
            "inLanguage": language.map { .string($0) },
        ])
    }

    /// A postal address.
    public static func address(street: String?, postalCode: String?, locality: String?, country: String? = "DE") -> StructuredData {
        object("PostalAddress", [
            "streetAddress": street.map { .string($0) }, "postalCode": postalCode.map { .string($0) },
            "addressLocality": locality.map { .string($0) }, "addressCountry": country.map { .string($0) },
        ])
    }

    /// A place (a learning site, a venue), with its opening hours when it has some.
    public static func place(
        name: String, address: StructuredData? = nil, url: String? = nil, latitude: Double? = nil, longitude: Double? = nil,
        openingHours: [OpeningHours] = [], telephone: String? = nil, email: String? = nil
    ) -> StructuredData {
        var geo: JSONValue?
        if let latitude, let longitude {
            geo = ["@type": "GeoCoordinates", "latitude": .number(latitude), "longitude": .number(longitude)]
        }
        return object("Place", [
            "name": .string(name), "address": address?.value, "url": url.map { .string($0) }, "geo": geo,
            "openingHoursSpecification": openingHours.isEmpty ? nil : .array(openingHours.map(\.value)),
            "telephone": telephone.map { .string($0) }, "email": email.map { .string($0) },
        ])
    }

    /// One `OpeningHoursSpecification`: open on these weekdays from `opens` to `closes` (local
    /// wall-clock `HH:MM`). A day that differs is given with `validFrom` = `validThrough` =
    /// that day; closed all day is `opens` = `closes` = `00:00`, as schema.org asks.
    public struct OpeningHours: Sendable, Hashable {
        public enum Day: String, Sendable, CaseIterable {
            case monday = "Monday", tuesday = "Tuesday", wednesday = "Wednesday", thursday = "Thursday", friday = "Friday"
            case saturday = "Saturday", sunday = "Sunday"
        }

        public var days: [Day]
        public var opens: String
        public var closes: String
        /// `YYYY-MM-DD`.
        public var validFrom: String?
        public var validThrough: String?

        public init(days: [Day], opens: String, closes: String, validFrom: String? = nil, validThrough: String? = nil) {
            self.days = days
            self.opens = opens
            self.closes = closes
            self.validFrom = validFrom
            self.validThrough = validThrough
        }

        var value: JSONValue {
            StructuredData.object("OpeningHoursSpecification", [
                "dayOfWeek": days.isEmpty ? nil : .array(days.map { .string("https://schema.org/" + $0.rawValue) }),
                "opens": .string(opens), "closes": .string(closes),
                "validFrom": validFrom.map { .string($0) }, "validThrough": validThrough.map { .string($0) },
            ]).value
        }
    }

    /// An organisation (an association, a municipality's office).
    public static func organization(
        name: String, url: String? = nil, email: String? = nil, telephone: String? = nil, address: StructuredData? = nil,
        description: String? = nil
    ) -> StructuredData {
        object("Organization", [
            "name": .string(name), "url": url.map { .string($0) }, "email": email.map { .string($0) },
            "telephone": telephone.map { .string($0) }, "address": address?.value, "description": description.map { .string($0) },
        ])
    }
}
