import Foundation
import Kernel
import Testing

/// Dates on pages and in mails, as readers of each language write them, in the region's zone.
@Suite struct LocalDatesTests {
    let berlin = TimeZone(identifier: "Europe/Berlin") ?? .current

    func instant(_ text: String) -> Date {
        (try? Date(text, strategy: .iso8601)) ?? .distantPast
    }

    @Test func aSessionIsWrittenWithWeekdayDayAndTimesInTheRegionsZone() {
        // 17:00 UTC is 18:00 in Berlin in winter.
        let start = instant("2026-12-02T17:00:00Z"), end = instant("2026-12-02T19:00:00Z")
        let german = LocalDates(language: "de", timeZone: berlin).span(start, end)
        #expect(german.contains("Mi."))
        #expect(german.contains("2. Dez. 2026"))
        #expect(german.contains("18:00") && german.contains("20:00"))
        let arabic = LocalDates(language: "ar", timeZone: berlin).span(start, end)
        #expect(arabic.contains("ديسمبر"))
        #expect(LocalDates(language: "uk", timeZone: berlin).day(start).contains("грудня"))
    }

    @Test func summerTimeKeepsTheWallClock() {
        // 16:00 UTC is 18:00 in Berlin in summer.
        let summer = LocalDates(language: "de", timeZone: berlin).time(instant("2026-07-01T16:00:00Z"))
        #expect(summer == "18:00")
    }

    @Test func sessionsOverSeveralDaysNameBothDays() {
        let span = LocalDates(language: "en", timeZone: berlin).span(instant("2026-12-02T17:00:00Z"), instant("2026-12-04T17:00:00Z"))
        #expect(span.contains("Dec 2") && span.contains("Dec 4"))
        #expect(LocalDates(language: "en", timeZone: berlin).span(instant("2026-12-02T17:00:00Z"), instant("2026-12-02T17:00:00Z")).contains("Dec 2"))
    }
}
