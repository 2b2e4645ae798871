#if canImport(Glibc)
import Glibc
#endif

/// The `Date` header line (RFC 9110 §5.6.7 IMF-fixdate), formatted once per second per loop.
struct HTTPDate {
    private(set) var line: [UInt8] = []
    private var second = -1

    /// Reformats when the wall-clock second changed.
    mutating func refresh() {
        var now = time(nil)
        guard now != second else { return }
        second = now
        var parts = tm()
        gmtime_r(&now, &parts)
        line = Array("Date: ".utf8) + Self.imfFixdate(parts).utf8 + [.cr, .lf]
    }

    static func imfFixdate(_ parts: tm) -> String {
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(days[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon)]) \(parts.tm_year + 1900) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
    }
}
