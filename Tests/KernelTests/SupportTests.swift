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
