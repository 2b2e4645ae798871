import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The log line every request writes, encoded straight into one buffer reserved for it with
/// the kernel's JSON pieces (`JSONLine.appendString`, `Timestamp.appendISO8601`). This is the
/// hottest code in the server after the socket calls: a general JSON builder costs several
/// thousand instructions per line, this a few hundred.
enum RequestLogLine {
    struct Fields {
        var time: Date
        var requestID: String
        var method: String
        var path: String
        var route: String
        var status: Int
        var durationNanoseconds: UInt64
        var bytes: Int
        var client: String
        var region: String?
        /// Why the engine answered by itself, for engine responses.
        var reason: String?
    }

    static func encode(_ fields: Fields) -> [UInt8] {
        var out: [UInt8] = []
        // Escaping grows a byte to at most 6 (\u00XX); numbers and fixed text fit in 256.
        out.reserveCapacity(256 + 6 * (fields.requestID.utf8.count + fields.path.utf8.count + fields.route.utf8.count))
        JSONOutput.append("{\"time\":\"", to: &out)
        Timestamp.appendISO8601(fields.time, to: &out)
        JSONOutput.append("\",\"level\":\"info\",\"msg\":\"request\",\"request_id\":", to: &out)
        JSONLine.appendString(fields.requestID, to: &out)
        JSONOutput.append(",\"method\":", to: &out)
        JSONLine.appendString(fields.method, to: &out)
        JSONOutput.append(",\"path\":", to: &out)
        JSONLine.appendString(fields.path, to: &out)
        JSONOutput.append(",\"route\":", to: &out)
        JSONLine.appendString(fields.route, to: &out)
        JSONOutput.append(",\"status\":", to: &out)
        JSONLine.appendInteger(max(0, fields.status), to: &out)
        JSONOutput.append(",\"duration_ms\":", to: &out)
        JSONLine.appendMilliseconds(microseconds: Int(fields.durationNanoseconds / 1000), to: &out)
        JSONOutput.append(",\"bytes\":", to: &out)
        JSONLine.appendInteger(max(0, fields.bytes), to: &out)
        JSONOutput.append(",\"client\":", to: &out)
        JSONLine.appendString(fields.client, to: &out)
        if let region = fields.region {
            JSONOutput.append(",\"region\":", to: &out)
            JSONLine.appendString(region, to: &out)
        }
        if let reason = fields.reason {
            JSONOutput.append(",\"reason\":", to: &out)
            JSONLine.appendString(reason, to: &out)
        }
        JSONOutput.append("}\n", to: &out)
        return out
    }
}

/// Nanoseconds on the monotonic clock, for measuring how long a request took.
enum MonotonicClock {
    static func nanoseconds() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }
}
