import Foundation
import Kernel
import Testing
import TeilhabeTesting

@Suite struct RecurrenceTests {
    let berlin = TimeZone(identifier: "Europe/Berlin")!

    func at(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int = 0) -> Date {
        Recurrence.instant(year: year, month: month, day: day, hour: hour, minute: minute, in: berlin)!
    }

    func local(_ dates: [Date]) -> [String] {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = berlin
        return dates.map { formatter.string(from: $0) }
    }

    func series(_ rule: String, start: Date, hours: Double = 1) throws -> Recurrence {
        try Recurrence(start: start, duration: hours * 3600, timeZone: berlin, rule: RecurrenceRule(parsing: rule, timeZone: berlin))
    }

    @Test func aStoredSeriesReadsBackAsJSONDecoderReadsIt() throws {
        var course = try series("FREQ=WEEKLY;COUNT=10;BYDAY=WE", start: at(2026, 10, 14, 18), hours: 2)
        course.exceptions = [at(2026, 11, 18, 18)]
        course.additions = [at(2026, 12, 30, 18)]
        let samples = [
            course,
            try Recurrence(start: at(2026, 3, 29, 9), duration: 5400, timeZone: berlin),
            try series("FREQ=MONTHLY;BYDAY=-1FR;UNTIL=20271231T230000Z", start: at(2026, 1, 30, 17)),
        ]
        for sample in samples {
            let text = String(decoding: try JSONEncoder().encode(sample), as: UTF8.self)
            let decoded = try JSONDecoder().decode(Recurrence.self, from: Data(text.utf8))
            #expect(Recurrence(stored: text) == decoded, "\(text)")
            #expect(try Recurrence(stored: text)?.allOccurrences() == sample.allOccurrences())
        }
        for broken in ["", "{}", "[1]", #"{"start": "gestern", "durationSeconds": 60, "timeZone": "Europe/Berlin"}"#,
                       #"{"start": "2026-01-01T10:00:00Z", "durationSeconds": 60, "timeZone": "Mars/Olympus"}"#,
                       #"{"start": "2026-01-01T10:00:00Z", "durationSeconds": 60, "timeZone": "UTC", "rule": "FREQ=SOMETIMES"}"#,
                       #"{"start": "2026-01-01T10:00:00Z", "durationSeconds": 60, "timeZone": "UTC", "exceptions": ["bald"]}"#] {
            #expect(Recurrence(stored: broken) == nil, "\(broken)")
        }
    }

    @Test func tenSessionsOfTwoHoursOnWednesdaysAt18SkippingAHoliday() throws {
        // Buß- und Bettag, Wednesday 18 November 2026, is a holiday in Saxony.
        var course = try series("FREQ=WEEKLY;BYDAY=WE", start: at(2026, 10, 14, 18), hours: 2)
        course.exceptions = [course.start(onLocalDay: 2026, 11, 18)]
        course = try course.limited(toSessions: 10)
        #expect(course.rule?.description == "FREQ=WEEKLY;COUNT=11;BYDAY=WE")
        let sessions = try course.allOccurrences()
        #expect(sessions.count == 10)
        #expect(local(sessions.map(\.start)) == [
            "2026-10-14T18:00:00+02:00", "2026-10-21T18:00:00+02:00", "2026-10-28T18:00:00+01:00",
            "2026-11-04T18:00:00+01:00", "2026-11-11T18:00:00+01:00", "2026-11-25T18:00:00+01:00",
            "2026-12-02T18:00:00+01:00", "2026-12-09T18:00:00+01:00", "2026-12-16T18:00:00+01:00",
            "2026-12-23T18:00:00+01:00",
        ])
        #expect(sessions.allSatisfy { $0.end.timeIntervalSince($0.start) == 7200 })
    }

    @Test func wallClockTimeHoldsAcrossTheSpringChange() throws {
        let daily = try series("FREQ=DAILY;COUNT=4", start: at(2026, 3, 27, 18))
        let starts = try daily.allOccurrences().map(\.start)
        #expect(local(starts) == ["2026-03-27T18:00:00+01:00", "2026-03-28T18:00:00+01:00", "2026-03-29T18:00:00+02:00", "2026-03-30T18:00:00+02:00"])
        // 29 March has no 02:30: that occurrence moves past the gap, the others keep 02:30.
        let night = try series("FREQ=DAILY;COUNT=3", start: at(2026, 3, 28, 2, 30))
        #expect(local(try night.allOccurrences().map(\.start)) == ["2026-03-28T02:30:00+01:00", "2026-03-29T03:30:00+02:00", "2026-03-30T02:30:00+02:00"])
    }

    @Test func wallClockTimeHoldsAcrossTheAutumnChange() throws {
        let weekly = try series("FREQ=WEEKLY;UNTIL=20261101T235959Z", start: at(2026, 10, 18, 9))
        #expect(local(try weekly.allOccurrences().map(\.start)) == ["2026-10-18T09:00:00+02:00", "2026-10-25T09:00:00+01:00", "2026-11-01T09:00:00+01:00"])
        // 02:30 happens twice on 25 October; the series takes the first.
        let night = try series("FREQ=DAILY;COUNT=2", start: at(2026, 10, 24, 2, 30))
        #expect(local(try night.allOccurrences().map(\.start)) == ["2026-10-24T02:30:00+02:00", "2026-10-25T02:30:00+02:00"])
    }

    @Test func numberedWeekdaysMonthDaysAndMonths() throws {
        let secondWednesday = try series("FREQ=MONTHLY;BYDAY=2WE;COUNT=3", start: at(2026, 1, 14, 17))
        #expect(local(try secondWednesday.allOccurrences().map(\.start)) == ["2026-01-14T17:00:00+01:00", "2026-02-11T17:00:00+01:00", "2026-03-11T17:00:00+01:00"])
        let lastFriday = try series("FREQ=MONTHLY;BYDAY=-1FR;COUNT=3", start: at(2026, 1, 30, 15))
        #expect(local(try lastFriday.allOccurrences().map(\.start)) == ["2026-01-30T15:00:00+01:00", "2026-02-27T15:00:00+01:00", "2026-03-27T15:00:00+01:00"])
        let lastDay = try series("FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=3", start: at(2026, 1, 31, 12))
        #expect(local(try lastDay.allOccurrences().map(\.start)) == ["2026-01-31T12:00:00+01:00", "2026-02-28T12:00:00+01:00", "2026-03-31T12:00:00+02:00"])
        // The 31st only in months that have one.
        let thirtyFirst = try series("FREQ=MONTHLY;COUNT=3", start: at(2026, 1, 31, 12))
        #expect(local(try thirtyFirst.allOccurrences().map(\.start)) == ["2026-01-31T12:00:00+01:00", "2026-03-31T12:00:00+02:00", "2026-05-31T12:00:00+02:00"])
        let summerTime = try series("FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU;COUNT=3", start: at(2026, 3, 29, 10))
        #expect(local(try summerTime.allOccurrences().map(\.start)) == ["2026-03-29T10:00:00+02:00", "2027-03-28T10:00:00+02:00", "2028-03-26T10:00:00+02:00"])
        let twiceAFortnight = try series("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;COUNT=4", start: at(2026, 6, 1, 10))
        #expect(local(try twiceAFortnight.allOccurrences().map(\.start)) == ["2026-06-01T10:00:00+02:00", "2026-06-04T10:00:00+02:00", "2026-06-15T10:00:00+02:00", "2026-06-18T10:00:00+02:00"])
    }

    @Test func singleAddedDatesAndExceptions() throws {
        var talks = try series("FREQ=WEEKLY;BYDAY=TU;COUNT=3", start: at(2026, 5, 5, 19))
        talks.additions = [at(2026, 5, 9, 11)]
        talks.exceptions = [at(2026, 5, 12, 19)]
        #expect(local(try talks.allOccurrences().map(\.start)) == ["2026-05-05T19:00:00+02:00", "2026-05-09T11:00:00+02:00", "2026-05-19T19:00:00+02:00"])
        let once = try Recurrence(start: at(2026, 5, 5, 19), duration: 5400, timeZone: berlin)
        #expect(try once.allOccurrences() == [Occurrence(start: at(2026, 5, 5, 19), end: at(2026, 5, 5, 20, 30))])
    }

    @Test func windowsAreExpandedWithoutWalkingFromTheStart() throws {
        let forever = try series("FREQ=DAILY", start: at(2020, 1, 1, 8))
        let window = try forever.occurrences(from: at(2045, 6, 1, 0), to: at(2045, 6, 8, 0))
        #expect(window.count == 7)
        #expect(local(window.map(\.start)).first == "2045-06-01T08:00:00+02:00")
        // An occurrence already running when the window opens belongs to it.
        let running = try forever.occurrences(from: at(2045, 6, 1, 8, 30), to: at(2045, 6, 1, 10))
        #expect(running.map(\.start) == [at(2045, 6, 1, 8)])
    }

    @Test func unboundedOrOversizedExpansionsAreRefused() throws {
        let forever = try series("FREQ=DAILY", start: at(2026, 1, 1, 8))
        #expect(throws: RecurrenceError("the rule FREQ=DAILY repeats forever (no COUNT or UNTIL); ask for the occurrences in a window")) {
            try forever.allOccurrences()
        }
        #expect(throws: RecurrenceError("more than 100 occurrences; ask for a shorter window")) {
            try forever.occurrences(from: at(2026, 1, 1, 0), to: at(2027, 1, 1, 0), limit: 100)
        }
        #expect(throws: RecurrenceError(part: "COUNT", "20000 is more than the 10000 occurrences one rule may have")) {
            try RecurrenceRule(parsing: "FREQ=DAILY;COUNT=20000", timeZone: berlin)
        }
    }

    @Test func rulesThatCannotWorkAreExplained() {
        let cases: [(String, RecurrenceError)] = [
            ("", RecurrenceError("the rule is empty; it needs at least FREQ, e.g. FREQ=WEEKLY;BYDAY=WE")),
            ("BYDAY=WE", RecurrenceError(part: "FREQ", "is required: DAILY, WEEKLY, MONTHLY or YEARLY")),
            ("FREQ=HOURLY", RecurrenceError(part: "FREQ", "'HOURLY' is not supported; use DAILY, WEEKLY, MONTHLY or YEARLY")),
            ("FREQ=WEEKLY;BYDAY=XY", RecurrenceError(part: "BYDAY", "'XY' is not a weekday (MO, TU, WE, TH, FR, SA, SU) with an optional number like 2WE or -1FR")),
            ("FREQ=WEEKLY;BYDAY=2WE", RecurrenceError(part: "BYDAY", "'2WE' has a number, which only MONTHLY and YEARLY rules allow (e.g. FREQ=MONTHLY;BYDAY=2WE)")),
            ("FREQ=MONTHLY;BYMONTHDAY=32", RecurrenceError(part: "BYMONTHDAY", "'32' must be a number from 1 to 31 or −31 to −1")),
            ("FREQ=DAILY;COUNT=3;UNTIL=20261231", RecurrenceError("COUNT and UNTIL cannot both be given; choose one")),
            ("FREQ=DAILY;UNTIL=2026-12-31", RecurrenceError(part: "UNTIL", "'2026-12-31' is not a date (20261231) or date-time (20261231T180000Z)")),
            ("FREQ=DAILY;BYHOUR=9", RecurrenceError(part: "BYHOUR", "is not supported (supported: FREQ, INTERVAL, COUNT, UNTIL, BYDAY, BYMONTHDAY, BYMONTH, WKST)")),
            ("FREQ=DAILY;FREQ=WEEKLY", RecurrenceError(part: "FREQ", "is given twice")),
            ("FREQ=DAILY;INTERVAL=0", RecurrenceError(part: "INTERVAL", "'0' must be a whole number from 1 to 1000")),
        ]
        for (text, error) in cases {
            #expect(throws: error, "\(text)") { try RecurrenceRule(parsing: text, timeZone: berlin) }
        }
        #expect(throws: RecurrenceError("the start (Thursday 20261015T180000 Europe/Berlin) is not an occurrence of FREQ=WEEKLY;BYDAY=WE; start on a day the rule includes")) {
            try series("FREQ=WEEKLY;BYDAY=WE", start: at(2026, 10, 15, 18))
        }
        #expect(throws: RecurrenceError("the rule FREQ=YEARLY;COUNT=2;BYMONTH=2;BYMONTHDAY=30 never produces an occurrence")) {
            try series("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30;COUNT=2", start: at(2026, 2, 28, 9))
        }
    }

    @Test func aSeriesSurvivesStorageAsJSON() throws {
        var course = try series("FREQ=WEEKLY;BYDAY=WE;UNTIL=20261223", start: at(2026, 10, 14, 18), hours: 2)
        course.exceptions = [course.start(onLocalDay: 2026, 11, 18)]
        let decoded = try JSONDecoder().decode(Recurrence.self, from: JSONEncoder().encode(course))
        #expect(decoded == course)
        #expect(try decoded.allOccurrences().count == 10)
    }

    /// Every rule expanded by Python's dateutil as well, in the same zone.
    @Test func expansionsAgreeWithDateutil() throws {
        try PythonTool.require("dateutil", package: "python-dateutil")
        let rules = [
            ("FREQ=WEEKLY;BYDAY=WE;COUNT=12", at(2026, 3, 11, 18)),
            ("FREQ=MONTHLY;BYDAY=2WE,-1FR;COUNT=12", at(2026, 1, 14, 17)),
            ("FREQ=MONTHLY;BYMONTHDAY=1,15,-1;COUNT=12", at(2026, 1, 1, 9)),
            ("FREQ=YEARLY;BYMONTH=3,10;BYDAY=-1SU;COUNT=6", at(2026, 3, 29, 2, 30)),
            ("FREQ=DAILY;INTERVAL=3;BYDAY=MO,TU,WE,TH,FR;COUNT=15", at(2026, 10, 20, 7, 45)),
            ("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,SU;WKST=SU;COUNT=8", at(2026, 10, 4, 12)),
            ("FREQ=YEARLY;BYDAY=20MO;COUNT=3", at(2026, 5, 18, 9)),
            ("FREQ=MONTHLY;BYMONTHDAY=13;BYDAY=FR;COUNT=3", at(2026, 2, 13, 20)),
        ]
        for (rule, start) in rules {
            let ours = try series(rule, start: start).allOccurrences().map { Int64($0.start.timeIntervalSince1970) }
            let script = """
                import sys
                from datetime import datetime
                from zoneinfo import ZoneInfo
                from dateutil.rrule import rrulestr
                zone = ZoneInfo('Europe/Berlin')
                start = datetime.fromtimestamp(\(Int64(start.timeIntervalSince1970)), zone).replace(tzinfo=None)
                for occurrence in rrulestr('\(rule)', dtstart=start):
                    print(int(occurrence.replace(tzinfo=zone).timestamp()))
                """
            let result = try PythonTool.script(script)
            #expect(result.status == 0, "\(result.errors)")
            let theirs = result.output.split(separator: "\n").compactMap { Int64($0) }
            #expect(!theirs.isEmpty)
            #expect(ours == theirs, "\(rule)")
        }
    }
}
