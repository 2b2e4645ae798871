import Foundation
import Testing
@testable import Kernel

@Suite struct RequestLogLineTests {
    @Test func encodesOneValidJSONObjectPerLineWithEscapes() throws {
        let line = RequestLogLine.encode(RequestLogLine.Fields(
            time: Date(timeIntervalSince1970: 1_795_000_000.123), requestID: "id-1",
            method: "GET", path: "/demo/de/\"quoted\"\\back\nline\u{01}ü", route: "GET /{region}/{lang}",
            status: 404, durationNanoseconds: 12_345_678, bytes: 1234, client: "::1", region: "demo", reason: nil))
        #expect(line.last == UInt8(ascii: "\n"))
        #expect(line.filter { $0 == UInt8(ascii: "\n") }.count == 1)
        let json = try JSONValue.parse(line.dropLast())
        #expect(json["path"]?.stringValue == "/demo/de/\"quoted\"\\back\nline\u{01}ü")
        #expect(json["time"]?.stringValue == "2026-11-18T11:06:40.123Z")
        #expect(json["status"]?.integerValue == 404)
        #expect(json["duration_ms"]?.doubleValue == 12.345)
        #expect(json["bytes"]?.integerValue == 1234)
        #expect(json["region"]?.stringValue == "demo")
        #expect(json["reason"] == nil)
    }

    @Test func smallDurationsKeepTheirLeadingZeros() throws {
        let line = RequestLogLine.encode(RequestLogLine.Fields(
            time: Date(), requestID: "x", method: "GET", path: "/", route: "r", status: 200,
            durationNanoseconds: 58_000, bytes: 0, client: "c", region: nil, reason: "slow client"))
        let json = try JSONValue.parse(line.dropLast())
        #expect(json["duration_ms"]?.doubleValue == 0.058)
        #expect(json["reason"]?.stringValue == "slow client")
    }
}
