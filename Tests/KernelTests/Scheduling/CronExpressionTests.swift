import Foundation
import Testing
import Kernel

@Suite struct CronExpressionTests {
    let berlin = TimeZone(identifier: "Europe/Berlin")!
    let utc = TimeZone(identifier: "UTC")!

    func date(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    func runs(_ expression: String, after start: String, count: Int, in zone: TimeZone) throws -> [String] {
        let cron = try CronExpression(parsing: expression)
        var current = date(start)
        var result: [String] = []
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = zone
        for _ in 0..<count {
            guard let next = cron.next(after: current, in: zone) else { break }
            result.append(formatter.string(from: next))
            current = next
        }
        return result
    }

    @Test func fieldsListsRangesStepsAndNames() throws {
        #expect(try runs("*/20 9-10 * * mon-fri", after: "2026-03-06T09:30:00Z", count: 4, in: utc)
            == ["2026-03-06T09:40:00Z", "2026-03-06T10:00:00Z", "2026-03-06T10:20:00Z", "2026-03-06T10:40:00Z"])
        // Saturday and Sunday are skipped.
        #expect(try runs("0 9 * * 1-5", after: "2026-03-06T10:00:00Z", count: 1, in: utc) == ["2026-03-09T09:00:00Z"])
        #expect(try runs("0 0 1 jan,jul *", after: "2026-02-01T00:00:00Z", count: 2, in: utc) == ["2026-07-01T00:00:00Z", "2027-01-01T00:00:00Z"])
        #expect(try runs("@weekly", after: "2026-03-04T00:00:00Z", count: 1, in: utc) == ["2026-03-08T00:00:00Z"])
        // Day of month and day of week both restricted: either matches (13th or a Friday).
        #expect(try runs("0 12 13 * 5", after: "2026-03-10T00:00:00Z", count: 3, in: utc)
            == ["2026-03-13T12:00:00Z", "2026-03-20T12:00:00Z", "2026-03-27T12:00:00Z"])
        #expect(try runs("0 0 29 2 *", after: "2026-01-01T00:00:00Z", count: 1, in: utc) == ["2028-02-29T00:00:00Z"])
        #expect(try runs("0 8 * * 7", after: "2026-03-02T00:00:00Z", count: 1, in: utc) == ["2026-03-08T08:00:00Z"])
    }

    @Test func wallClockTimesHoldAcrossBerlinDaylightSavingChanges2026() throws {
        // 29 March 2026: 02:00 CET jumps to 03:00 CEST; 25 October 2026: 03:00 CEST back to 02:00 CET.
        #expect(try runs("0 18 * * *", after: "2026-03-27T12:00:00Z", count: 4, in: berlin)
            == ["2026-03-27T18:00:00+01:00", "2026-03-28T18:00:00+01:00", "2026-03-29T18:00:00+02:00", "2026-03-30T18:00:00+02:00"])
        #expect(try runs("0 18 * * *", after: "2026-10-24T12:00:00Z", count: 2, in: berlin)
            == ["2026-10-24T18:00:00+02:00", "2026-10-25T18:00:00+01:00"])
        // A time the spring change skips runs once, just after the change.
        #expect(try runs("30 2 * * *", after: "2026-03-28T12:00:00Z", count: 2, in: berlin)
            == ["2026-03-29T03:30:00+02:00", "2026-03-30T02:30:00+02:00"])
        // A time the autumn change repeats runs once.
        #expect(try runs("30 2 * * *", after: "2026-10-24T12:00:00Z", count: 2, in: berlin)
            == ["2026-10-25T02:30:00+02:00", "2026-10-26T02:30:00+01:00"])
    }

    @Test func mistakesAreExplained() {
        let cases: [(String, String)] = [
            ("* * * *", "cron '* * * *': needs five fields (minute hour day-of-month month day-of-week), found 4"),
            ("61 * * * *", "cron '61 * * * *': minute: 61 is out of range 0–59"),
            ("0 0 * foo *", "cron '0 0 * foo *': month: 'foo' is not a number or name (jan, feb, mar, apr, may, jun, jul, aug, sep, oct, nov, dec)"),
            ("*/0 * * * *", "cron '*/0 * * * *': minute: step '0' must be a positive number"),
            ("0 5-2 * * *", "cron '0 5-2 * * *': hour: range '5-2' runs backwards"),
            ("0 0 30 2 *", "cron '0 0 30 2 *': never runs: no chosen month has the chosen day of month"),
        ]
        for (expression, message) in cases {
            #expect(throws: CronError.self) { try CronExpression(parsing: expression) }
            do {
                _ = try CronExpression(parsing: expression)
            } catch {
                #expect(error.description == message)
            }
        }
    }
}

@Suite struct PeriodicDeclarationTests {
    @Test func bootRefusesAnInvalidCronNamingTheJob() {
        let manifest = ModuleManifest(
            id: "reports", version: "1.0.0", kernel: "0.1.0"..<"0.2.0",
            jobs: [JobDeclaration("reports.nightly", summary: "Nightly report", schedule: .cron("0 25 * * *")) { _ in }])
        do {
            _ = try ModuleRegistry(manifests: [manifest])
            Issue.record("the registry accepted an invalid cron expression")
        } catch {
            #expect(error.problems == ["module 'reports': job 'reports.nightly': cron '0 25 * * *': hour: 25 is out of range 0–23"])
        }
    }
}
