import Foundation
import HTTP
import Testing
@testable import Kernel

@Suite struct SupportTests {
    @Test func timestampsMatchFoundation() {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        for seconds in [0.0, 951_782_400.5, 1_795_000_000.123, 4_102_444_799.999, -86_400.0] {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(Timestamp.iso8601(date) == formatter.string(from: date))
        }
    }

    @Test func timestampsAreReadAsFoundationReadsThem() throws {
        let withFraction = ISO8601DateFormatter()
        withFraction.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let plain = ISO8601DateFormatter()
        // Leap days, the ends of months and years, before 1970, and far ahead.
        for seconds in [0.0, 951_782_400.5, 951_868_799.0, 1_795_000_000.123, 4_102_444_799.999, -86_400.0, -2_208_988_800.0, 253_402_300_799.0] {
            let date = Date(timeIntervalSince1970: seconds)
            for text in [withFraction.string(from: date), plain.string(from: date)] {
                let parsed = try #require(Timestamp.parseISO8601(text), "\(text)")
                let expected = try #require(withFraction.date(from: text) ?? plain.date(from: text))
                #expect(abs(parsed.timeIntervalSince(expected)) < 0.000_5, "\(text)")
            }
        }
        for day in 0..<(366 * 4) {
            let date = Date(timeIntervalSince1970: 1_704_067_200 + Double(day) * 86_400 + 3_723)
            #expect(Timestamp.parseISO8601(plain.string(from: date)) == date)
        }
        // Other forms are left to Foundation; impossible dates and times are refused.
        for text in ["2026-11-22T09:15:02+01:00", "2026-11-22 09:15:02Z", "2026-11-22T09:15Z", "2026-02-29T00:00:00Z", "2024-02-30T00:00:00Z",
                     "2026-13-01T00:00:00Z", "2026-11-31T00:00:00Z", "2026-11-22T24:00:00Z", "2026-11-22T09:60:00Z", "2026-11-22T09:15:02.Z",
                     "2026-11-22T09:15:02.1aZ", "2026-1l-22T09:15:02Z", "", "2026-11-22T09:15:02"] {
            #expect(Timestamp.parseISO8601(text) == nil, "\(text)")
        }
        #expect(Timestamp.parseISO8601("2024-02-29T12:00:00Z") == plain.date(from: "2024-02-29T12:00:00Z"))
    }

    @Test func civilDatesAreReadOnlyFromRealDaysInDigits() {
        #expect(CivilDate("2024-02-29") == CivilDate(year: 2024, month: 2, day: 29))
        #expect(CivilDate("2024-02-29")?.dayNumber == 19_782)
        for text in ["2023-02-29", "2026-13-01", "2026-04-31", "+202-01-01", "2026-1-01", "2026-01-1 ", "٢٠٢٦-٠١-٠١", ""] {
            #expect(CivilDate(text) == nil, "\(text)")
        }
        #expect(CivilDate(dayNumber: 19_782).description == "2024-02-29")
        #expect(ReportingDay("2026-11-22")?.description == "2026-11-22")
    }

    @Test func sqlInterpolationBindsValuesInsteadOfSplicingThem() {
        let name = "x'); DROP TABLE workshops; --"
        let sql: SQL = "SELECT * FROM t WHERE name = \(name) AND id IN (\(list: [1, 2, 3])) AND \(raw: "region") = \(Optional<String>.none)"
        #expect(sql.text == "SELECT * FROM t WHERE name = ? AND id IN (?, ?, ?) AND region = ?")
        #expect(sql.bindings == [.text(name), .integer(1), .integer(2), .integer(3), .null])
        let empty: SQL = "SELECT 1 WHERE id IN (\(list: [Int]()))"
        #expect(empty.text == "SELECT 1 WHERE id IN (NULL)")
    }

    @Test func languageNegotiationPicksTheBestRegionLanguage() {
        let region = Region(
            id: "r", names: ["de": "R"], timeZone: .gmt, defaultLanguage: "de",
            languages: [.init(code: "de", source: nil), .init(code: "en", source: "de"), .init(code: "ar", source: "en")],
            modules: [:])
        func best(_ header: String?) -> String {
            var request = Request(method: .get, target: "/r")
            request.headers["Accept-Language"] = header
            return LanguageNegotiation.best(for: request, in: region)
        }
        #expect(best(nil) == "de")
        #expect(best("ar-SY,ar;q=0.9,en;q=0.5") == "ar")
        #expect(best("fr, en;q=0.8") == "en")
        #expect(best("fr") == "de")
        #expect(best("en;q=0, ar;q=0.1") == "ar")
    }

    @Test func requestBodyErrorsNameTheField() throws {
        struct Booking: Decodable { var name: String; var seats: Int }
        var request = Request(method: .post, target: "/x", headers: ["Content-Type": "application/json"])
        request.body = Array(#"{"name": "Amal", "seats": "two"}"#.utf8)
        #expect(throws: HTTPError.self) { try request.decodeJSON(Booking.self) }
        do {
            _ = try request.decodeJSON(Booking.self)
        } catch let error as HTTPError {
            #expect(error.status == .badRequest)
            #expect(error.field == "seats")
            #expect(error.message == "seats must be an integer")
        }
        request.body = Array(#"{"seats": 2}"#.utf8)
        do {
            _ = try request.decodeJSON(Booking.self)
        } catch let error as HTTPError {
            #expect(error.field == "name")
            #expect(error.message == "name is required")
        }
        request.headers["Content-Type"] = "text/plain"
        do {
            _ = try request.decodeJSON(Booking.self)
        } catch let error as HTTPError {
            #expect(error.status == .unsupportedMediaType)
        }
    }
}
