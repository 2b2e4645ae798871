import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The log line every request writes, encoded straight into one buffer sized for the worst
/// case. This is the hottest code in the server after the socket calls: a general JSON
/// builder costs several thousand instructions per line, this a few hundred.
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
        // Escaping grows a byte to at most 6 (\u00XX); numbers and fixed text fit in 256.
        let variable = fields.requestID.utf8.count + fields.method.utf8.count + fields.path.utf8.count
            + fields.route.utf8.count + fields.client.utf8.count + (fields.region?.utf8.count ?? 0)
            + (fields.reason?.utf8.count ?? 0)
        return [UInt8](unsafeUninitializedCapacity: 256 + 6 * variable) { buffer, count in
            var out = ByteWriter(buffer)
            out.write("{\"time\":\"")
            out.writeTimestamp(fields.time)
            out.write("\",\"level\":\"info\",\"msg\":\"request\",\"request_id\":")
            out.writeJSONString(fields.requestID)
            out.write(",\"method\":")
            out.writeJSONString(fields.method)
            out.write(",\"path\":")
            out.writeJSONString(fields.path)
            out.write(",\"route\":")
            out.writeJSONString(fields.route)
            out.write(",\"status\":")
            out.writeDecimal(UInt64(max(0, fields.status)))
            out.write(",\"duration_ms\":")
            let microseconds = fields.durationNanoseconds / 1000
            out.writeDecimal(microseconds / 1000)
            out.write(".")
            out.writeDecimal(microseconds % 1000, digits: 3)
            out.write(",\"bytes\":")
            out.writeDecimal(UInt64(max(0, fields.bytes)))
            out.write(",\"client\":")
            out.writeJSONString(fields.client)
            if let region = fields.region {
                out.write(",\"region\":")
                out.writeJSONString(region)
            }
            if let reason = fields.reason {
                out.write(",\"reason\":")
                out.writeJSONString(reason)
            }
            out.write("}\n")
            count = out.count
        }
    }
}

/// Writes bytes into a buffer the caller sized for everything that will be written.
struct ByteWriter {
    private let base: UnsafeMutableBufferPointer<UInt8>
    private(set) var count = 0

    init(_ base: UnsafeMutableBufferPointer<UInt8>) {
        self.base = base
    }

    mutating func write(_ byte: UInt8) {
        precondition(count < base.count, "ByteWriter buffer too small")
        base[count] = byte
        count += 1
    }

    mutating func write(_ text: StaticString) {
        let length = text.utf8CodeUnitCount
        precondition(count + length <= base.count, "ByteWriter buffer too small")
        guard length > 0, let address = base.baseAddress else { return }
        (address + count).update(from: text.utf8Start, count: length)
        count += length
    }

    /// `text` as a JSON string literal, quotes included (RFC 8259 §7). Runs without bytes to
    /// escape are copied at once.
    mutating func writeJSONString(_ text: String) {
        write(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var runStart = 0
            for index in 0..<utf8.count {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                write(UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                runStart = index + 1
                write(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\n"): write(UInt8(ascii: "n"))
                case UInt8(ascii: "\r"): write(UInt8(ascii: "r"))
                case UInt8(ascii: "\t"): write(UInt8(ascii: "t"))
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): write(byte)
                default:
                    write("u00")
                    write(ByteWriter.hex[Int(byte >> 4)])
                    write(ByteWriter.hex[Int(byte & 0xF)])
                }
            }
            write(UnsafeBufferPointer(rebasing: utf8[runStart...]))
        }
        write(UInt8(ascii: "\""))
    }

    mutating func write(_ bytes: UnsafeBufferPointer<UInt8>) {
        precondition(count + bytes.count <= base.count, "ByteWriter buffer too small")
        guard let source = bytes.baseAddress, let address = base.baseAddress, !bytes.isEmpty else { return }
        (address + count).update(from: source, count: bytes.count)
        count += bytes.count
    }

    /// Decimal digits, left-padded with zeros to `digits` (at most 20).
    mutating func writeDecimal(_ value: UInt64, digits: Int = 1) {
        var length = 1
        var limit: UInt64 = 10
        while length < 20, value >= limit {
            length += 1
            limit = limit &* 10
        }
        length = max(length, min(digits, 20))
        precondition(count + length <= base.count, "ByteWriter buffer too small")
        var remaining = value
        for position in stride(from: count + length - 1, through: count, by: -1) {
            base[position] = UInt8(ascii: "0") + UInt8(remaining % 10)
            remaining /= 10
        }
        count += length
    }

    /// `2026-11-22T09:15:02.123Z`.
    mutating func writeTimestamp(_ date: Date) {
        let millis = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        let (seconds, milli) = millis.quotientAndRemainder(dividingBy: 1000)
        let (days, secondOfDay) = seconds.quotientAndRemainder(dividingBy: 86400)
        let date = CivilDate(dayNumber: Int(days))
        writeDecimal(UInt64(max(0, date.year)), digits: 4); write(UInt8(ascii: "-"))
        writeDecimal(UInt64(date.month), digits: 2); write(UInt8(ascii: "-"))
        writeDecimal(UInt64(date.day), digits: 2); write(UInt8(ascii: "T"))
        writeDecimal(UInt64(secondOfDay / 3600), digits: 2); write(UInt8(ascii: ":"))
        writeDecimal(UInt64(secondOfDay / 60 % 60), digits: 2); write(UInt8(ascii: ":"))
        writeDecimal(UInt64(secondOfDay % 60), digits: 2); write(UInt8(ascii: "."))
        writeDecimal(UInt64(milli), digits: 3); write(UInt8(ascii: "Z"))
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)
}

/// Nanoseconds on the monotonic clock, for measuring how long a request took.
enum MonotonicClock {
    static func nanoseconds() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }
}
