import Foundation
import HTTP
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Structured logging: one JSON object per line on standard output, as log collectors
/// expect. Lines are buffered and written by a background flush (at most every 100 ms, or
/// when 64 KiB are waiting), so that logging every request costs no system call per request.
public final class Logger: Sendable {
    public enum Level: String, Sendable, Comparable, CaseIterable {
        case debug, info, warning, error

        private var rank: Int { Level.allCases.firstIndex(of: self) ?? 0 }
        public static func < (lhs: Level, rhs: Level) -> Bool { lhs.rank < rhs.rank }
    }

    public let level: Level
    private let sink: LogSink

    /// A logger writing to file descriptor `fd` (standard output by default).
    public init(level: Level, fd: Int32 = 1, buffered: Bool = true) {
        self.level = level
        self.sink = LogSink(fd: fd, buffered: buffered)
    }

    public func debug(_ message: String, _ fields: [String: JSONValue] = [:]) { log(.debug, message, fields) }
    public func info(_ message: String, _ fields: [String: JSONValue] = [:]) { log(.info, message, fields) }
    public func warning(_ message: String, _ fields: [String: JSONValue] = [:]) { log(.warning, message, fields) }
    public func error(_ message: String, _ fields: [String: JSONValue] = [:]) { log(.error, message, fields) }

    public func log(_ level: Level, _ message: String, _ fields: [String: JSONValue]) {
        guard level >= self.level else { return }
        var line = JSONLine()
        line.add("time", timestamp: Date())
        line.add("level", level.rawValue)
        line.add("msg", message)
        for key in fields.keys.sorted() {
            line.add(key, fields[key] ?? .null)
        }
        sink.write(line.finish())
    }

    /// Writes a prepared line (used by the request log, which builds its own line).
    public func write(_ line: consuming JSONLine) {
        sink.write(line.finish())
    }

    /// Writes an already encoded line (ending in a newline).
    public func write(bytes line: [UInt8]) {
        sink.write(line)
    }

    /// Writes everything buffered now.
    public func flush() { sink.flush() }
}

/// Builds one JSON object line by appending fields; cheaper than encoding a dictionary,
/// which matters because every request writes one.
public struct JSONLine: Sendable {
    private var bytes: [UInt8] = [UInt8(ascii: "{")]
    private var first = true

    public init() {
        bytes.reserveCapacity(320)
    }

    public mutating func add(_ key: String, _ value: String) {
        separator(key)
        JSONLine.appendString(value, to: &bytes)
    }

    public mutating func add(_ key: String, _ value: Int) {
        separator(key)
        JSONLine.appendInteger(value, to: &bytes)
    }

    public mutating func add(_ key: String, _ value: Double) {
        separator(key)
        bytes += Array((value.isFinite ? String(value) : "null").utf8)
    }

    /// Adds a duration as milliseconds with three decimals (`12.345`), without going through
    /// floating-point formatting.
    public mutating func add(_ key: String, milliseconds duration: Duration) {
        separator(key)
        let (seconds, attoseconds) = duration.components
        let microseconds = max(0, seconds * 1_000_000 + attoseconds / 1_000_000_000_000)
        JSONLine.appendMilliseconds(microseconds: Int(microseconds), to: &bytes)
    }

    /// Appends a duration given in microseconds as milliseconds with three decimals (`12.345`).
    static func appendMilliseconds(microseconds: Int, to bytes: inout [UInt8]) {
        JSONLine.appendInteger(microseconds / 1000, to: &bytes)
        let fraction = microseconds % 1000
        bytes.append(UInt8(ascii: "."))
        bytes.append(UInt8(ascii: "0") + UInt8(fraction / 100))
        bytes.append(UInt8(ascii: "0") + UInt8(fraction / 10 % 10))
        bytes.append(UInt8(ascii: "0") + UInt8(fraction % 10))
    }

    public mutating func add(_ key: String, _ value: JSONValue) {
        separator(key)
        switch value {
        case .string(let text): JSONLine.appendString(text, to: &bytes)
        case .integer(let number): JSONLine.appendInteger(Int(number), to: &bytes)
        default: bytes += value.encoded()
        }
    }

    /// Adds `date` as an ISO 8601 string (`2026-11-22T09:15:02.123Z`).
    public mutating func add(_ key: String, timestamp date: Date) {
        separator(key)
        bytes.append(UInt8(ascii: "\""))
        Timestamp.appendISO8601(date, to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    /// The finished line, ending in a newline. Consumes the builder so the bytes are not copied.
    public consuming func finish() -> [UInt8] {
        bytes.append(UInt8(ascii: "}"))
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }

    private mutating func separator(_ key: String) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        first = false
        JSONLine.appendString(key, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
    }

    /// Appends `text` as a JSON string literal, escaped as Foundation's `JSONEncoder` escapes
    /// (`\"`, `\\`, `\n`, `\r`, `\t`, `\b`, `\f`, other controls as `\u00XX`). Runs that need
    /// no escaping are copied in one go. Log lines, `JSONValue` and `JSONByteEncoder` write through it.
    public static func appendString(_ text: String, to bytes: inout [UInt8]) {
        var text = text
        text.withUTF8 { appendString(utf8: $0, to: &bytes) }
    }

    /// `appendString` for text that is at hand as UTF-8 bytes (a database column).
    public static func appendString(utf8: UnsafeBufferPointer<UInt8>, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        appendEscaped(utf8: utf8, to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    /// The inside of a JSON string literal: `utf8` escaped, without the quotes, so that a
    /// literal can be written in pieces.
    public static func appendEscaped(utf8: UnsafeBufferPointer<UInt8>, to bytes: inout [UInt8]) {
        guard let base = utf8.baseAddress else { return }
        let count = utf8.count
        var runStart = 0
        var index = 0
        while index < count {
            // Eight bytes at a time while none of them needs escaping (most text).
            if index + 8 <= count,
               !mayNeedEscaping(UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)) {
                index += 8
                continue
            }
            let byte = base[index]
            index += 1
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
            let position = index - 1
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<position]))
            runStart = index
            switch byte {
            case UInt8(ascii: "\""): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case UInt8(ascii: "\n"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case UInt8(ascii: "\r"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case UInt8(ascii: "\t"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0x08: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
            case 0x0C: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
            default:
                let hex = Array("0123456789abcdef".utf8)
                bytes += [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            }
        }
        if runStart < count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...])) }
    }

    /// False when none of the eight bytes of `word` is a control character, `"` or `\\`; true
    /// when one may be (the byte-wise check then decides). The zero-byte test of "Bit Twiddling
    /// Hacks": `(x - 0x01…) & ~x & 0x80…` is non-zero exactly when some byte of `x` is below
    /// 0x01; with `x - 0x20…` when some byte is below 0x20, and on `word ^ 0x22…` when one is `"`.
    @inline(__always)
    static func mayNeedEscaping(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highBits: UInt64 = 0x8080_8080_8080_8080
        let control = (word &- 0x2020_2020_2020_2020) & ~word
        let quote = word ^ 0x2222_2222_2222_2222
        let backslash = word ^ 0x5C5C_5C5C_5C5C_5C5C
        return (control | ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash)) & highBits != 0
    }

    /// Appends the decimal digits of `value`.
    public static func appendInteger(_ value: Int, to bytes: inout [UInt8]) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[19 - count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            bytes.append(contentsOf: buffer[(20 - count)...])
        }
    }
}

/// Collects log lines and writes them to a file descriptor, from a background thread when
/// buffered.
final class LogSink: Sendable {
    private let fd: Int32
    private let buffered: Bool
    private let buffer = Mutex<[UInt8]>([])
    private static let flushThreshold = 64 * 1024

    init(fd: Int32, buffered: Bool) {
        self.fd = fd
        self.buffered = buffered
        if buffered {
            ThreadLauncher.start(name: "log-flush") { [weak self] in
                while let sink = self {
                    sink.flush()
                    usleep(100_000)
                }
            }
        }
    }

    func write(_ line: [UInt8]) {
        guard buffered else {
            writeAll(line)
            return
        }
        let full = buffer.withLock { buffer -> Bool in
            buffer += line
            return buffer.count >= LogSink.flushThreshold
        }
        if full { flush() }
    }

    func flush() {
        let pending = buffer.withLock { buffer -> [UInt8] in
            defer { buffer.removeAll(keepingCapacity: true) }
            return buffer
        }
        if !pending.isEmpty { writeAll(pending) }
    }

    private func writeAll(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            var offset = 0
            while offset < raw.count {
                let written = Glibc.write(fd, base + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return  // nowhere left to report a failing log sink
                }
                offset += written
            }
        }
    }
}

/// Timestamps in the forms logs and protocols want, formatted without Foundation's
/// formatters (they are slow enough to show up when every request logs a line).
public enum Timestamp {
    /// `2026-11-22T09:15:02.123Z`.
    public static func iso8601(_ date: Date) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        appendISO8601(date, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `2026-11-22T09:15:02.123Z` to `bytes`.
    public static func appendISO8601(_ date: Date, to bytes: inout [UInt8]) {
        let millis = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        // Floor division, so that instants before 1970 format correctly too.
        let seconds = millis >= 0 ? millis / 1000 : (millis - 999) / 1000
        let milli = millis - seconds * 1000
        let days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400
        let secondOfDay = seconds - days * 86400
        let date = CivilDate(dayNumber: Int(days))
        let (year, month, day) = (Int64(date.year), Int64(date.month), Int64(date.day))
        let hour = secondOfDay / 3600, minute = secondOfDay / 60 % 60, second = secondOfDay % 60
        let zero = UInt8(ascii: "0")
        func digit(_ value: Int64) -> UInt8 { zero + UInt8(truncatingIfNeeded: value % 10) }
        let clampedYear = max(0, min(9999, year))
        // One append of a fixed-size tuple instead of 24 single-byte appends.
        let text: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                   UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (
            digit(clampedYear / 1000), digit(clampedYear / 100), digit(clampedYear / 10), digit(clampedYear),
            UInt8(ascii: "-"), digit(month / 10), digit(month), UInt8(ascii: "-"), digit(day / 10), digit(day),
            UInt8(ascii: "T"), digit(hour / 10), digit(hour), UInt8(ascii: ":"), digit(minute / 10), digit(minute),
            UInt8(ascii: ":"), digit(second / 10), digit(second), UInt8(ascii: "."),
            digit(milli / 100), digit(milli / 10), digit(milli), UInt8(ascii: "Z"))
        withUnsafeBytes(of: text) { bytes.append(contentsOf: $0) }
    }

    /// The instant of a UTC timestamp as this server writes them, `2026-11-22T09:15:02Z` or
    /// with a fraction (`…02.123Z`), read without a formatter; nil for any other form.
    public static func parseISO8601(_ text: String) -> Date? {
        var text = text
        return text.withUTF8 { bytes -> Date? in
            guard bytes.count >= 20, bytes[bytes.count - 1] == UInt8(ascii: "Z"), bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
                  bytes[10] == UInt8(ascii: "T"), bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":") else { return nil }
            func number(_ range: Range<Int>) -> Int64? {
                var value: Int64 = 0
                for index in range {
                    let digit = bytes[index] &- UInt8(ascii: "0")
                    guard digit < 10 else { return nil }
                    value = value * 10 + Int64(digit)
                }
                return value
            }
            guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10), let hour = number(11..<13),
                  let minute = number(14..<16), let second = number(17..<19),
                  (1...12).contains(month), day >= 1, day <= CivilDate.daysIn(month: Int(month), year: Int(year)),
                  hour < 24, minute < 60, second < 60 else { return nil }
            var fraction = 0.0
            if bytes.count > 20 {
                // `.` and at least one digit before the Z.
                guard bytes[19] == UInt8(ascii: "."), bytes.count > 21 else { return nil }
                var scale = 0.1
                for index in 20..<(bytes.count - 1) {
                    let digit = bytes[index] &- UInt8(ascii: "0")
                    guard digit < 10 else { return nil }
                    fraction += Double(digit) * scale
                    scale /= 10
                }
            } else if bytes[19] != UInt8(ascii: "Z") {
                return nil
            }
            let days = Int64(CivilDate(year: Int(year), month: Int(month), day: Int(day)).dayNumber)
            let seconds = days * 86_400 + hour * 3600 + minute * 60 + second
            return Date(timeIntervalSince1970: Double(seconds) + fraction)
        }
    }
}
