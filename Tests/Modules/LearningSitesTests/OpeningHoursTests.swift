import Foundation
import Kernel
import TeilhabeTesting
import Testing

/// Regular hours and the days that differ decide "open now" in the region's time zone.
@Suite struct OpeningHoursTests {
    static func openNow(_ fixture: LearningSitesFixture) throws -> [Int64] {
        let found = try fixture.send(.get, LearningSitesFixture.api + "?open=now").json()
        return found["items"]?.arrayValue?.compactMap { $0["id"]?.integerValue } ?? []
    }

    @Test func openNowFollowsRegularHoursAndTodaysException() throws {
        let fixture = try LearningSitesFixture()
        defer { fixture.stop() }
        let open = try fixture.createSite(LearningSitesFixture.siteBody(name: "Offen", organisation: fixture.organisationA), as: fixture.staffA)
        let afternoon = try fixture.createSite(LearningSitesFixture.siteBody(name: "Nachmittags", organisation: fixture.organisationA), as: fixture.staffA)
        try fixture.setWeekdayHours(open, as: fixture.staffA)
        #expect(try fixture.send(.put, LearningSitesFixture.api + "/admin/sites/\(afternoon)/hours",
                                 ["hours": [["weekday": "MO", "opens": "14:00", "closes": "18:00"]]], as: fixture.staffA).status == 200)

        // Monday 10:00 in Berlin (09:00 UTC): only the first is open.
        #expect(try Self.openNow(fixture) == [open])
        let shown = try fixture.send(.get, LearningSitesFixture.api + "/\(open)").json()
        #expect(shown["openNow"]?.boolValue == true)
        #expect(shown["openingHours"]?["nextDays"]?.arrayValue?.first?["day"]?.stringValue == "2026-11-23")

        // A closed day today closes it; other hours today open the second.
        #expect(try fixture.send(.put, LearningSitesFixture.api + "/admin/sites/\(open)/exceptions/2026-11-23",
                                 ["kind": "closed", "note": "Betriebsausflug"], as: fixture.staffA).status == 200)
        #expect(try fixture.send(.put, LearningSitesFixture.api + "/admin/sites/\(afternoon)/exceptions/2026-11-23",
                                 ["kind": "hours", "hours": [["opens": "09:30", "closes": "11:00"]]], as: fixture.staffA).status == 200)
        #expect(try Self.openNow(fixture) == [afternoon])

        // Appointments only is not "open now"; removing the exception restores the week.
        #expect(try fixture.send(.put, LearningSitesFixture.api + "/admin/sites/\(afternoon)/exceptions/2026-11-23",
                                 ["kind": "appointment-only"], as: fixture.staffA).status == 200)
        #expect(try fixture.send(.delete, LearningSitesFixture.api + "/admin/sites/\(open)/exceptions/2026-11-23", as: fixture.staffA).status == 200)
        #expect(try Self.openNow(fixture) == [open])

        // At 18:30 everything is closed.
        fixture.clock.advance(by: 8.5 * 3600)
        #expect(try Self.openNow(fixture) == [])
    }

    @Test func overlappingHoursAndBadTimesAreRefusedNamingTheEntry() throws {
        let fixture = try LearningSitesFixture()
        defer { fixture.stop() }
        let site = try fixture.createSite(LearningSitesFixture.siteBody(organisation: fixture.organisationA), as: fixture.staffA)
        try fixture.setWeekdayHours(site, as: fixture.staffA)
        let cases: [(JSONValue, String)] = [
            (["hours": [["weekday": "MO", "opens": "09:00", "closes": "13:00"], ["weekday": "MO", "opens": "12:00", "closes": "15:00"]]], "hours[1]"),
            (["hours": [["weekday": "MO", "opens": "13:00", "closes": "09:00"]]], "hours[0]"),
            (["hours": [["weekday": "XX", "opens": "09:00", "closes": "13:00"]]], "hours[0].weekday"),
            (["hours": [["weekday": "MO", "opens": "25:00", "closes": "26:00"]]], "hours[0]"),
        ]
        for (body, field) in cases {
            let response = try fixture.send(.put, LearningSitesFixture.api + "/admin/sites/\(site)/hours", body, as: fixture.staffA)
            #expect(response.status == 422, "\(body)")
            #expect(try response.json()["error"]?["field"]?.stringValue?.hasPrefix(field) == true, "\(response.text)")
        }
        // The week set before is untouched.
        let week = try fixture.send(.get, LearningSitesFixture.api + "/\(site)").json()["openingHours"]?["week"]?.arrayValue
        #expect(week?.count == 10)

        let past = try fixture.send(.put, LearningSitesFixture.api + "/admin/sites/\(site)/exceptions/2026-11-20", ["kind": "closed"], as: fixture.staffA)
        #expect(past.status == 422)
        let unknown = try fixture.send(.put, LearningSitesFixture.api + "/admin/sites/\(site)/exceptions/2026-12-24", ["kind": "party"], as: fixture.staffA)
        #expect(unknown.status == 422)
        #expect(try unknown.json()["error"]?["field"]?.stringValue == "kind")
    }
}
