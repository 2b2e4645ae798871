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
        line.add("time", Timestamp.iso8601(Date()))
        line.add("level", level.rawValue)
        line.add("msg", message)
        for key in fields.keys.sorted() {
            line.add(key, fields[key] ?? .null)
        }
        sink.write(line.finish())
    }

    /// Writes a prepared line (used by the request log, which builds its own line).
    public func write(_ line: JSONLine) {
        sink.write(line.finish())
    }

    /// Writes everything buffered now.
    public func flush() { sink.flush() }
}

/// Builds one JSON object line by appending fields; cheaper than encoding a dictionary.
public struct JSONLine: Sendable {
    private var bytes: [UInt8] = [UInt8(ascii: "{")]
    private var first = true

    public init() {
        bytes.reserveCapacity(256)
    }

    public mutating func add(_ key: String, _ value: String) {
        separator(key)
        JSONLine.appendString(value, to: &bytes)
    }

    public mutating func add(_ key: String, _ value: Int) {
        separator(key)
        bytes += Array(String(value).utf8)
    }

    public mutating func add(_ key: String, _ value: Double) {
        separator(key)
        bytes += Array((value.isFinite ? String(value) : "null").utf8)
    }

    public mutating func add(_ key: String, _ value: JSONValue) {
        separator(key)
        switch value {
        case .string(let text): JSONLine.appendString(text, to: &bytes)
        default: bytes += value.encoded()
        }
    }

    public func finish() -> [UInt8] {
        bytes + [UInt8(ascii: "}"), UInt8(ascii: "\n")]
    }

    private mutating func separator(_ key: String) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        first = false
        JSONLine.appendString(key, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
    }

    /// Appends `text` as a JSON string literal (RFC 8259 §7 escaping).
    public static func appendString(_ text: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case UInt8(ascii: "\n"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case UInt8(ascii: "\r"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case UInt8(ascii: "\t"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes += Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
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
        let millis = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        let (seconds, milli) = millis.quotientAndRemainder(dividingBy: 1000)
        let (days, secondOfDay) = seconds.quotientAndRemainder(dividingBy: 86400)
        let (year, month, day) = civilDate(fromDaysSince1970: days)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        func append(_ value: Int64, digits: Int) {
            var divisor: Int64 = 1
            for _ in 1..<digits { divisor *= 10 }
            var rest = value
            while divisor > 0 {
                bytes.append(UInt8(ascii: "0") + UInt8(rest / divisor % 10))
                rest %= divisor
                divisor /= 10
            }
        }
        append(year, digits: 4); bytes.append(UInt8(ascii: "-"))
        append(month, digits: 2); bytes.append(UInt8(ascii: "-"))
        append(day, digits: 2); bytes.append(UInt8(ascii: "T"))
        append(secondOfDay / 3600, digits: 2); bytes.append(UInt8(ascii: ":"))
        append(secondOfDay / 60 % 60, digits: 2); bytes.append(UInt8(ascii: ":"))
        append(secondOfDay % 60, digits: 2); bytes.append(UInt8(ascii: "."))
        append(milli, digits: 3); bytes.append(UInt8(ascii: "Z"))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Year, month and day of a day count since 1970-01-01 (proleptic Gregorian; H. Hinnant's
    /// `civil_from_days`).
    public static func civilDate(fromDaysSince1970 days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
