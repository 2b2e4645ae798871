import Foundation
import HTTP
import Kernel
import Testing
import TeilhabeTesting

let berlin = TimeZone(identifier: "Europe/Berlin")!

func berlinTime(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int = 0) -> Date {
    Recurrence.instant(year: year, month: month, day: day, hour: hour, minute: minute, in: berlin)!
}

/// The events the test module offers: one evening, a course with a holiday, a series with
/// an added date, each with text that needs escaping.
func courseEvents(publicURL: String) throws -> [CalendarEvent] {
    var course = try Recurrence(
        start: berlinTime(2026, 10, 14, 18), duration: 7200, timeZone: berlin,
        rule: RecurrenceRule(parsing: "FREQ=WEEKLY;BYDAY=WE", timeZone: berlin))
    course.exceptions = [course.start(onLocalDay: 2026, 11, 18)]
    course = try course.limited(toSessions: 10)
    var cafe = try Recurrence(
        start: berlinTime(2026, 3, 6, 15, 30), duration: 5400, timeZone: berlin,
        rule: RecurrenceRule(parsing: "FREQ=MONTHLY;BYDAY=1FR;UNTIL=20260701", timeZone: berlin))
    cafe.additions = [berlinTime(2026, 3, 28, 11)]
    return [
        CalendarEvent(
            uid: CalendarEvent.uid("evening-1", publicURL: publicURL), summary: "Infoabend: Anerkennung, Beratung; Fragen\\Antworten",
            details: "Erste Zeile\nZweite Zeile mit Umlauten äöüß und Arabisch مرحبا، "
                + String(repeating: "sehr lange Beschreibung ", count: 8),
            location: "Bürgerhaus, Raum 2", url: "https://teilhabe.example/demo/de/events/1",
            schedule: try Recurrence(start: berlinTime(2026, 3, 29, 19), duration: 3600, timeZone: berlin),
            categories: ["Beratung", "Info, Abend"]),
        CalendarEvent(
            uid: CalendarEvent.uid("course-7", publicURL: publicURL), summary: "Deutschkurs A2 (10 Termine)",
            schedule: course, sequence: 2, lastModified: berlinTime(2026, 9, 1, 12)),
        CalendarEvent(uid: CalendarEvent.uid("cafe-3", publicURL: publicURL), summary: "Sprachcafé", schedule: cafe),
    ]
}

struct CoursesModule: Module {
    static let manifest = ModuleManifest(
        id: "courses", names: ["de": "Kurse", "en": "Courses"], version: "1.0.0", kernel: "0.1.0"..<"0.2.0",
        calendar: CalendarSource { query in try courseEvents(publicURL: query.services.server.publicURL) })
}

struct NoticesModule: Module {
    static let manifest = ModuleManifest(
        id: "notices", version: "1.0.0", kernel: "0.1.0"..<"0.2.0",
        calendar: CalendarSource { query in
            [CalendarEvent(
                uid: "notice-1@teilhabe.example", summary: "Aushang \(query.region.id)",
                schedule: try Recurrence(start: berlinTime(2026, 6, 1, 9), duration: 600, timeZone: berlin), status: .tentative)]
        })
}

/// What Python's icalendar (and recurring_ical_events for the series) reads in a feed.
enum ParsedCalendar {
    static let script = #"""
        import sys, json
        from datetime import datetime
        from icalendar import Calendar
        import recurring_ical_events
        data = open(sys.argv[1], 'rb').read()
        cal = Calendar.from_ical(data)
        out = {'name': str(cal.get('X-WR-CALNAME')), 'method': str(cal.get('METHOD')), 'version': str(cal.get('VERSION'))}
        zones = cal.walk('VTIMEZONE')
        out['zones'] = [str(zone['TZID']) for zone in zones]
        # The offsets our VTIMEZONE defines (not the system's zone data: lookup_tzid=False).
        zone = zones[0].to_tz(lookup_tzid=False)
        probes = {'winter': (2026, 1, 15, 12, 0), 'summer': (2026, 7, 15, 12, 0), 'before-spring': (2026, 3, 29, 1, 59),
                  'after-spring': (2026, 3, 29, 3, 0), 'after-autumn': (2026, 10, 25, 3, 30), 'summer-2031': (2031, 7, 1, 12, 0),
                  'winter-2031': (2031, 12, 1, 12, 0)}
        out['offsets'] = {name: zone.utcoffset(datetime(*probe)).total_seconds() for name, probe in probes.items()}
        out['events'] = []
        for event in cal.walk('VEVENT'):
            out['events'].append({
                'uid': str(event['UID']), 'summary': str(event['SUMMARY']),
                'description': str(event['DESCRIPTION']) if 'DESCRIPTION' in event else None,
                'location': str(event['LOCATION']) if 'LOCATION' in event else None,
                'categories': [str(c) for c in event['CATEGORIES'].cats] if 'CATEGORIES' in event else [],
                'tzid': event['DTSTART'].params.get('TZID'), 'status': str(event['STATUS']),
                'rrule': event['RRULE'].to_ical().decode() if 'RRULE' in event else None,
                'stamp': event['DTSTAMP'].dt.isoformat(), 'sequence': int(event['SEQUENCE'])})
        occurrences = recurring_ical_events.of(cal).between(datetime(2026, 1, 1), datetime(2028, 1, 1))
        out['occurrences'] = sorted([[str(o['UID']), int(o['DTSTART'].dt.timestamp()), int(o['DTEND'].dt.timestamp())] for o in occurrences])
        out['longest_line'] = max(len(line) for line in data.split(b'\r\n'))
        out['bare_newlines'] = b'\n' in data.replace(b'\r\n', b'')
        print(json.dumps(out))
        """#

    static func parse(_ text: String) throws -> JSONValue {
        try PythonTool.require("icalendar")
        try PythonTool.require("recurring_ical_events", package: "recurring-ical-events")
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("teilhabe-\(UUID().uuidString).ics").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try PythonTool.run(["-c", script, path])
        guard result.status == 0 else { throw TestServerError("icalendar could not read the feed: \(result.errors)\n\(text)") }
        return try JSONValue.parse(Array(result.output.utf8))
    }
}

@Suite struct ICalendarTests {
    @Test func aFeedThatARealParserReadsAndExpands() throws {
        let events = try courseEvents(publicURL: "https://teilhabe.example")
        let text = ICalendarDocument.render(name: "Demo – Kurse", events: events, timeZone: berlin, stamp: berlinTime(2026, 9, 20, 8))
        let parsed = try ParsedCalendar.parse(text)
        #expect(parsed["name"]?.stringValue == "Demo – Kurse")
        #expect(parsed["method"]?.stringValue == "PUBLISH")
        #expect(parsed["zones"]?.arrayValue == ["Europe/Berlin"])
        #expect(parsed["longest_line"]?.integerValue.map { $0 <= 75 } == true)
        #expect(parsed["bare_newlines"] == false)

        // Our VTIMEZONE alone gives the right offsets, across both 2026 changes and years later.
        let offsets = try #require(parsed["offsets"])
        #expect(offsets["winter"]?.doubleValue == 3600)
        #expect(offsets["summer"]?.doubleValue == 7200)
        #expect(offsets["before-spring"]?.doubleValue == 3600)
        #expect(offsets["after-spring"]?.doubleValue == 7200)
        #expect(offsets["after-autumn"]?.doubleValue == 3600)
        #expect(offsets["summer-2031"]?.doubleValue == 7200)
        #expect(offsets["winter-2031"]?.doubleValue == 3600)

        let parsedEvents = try #require(parsed["events"]?.arrayValue)
        let evening = try #require(parsedEvents.first)
        #expect(evening["uid"]?.stringValue == "evening-1@teilhabe.example")
        #expect(evening["summary"]?.stringValue == events[0].summary)
        #expect(evening["description"]?.stringValue == events[0].details)
        #expect(evening["location"]?.stringValue == "Bürgerhaus, Raum 2")
        #expect(evening["categories"]?.arrayValue == ["Beratung", "Info, Abend"])
        #expect(evening["tzid"]?.stringValue == "Europe/Berlin")
        #expect(evening["stamp"]?.stringValue == "2026-09-20T06:00:00+00:00")
        #expect(parsedEvents[1]["rrule"]?.stringValue == "FREQ=WEEKLY;COUNT=11;BYDAY=WE")
        #expect(parsedEvents[1]["sequence"]?.integerValue == 2)
        #expect(parsedEvents[2]["rrule"]?.stringValue == "FREQ=MONTHLY;UNTIL=20260701T215959Z;BYDAY=1FR")

        // Every occurrence, as the parser expands RRULE, EXDATE and RDATE, matches ours.
        var ours: [String] = []
        for event in events {
            for occurrence in try event.schedule.allOccurrences() {
                ours.append("\(event.uid) \(Int64(occurrence.start.timeIntervalSince1970)) \(Int64(occurrence.end.timeIntervalSince1970))")
            }
        }
        let theirs = try #require(parsed["occurrences"]?.arrayValue).map { item -> String in
            let fields = item.arrayValue ?? []
            let uid = fields.first?.stringValue ?? ""
            let times = fields.dropFirst().compactMap(\.integerValue).map(String.init)
            return ([uid] + times).joined(separator: " ")
        }
        #expect(theirs.count == 1 + 10 + 5)
        #expect(theirs.sorted() == ours.sorted())
    }

    @Test func textIsEscapedAndLinesFoldedByOctets() throws {
        let event = CalendarEvent(
            uid: "x@y", summary: "a,b;c\\d\ne", details: String(repeating: "ü", count: 100),
            schedule: try Recurrence(start: Date(timeIntervalSince1970: 1_790_000_000), duration: 60, timeZone: TimeZone(identifier: "UTC")!))
        let text = ICalendarDocument.render(name: "x", events: [event], stamp: Date(timeIntervalSince1970: 1_790_000_000))
        #expect(text.contains("SUMMARY:a\\,b\\;c\\\\d\\ne\r\n"))
        let lines = text.components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.utf8.count <= 75 })
        // A two-byte letter is never split between lines.
        #expect(lines.filter { $0.hasPrefix(" ü") || $0.hasPrefix("DESCRIPTION:") }.count >= 3)
        #expect(text.contains("DTSTART:20260921T"))
        #expect(!text.contains("VTIMEZONE"))
    }

    @Test func theRegionFeedAggregatesModulesOverHTTP() throws {
        let server = try TestServer(modules: [CoursesModule.self, NoticesModule.self])
        defer { server.stop() }
        let client = server.client()
        let feed = try client.send(.get, "/demo/de/calendar.ics")
        #expect(feed.status == 200)
        #expect(feed.headers["Content-Type"] == "text/calendar; charset=utf-8")
        let parsed = try ParsedCalendar.parse(feed.text)
        #expect(parsed["name"]?.stringValue == "Demo")
        let uids = try #require(parsed["events"]?.arrayValue?.compactMap { $0["uid"]?.stringValue })
        #expect(Set(uids) == ["evening-1@localhost", "course-7@localhost", "cafe-3@localhost", "notice-1@teilhabe.example"])

        let courses = try client.send(.get, "/demo/en/calendar.ics?module=courses")
        let parsedCourses = try ParsedCalendar.parse(courses.text)
        #expect(parsedCourses["name"]?.stringValue == "Demo – Courses")
        #expect(parsedCourses["events"]?.arrayValue?.count == 3)
        #expect(try client.send(.get, "/demo/de/calendar.ics?module=nothing").status == 404)

        // An unchanged feed is not sent again.
        let tag = try #require(feed.headers["ETag"])
        let again = try client.send(.get, "/demo/de/calendar.ics", headers: [("If-None-Match", tag)])
        #expect(again.status == 304)
    }
}
