import Foundation
import Kernel
import TeilhabeTesting
import Testing

/// The public and staff pages, in German and Arabic, work as forms without JavaScript.
@Suite struct LearningSitesPagesTests {
    @Test func publicPagesRenderInGermanAndArabic() throws {
        let fixture = try LearningSitesFixture()
        defer { fixture.stop() }
        let site = try ConsultationBookingTests.siteWithHours(fixture)
        let slot = try #require(try fixture.freeSlots(site).first?.slotID)
        for language in ["de", "ar"] {
            let client = fixture.server.client()
            let list = try client.send(.get, "/demo/\(language)/learning-sites?open=now&language=de")
            #expect(list.status == 200)
            #expect(list.text.contains("Lernort Hansaviertel"))
            let detail = try client.send(.get, "/demo/\(language)/learning-sites/lernort-hansaviertel")
            #expect(detail.status == 200)
            #expect(detail.text.contains("/learning-sites/slots/\(slot)/book"))
            let form = try client.send(.get, "/demo/\(language)/learning-sites/slots/\(slot)/book")
            #expect(detail.text.contains("<script type=\"application/ld+json\">"))
            #expect(detail.text.contains("https://schema.org/Monday"))
            #expect(form.status == 200)
            #expect(form.text.contains("name=\"topic\""))
            if language == "ar" {
                #expect(list.text.contains("dir=\"rtl\""))
                // Opening hours start with "today, <day>", joined with the Arabic comma.
                #expect(detail.text.contains("اليوم، "), "\(detail.text)")
                #expect(!detail.text.contains("اليوم, "))
            } else {
                #expect(list.text.contains("Digitale Lernorte"))
                #expect(detail.text.contains("Öffnungszeiten"))
            }
        }
        let home = try fixture.server.client().send(.get, "/demo/de")
        #expect(home.text.contains("Freie Beratungstermine"))
        #expect(home.text.contains("/demo/de/learning-sites/slots/\(slot)/book"))
        let calendar = try fixture.server.client().send(.get, "/demo/de/learning-sites/lernort-hansaviertel/calendar.ics")
        #expect(calendar.status == 200)
        #expect(calendar.text.contains("BEGIN:VCALENDAR"))
        #expect(calendar.text.contains("RRULE:FREQ=WEEKLY"))
        #expect(try fixture.server.client().send(.get, "/demo/de/learning-sites/no-such-site").status == 404)
    }

    @Test func aPersonBooksAndCancelsThroughTheFormsAndStaffSeeTheDay() throws {
        let fixture = try LearningSitesFixture()
        defer { fixture.stop() }
        let site = try ConsultationBookingTests.siteWithHours(fixture)
        let slot = try #require(try fixture.freeSlots(site).first?.slotID)

        var browser = TestSession()
        let csrf = try fixture.server.csrfToken(for: &browser)
        let path = "/demo/de/learning-sites/slots/\(slot)/book"
        let missing = try fixture.server.client().sendForm(path, [("_csrf", csrf), ("name", "Amina"), ("topic", "authorities"), ("language", "de")],
                                                           headers: browser.headers)
        #expect(missing.status == 422)
        #expect(missing.text.contains("E-Mail-Adresse oder Telefonnummer"))

        let booked = try fixture.server.client().sendForm(path, [
            ("_csrf", csrf), ("name", "Amina"), ("phone", "0251 98765"), ("topic", "authorities"), ("language", "de"), ("note", ""),
        ], headers: browser.headers)
        #expect(booked.status == 303, "\(booked.text)")
        let location = try #require(booked.headers["Location"])
        #expect(location.contains("/learning-sites/consultations/manage?booked=1&token="))
        let manage = try fixture.server.client().send(.get, location, headers: browser.headers)
        #expect(manage.status == 200)
        #expect(manage.text.contains("data-state=\"confirmed\""))
        #expect(manage.headers["Referrer-Policy"] == "no-referrer")

        let day = try fixture.server.client().send(.get, "/demo/de/learning-sites/admin/sites/\(site)/day?day=2026-11-23", headers: fixture.staffA.headers)
        #expect(day.status == 200)
        #expect(day.text.contains("Amina"))
        #expect(day.text.contains("0251 98765"))

        let token = try #require(location.split(separator: "token=").last.map { String($0).removingPercentEncoding ?? String($0) })
        let manageCSRF = try fixture.server.csrfToken(for: &browser)
        let cancelled = try fixture.server.client().sendForm("/demo/de/learning-sites/consultations/manage", [("_csrf", manageCSRF), ("token", token)],
                                                             headers: browser.headers)
        #expect(cancelled.status == 303)
        let after = try fixture.server.client().send(.get, try #require(cancelled.headers["Location"]), headers: browser.headers)
        #expect(after.text.contains("data-state=\"cancelled\""))
        #expect(try fixture.freeSlots(site).first?.slotID == slot)
        // A second click (another tab) is not told that the consultation has begun.
        let again = try fixture.server.client().sendForm("/demo/de/learning-sites/consultations/manage", [("_csrf", manageCSRF), ("token", token)],
                                                         headers: browser.headers)
        #expect(again.status == 303)
    }

    /// The week form comes filled with the saved hours; saving it unchanged must succeed.
    @Test func theFilledWeekFormSavesUnchanged() throws {
        let fixture = try LearningSitesFixture()
        defer { fixture.stop() }
        let site = try ConsultationBookingTests.siteWithHours(fixture)
        let path = "/demo/de/learning-sites/admin/sites/\(site)/hours"
        let page = try fixture.server.client().send(.get, path, headers: fixture.staffA.headers).text
        var fields: [(String, String)] = [("_csrf", try fixture.server.csrfToken(for: fixture.staffA))]
        for code in ["MO", "TU", "WE", "TH", "FR", "SA", "SU"] {
            // The value of the tag that carries name="hours-<code>".
            let name = "name=\"hours-\(code)\""
            let tag = try #require(page.range(of: name).map { found in
                page[page[..<found.lowerBound].lastIndex(of: "<")!..<page[found.upperBound...].firstIndex(of: ">")!]
            })
            let value = tag.range(of: "value=\"").map { String(tag[$0.upperBound...].prefix { $0 != "\"" }) } ?? ""
            fields.append(("hours-\(code)", value))
        }
        #expect(fields.contains { $0.0 == "hours-MO" && !$0.1.isEmpty })
        let saved = try fixture.server.client().sendForm(path, fields, headers: fixture.staffA.headers)
        #expect(saved.status == 303, "\(saved.text)")
    }

    @Test func staffPagesRenderForTheirSitesOnly() throws {
        let fixture = try LearningSitesFixture()
        defer { fixture.stop() }
        let site = try ConsultationBookingTests.siteWithHours(fixture)
        for suffix in ["", "/hours", "/consultation-hours", "/helpers", "/day"] {
            let page = try fixture.server.client().send(.get, "/demo/de/learning-sites/admin/sites/\(site)\(suffix)", headers: fixture.staffA.headers)
            #expect(page.status == 200, "\(suffix)")
            let foreign = try fixture.server.client().send(.get, "/demo/de/learning-sites/admin/sites/\(site)\(suffix)", headers: fixture.staffB.headers)
            #expect(foreign.status == 404, "\(suffix)")
        }
        for path in ["/demo/de/learning-sites/admin", "/demo/ar/learning-sites/admin", "/demo/de/learning-sites/admin/new", "/demo/de/learning-sites/admin/report"] {
            #expect(try fixture.server.client().send(.get, path, headers: fixture.staffA.headers).status == 200, "\(path)")
        }
        let anonymous = try fixture.server.client().send(.get, "/demo/de/learning-sites/admin")
        #expect(anonymous.status == 303 || anonymous.status == 401)

        // A site created through the form.
        let csrf = try fixture.server.csrfToken(for: fixture.staffA)
        let created = try fixture.server.client().sendForm("/demo/de/learning-sites/admin/new", [
            ("_csrf", csrf), ("name", "Lernort Kinderhaus"), ("kind", "stationary"), ("organisation", String(fixture.organisationA)),
            ("address.street", "Idenbrockplatz 8"), ("address.postalCode", "48159"), ("address.locality", "Münster"),
            ("latitude", "51.9981"), ("longitude", "7.6103"), ("published", "on"), ("equipment.laptops", "3"),
        ], headers: fixture.staffA.headers)
        #expect(created.status == 303, "\(created.text)")
        #expect(try fixture.send(.get, LearningSitesFixture.api + "/lernort-kinderhaus").status == 200)
        let invalid = try fixture.server.client().sendForm("/demo/de/learning-sites/admin/new", [
            ("_csrf", csrf), ("name", "Irgendwo"), ("kind", "stationary"), ("organisation", String(fixture.organisationA)),
            ("address.street", "Weg 1"), ("address.locality", "Münster"), ("latitude", "123"), ("longitude", "7.6"),
        ], headers: fixture.staffA.headers)
        #expect(invalid.status == 422)
        #expect(invalid.text.contains("-90"))
    }
}
