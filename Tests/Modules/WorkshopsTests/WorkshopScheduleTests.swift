import Foundation
import Kernel
import Testing
import TeilhabeTesting
@testable import Workshops

/// Series across the clock changes of 2026 in Europe/Berlin keep their local time, holidays
/// are skipped, and bad schedules are refused naming the field.
@Suite(.serialized) final class WorkshopScheduleTests {
    let fixture: WorkshopsFixture

    init() throws { fixture = try WorkshopsFixture() }

    func schedule(_ id: Int64) throws -> [(start: String, end: String)] {
        try fixture.publish(id)
        let detail = try fixture.server.client().send(.get, "/api/v1/demo/de/workshops/\(id)").json()
        return (detail["schedule"]?.arrayValue ?? []).map { ($0["start"]?.stringValue ?? "", $0["end"]?.stringValue ?? "") }
    }

    @Test func aWeeklySeriesKeepsItsLocalTimeAcrossTheSpringChange() throws {
        let id = try fixture.createWorkshop([("date", "2026-03-18"), ("repeat", "weekly"), ("sessions", "3"), ("startTime", "18:00"), ("endTime", "20:00")])
        let sessions = try schedule(id)
        // 18:00 in Berlin is 17:00 UTC before 29 March and 16:00 UTC after.
        #expect(sessions.map(\.start) == ["2026-03-18T17:00:00.000Z", "2026-03-25T17:00:00.000Z", "2026-04-01T16:00:00.000Z"])
        #expect(sessions.map(\.end) == ["2026-03-18T19:00:00.000Z", "2026-03-25T19:00:00.000Z", "2026-04-01T18:00:00.000Z"])
    }

    @Test func aSeriesAcrossTheAutumnChangeSkippingAHoliday() throws {
        let id = try fixture.createWorkshop([
            ("date", "2026-10-14"), ("repeat", "weekly"), ("sessions", "3"), ("startTime", "10:00"), ("endTime", "12:00"),
            ("skipDates", "2026-10-21"),
        ])
        let sessions = try schedule(id)
        // Three sessions remain, the skipped day not among them; 10:00 local is 08:00 UTC in summer time, 09:00 after 25 October.
        #expect(sessions.map(\.start) == ["2026-10-14T08:00:00.000Z", "2026-10-28T09:00:00.000Z", "2026-11-04T09:00:00.000Z"])
        let ics = try fixture.server.client().send(.get, "/demo/de/workshops/\(id)/calendar.ics").text
        #expect(ics.contains("TZID=Europe/Berlin"))
        #expect(ics.contains("EXDATE"))
    }

    @Test func badSchedulesAreRefusedNamingTheField() throws {
        for (fields, field) in [
            ([("date", "2026-02-30")], "date"), ([("startTime", "25:00")], "startTime"), ([("endTime", "17:00")], "endTime"),
            ([("repeat", "weekly"), ("sessions", "500")], "sessions"), ([("capacity", "0")], "capacity"),
            ([("format", "online")], "onlineLink"), ([("onlineLink", "javascript:alert(1)")], "onlineLink"),
        ] as [([(String, String)], String)] {
            var all: [String: String] = [
                "title": "X", "targetGroup": "mixed", "format": "in-person", "address": "Hauptstraße 1", "capacity": "5",
                "date": "2026-12-01", "startTime": "18:00", "endTime": "20:00", "repeat": "none",
            ]
            for (name, value) in fields { all[name] = value }
            let response = try fixture.form("/admin/workshops/new", all.map { ($0.key, $0.value) } + [("languages", "de")])
            #expect(response.status == 422, "\(fields)")
            #expect(response.text.contains("href=\"#field-\(field)\""), "\(fields) should name \(field)")
        }
        #expect(try fixture.count("SELECT COUNT(*) FROM workshops WHERE region = \("demo")") == 0)
    }
}

@Suite struct WorkshopStoredFieldsTests {
    @Test func trainersAreReadOnePerLineWithoutBlankLinesOrSurroundingSpace() {
        #expect(Workshop.lines("") == [])
        #expect(Workshop.lines("Amira Haddad") == ["Amira Haddad"])
        #expect(Workshop.lines("  Amira Haddad \n\n\tOleksandr Koval\r\n \u{00A0}\n Zeynep Yılmaz\u{00A0}") == ["Amira Haddad", "Oleksandr Koval", "Zeynep Yılmaz"])
        #expect(Workshop.lines("مريم  أحمد\nعلي") == ["مريم  أحمد", "علي"])
    }
}
