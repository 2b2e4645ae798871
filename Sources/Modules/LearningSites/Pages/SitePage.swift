import Foundation
import HTTP
import Kernel
import Web

/// `GET /{region}/{lang}/learning-sites/{site}`: what a site offers, when it is open (today
/// first), where a mobile site is this week, and its free consultation slots.
enum SitePage {
    @Sendable static func render(_ request: Request, _ context: RequestContext) throws -> Response {
        let strings = LearningSitesStrings(languages: context.languages)
        let language = try PublicAPI.languageParameter(request)
        let details = try SiteDetails.load(request.parameters["site"] ?? "", language: language, context: context)
        let site = details.site
        let name = details.texts?.name ?? site.name
        let zone = context.region.timeZone
        let lang = context.language
        return context.page(title: name) { page in
            SitePageParts.structuredData(details, name: name, context: context)
            element("p", ["class": "status"]) {
                element("strong") { details.openNow ? strings.openNow : strings.closedNow }
                site.kind == .mobile ? " · " + strings.kindMobile : ""
            }
            if let description = details.texts?.description, !description.isEmpty {
                SitePageParts.description(description)
            }
            DefinitionList(SitePageParts.facts(details, strings: strings, context: context))

            if site.kind == .stationary {
                element("h2", ["id": "hours"]) { strings.hoursTitle }
                Table(caption: strings.hoursCaption, columns: [strings.hoursDay, strings.hoursTimes], rows: details.days.enumerated().map { index, day in
                    let label = (index == 0 ? strings.today + ListJoining.separator(for: lang) : "") + SitePresentation.day(day.day, language: lang)
                    return [HTML.text(label), HTML.text(SitePresentation.hours(day, strings))]
                })
                let later = details.exceptions.filter { $0.day > (details.days.last?.day.description ?? "") }
                if !later.isEmpty {
                    element("h3") { strings.hoursLater }
                    element("ul") {
                        for exception in later.prefix(10) {
                            element("li") {
                                SitePresentation.day(LocalDay(exception.day) ?? details.days[0].day, language: lang) + ": "
                                    + SitePageParts.exceptionLabel(exception, strings) + (exception.note.map { " – " + $0 } ?? "")
                            }
                        }
                    }
                }
            } else {
                element("h2", ["id": "tour"]) { strings.tourTitle }
                if details.visits.isEmpty {
                    element("p") { strings.tourNone }
                } else {
                    Table(caption: strings.tourCaption, columns: [strings.hoursDay, strings.hoursTimes, strings.tourPlace], rows: details.visits.map { visit in
                        let place = [visit.stop.placeName, visit.stop.address?.singleLine].compactMap { $0 }.joined(separator: ", ")
                        return [
                            HTML.text(SitePresentation.day(LocalMoment(visit.start, in: zone).day, language: lang)),
                            HTML.text(SitePresentation.range(visit.start, visit.end, zone: zone)),
                            element("a", ["href": SitePresentation.mapLink(visit.stop.coordinates)]) { place },
                        ]
                    })
                }
            }

            element("h2", ["id": "consultations"]) { strings.consultationsTitle }
            if details.hours.isEmpty {
                element("p") { strings.consultationsNone }
            } else {
                element("ul", ["class": "consultation-hours"]) {
                    for hours in details.hours {
                        element("li") { SitePageParts.hoursLine(hours, helpers: details.helpers(of: hours), strings: strings, context: context) }
                    }
                }
                SitePageParts.slots(details, language: language, strings: strings, context: context, page: page)
            }
            element("p") {
                element("a", ["href": context.pageURL(site.path + "/calendar.ics")]) { strings.calendarLink }
            }
        }
    }
}

/// The pieces of a site's page.
enum SitePageParts {
    static func facts(_ details: SiteDetails, strings: LearningSitesStrings, context: RequestContext) -> [(term: String, details: HTML)] {
        let site = details.site
        let lang = context.language
        var facts: [(term: String, details: HTML)] = []
        if let address = site.address {
            facts.append((strings.factAddress, HTML.fragment([
                // A German address keeps its order on a right-to-left page.
                element("bdi") { address.singleLine },
                site.coordinates.map { point in
                    HTML.fragment([HTML.text(" ("), element("a", ["href": SitePresentation.mapLink(point)]) { strings.mapLink }, HTML.text(")")])
                } ?? .empty,
            ])))
        }
        if let organisation = details.organisation { facts.append((strings.factHost, HTML.text(organisation.name))) }
        if !site.allLanguages.isEmpty {
            facts.append((strings.factLanguages, HTML.text(SitePresentation.languages(site.allLanguages, language: lang))))
        }
        var access: [String] = []
        if site.accessibility.stepFree { access.append(strings.accessStepFree) }
        if site.accessibility.accessibleToilet { access.append(strings.accessToilet) }
        if site.accessibility.hearingLoop { access.append(strings.accessHearingLoop) }
        facts.append((strings.factAccess, HTML.text(access.isEmpty ? strings.accessNone : context.listed(access))))
        let equipment = Equipment.kinds.compactMap { kind in
            site.equipment[kind].map { count in kind == "wifi" ? SitePresentation.equipment(kind, strings) : "\(count) × \(SitePresentation.equipment(kind, strings))" }
        }
        if !equipment.isEmpty { facts.append((strings.factEquipment, HTML.text(context.listed(equipment)))) }
        var contact: [HTML] = []
        if let email = site.contactEmail { contact.append(element("a", ["href": "mailto:\(email)"]) { email }) }
        if let phone = site.contactPhone { contact.append(element("a", ["href": "tel:\(phone.filter { $0.isNumber || $0 == "+" })"]) { phone }) }
        if let website = site.website { contact.append(element("a", ["href": website]) { website }) }
        if !contact.isEmpty {
            facts.append((strings.factContact, HTML.fragment(contact.enumerated().flatMap { index, item in index == 0 ? [item] : [HTML.text(" · "), item] })))
        }
        return facts
    }

    static func exceptionLabel(_ exception: HoursException, _ strings: LearningSitesStrings) -> String {
        switch exception.kind {
        case .holiday: strings.hoursHoliday
        case .closed: strings.hoursClosed
        case .appointmentOnly: strings.hoursByAppointment
        case .hours: SitePresentation.range(exception.opens ?? 0, exception.closes ?? 0)
        }
    }

    /// `Tuesday 14:00–17:00, every week · walk-in · online`.
    static func hoursTitle(_ hours: ConsultationHours, strings: LearningSitesStrings, context: RequestContext) -> String {
        let schedule = WeeklySchedule(hours.schedule)
        let lang = context.language
        let when: String
        if schedule.everyWeeks == 0 {
            when = SitePresentation.day(schedule.firstDay, language: lang) + " " + SitePresentation.range(schedule.starts, schedule.ends)
        } else {
            let repeatText = schedule.everyWeeks == 1 ? strings.everyWeek : strings.everyWeeks(count: schedule.everyWeeks)
            when = "\(SitePresentation.weekday(schedule.weekday, language: lang)) \(SitePresentation.range(schedule.starts, schedule.ends))"
                + ListJoining.separator(for: lang) + repeatText
        }
        var parts = [when]
        if hours.walkIn { parts.append(strings.walkIn) }
        if hours.online { parts.append(strings.online) }
        return parts.joined(separator: " · ")
    }

    /// The hours' title, then topics, languages and peer helpers.
    static func hoursLine(_ hours: ConsultationHours, helpers: [PeerHelper], strings: LearningSitesStrings, context: RequestContext) -> HTML {
        HTML.fragment([
            element("strong") { hoursTitle(hours, strings: strings, context: context) },
            element("br"),
            hoursDetails(hours, helpers: helpers, strings: strings, context: context),
        ])
    }

    /// Topics, languages and peer helpers of the hours, one per line.
    static func hoursDetails(_ hours: ConsultationHours, helpers: [PeerHelper], strings: LearningSitesStrings, context: RequestContext) -> HTML {
        let lang = context.language
        return HTML.fragment([
            HTML.text(strings.topicsOffered(topics: context.listed(hours.topics.map { SitePresentation.topic($0, strings) }))),
            element("br"),
            HTML.text(strings.languagesSpoken(languages: SitePresentation.languages(ConsultationDesk.languages(of: hours, region: context.region), language: lang))),
            helpers.isEmpty ? .empty : HTML.fragment([
                element("br"), HTML.text(strings.peerHelpers(names: context.listed(helpers.map(\.displayName)))),
            ]),
        ])
    }

    /// Free slots of the next two weeks by day, each a link to its booking form; a language
    /// choice narrows them to hours offering it.
    static func slots(_ details: SiteDetails, language: String?, strings: LearningSitesStrings, context: RequestContext, page: PageContext) -> HTML {
        let zone = context.region.timeZone
        let offered = Array(Set(details.hours.filter { !$0.walkIn }.flatMap { ConsultationDesk.languages(of: $0, region: context.region) })).sorted()
        let byDay = Dictionary(grouping: details.slots) { LocalMoment($0.start, in: zone).day }
        return HTML.fragment([
            element("h3", ["id": "slots"]) { strings.slotsTitle },
            offered.count > 1 ? Form(
                action: context.pageURL(details.site.path), method: .get,
                state: FormState(values: language.map { ["language": $0] } ?? [:]), in: page
            ) { form in
                form.select("language", label: strings.slotsLanguage, options: offered.map { Choice($0, LanguageCode.name($0, in: context.language)) })
                form.submit(strings.slotsShow, secondary: true)
            }.html : .empty,
            details.slots.isEmpty ? element("p") { strings.slotsNone } : .empty,
            HTML.fragment(byDay.keys.sorted().map { day in
                HTML.fragment([
                    element("h4") { SitePresentation.day(day, language: context.language) },
                    element("ul", ["class": "buttons slots", "role": "list"]) {
                        for slot in byDay[day] ?? [] {
                            element("li") {
                                element("a", ["class": "button button-secondary",
                                              "href": context.pageURL("/learning-sites/slots/\(slot.id)/book") + (language.map { "?language=\($0)" } ?? "")]) {
                                    SitePresentation.range(slot.start, slot.end, zone: zone)
                                }
                            }
                        }
                    },
                ])
            }),
        ])
    }

    /// The description in the content markup.
    static func description(_ markup: String) -> HTML {
        // The markup renderer escapes every text; its tags are its own.
        element("div", ["class": "description"]) { HTML.unsafeTrustedMarkup(Markup.html(markup)) }
    }

    /// schema.org Place with its opening hours, for search engines and maps.
    /// A schema.org Place with the regular week (appointment-only hours left out: nobody can
    /// just come) and the coming days that differ.
    static func structuredData(_ details: SiteDetails, name: String, context: RequestContext) -> HTML {
        let site = details.site
        var hours: [StructuredData.OpeningHours] = []
        let open = details.week.filter { !$0.appointmentOnly }
        var ranges: [(opens: Int, closes: Int)] = []
        for interval in open where !ranges.contains(where: { $0 == (interval.opens, interval.closes) }) {
            ranges.append((interval.opens, interval.closes))
        }
        for range in ranges {
            let days = open.filter { ($0.opens, $0.closes) == range }.compactMap { day in
                StructuredData.OpeningHours.Day.allCases.indices.contains(day.weekday - 1) ? StructuredData.OpeningHours.Day.allCases[day.weekday - 1] : nil
            }
            hours.append(.init(days: days, opens: ClockTime.text(range.opens), closes: ClockTime.text(min(range.closes, 1439))))
        }
        for exception in details.exceptions {
            if exception.kind == .hours, let opens = exception.opens, let closes = exception.closes {
                hours.append(.init(days: [], opens: ClockTime.text(opens), closes: ClockTime.text(min(closes, 1439)),
                                   validFrom: exception.day, validThrough: exception.day))
            } else {
                hours.append(.init(days: [], opens: "00:00", closes: "00:00", validFrom: exception.day, validThrough: exception.day))
            }
        }
        let place = StructuredData.place(
            name: name,
            address: site.address.map { .address(street: $0.street, postalCode: $0.postalCode, locality: $0.locality) },
            url: context.services.absoluteURL(context.pageURL(site.path)),
            latitude: site.coordinates?.latitude, longitude: site.coordinates?.longitude,
            openingHours: hours, telephone: site.contactPhone, email: site.contactEmail)
        // The script tag escapes every character that could end it.
        return HTML.unsafeTrustedMarkup(place.scriptTag)
    }
}
