import Foundation
import Synchronization

/// Request metrics in Prometheus text format. Counters are atomics created once per route
/// at boot, so that recording a request takes no lock, even at 100,000 requests a second.
public final class Metrics: Sendable {
    /// Upper bounds of the latency histogram, in seconds.
    public static let latencyBuckets: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
    /// Statuses counted individually; others count under their class (`2xx`, `4xx`, …).
    static let trackedStatuses = [200, 201, 204, 301, 302, 303, 304, 308, 400, 401, 403, 404, 405, 409, 413, 415, 422, 429, 500, 503]

    /// Counters of one route (`GET /api/v1/{region}/{lang}/workshops`).
    public final class RouteCounters: Sendable {
        let route: String
        let statuses: [Counter]
        let otherStatuses: [Counter]  // 1xx … 5xx
        let buckets: [Counter]
        let count = Counter()
        let durationMicroseconds = Counter()

        init(route: String) {
            self.route = route
            statuses = Metrics.trackedStatuses.map { _ in Counter() }
            otherStatuses = (0..<5).map { _ in Counter() }
            buckets = Metrics.latencyBuckets.map { _ in Counter() }
        }

        public func record(status: Int, seconds: Double) {
            if let index = Metrics.trackedStatuses.firstIndex(of: status) {
                statuses[index].add(1)
            } else {
                otherStatuses[max(0, min(4, status / 100 - 1))].add(1)
            }
            count.add(1)
            durationMicroseconds.add(Int((seconds * 1_000_000).rounded()))
            if let bucket = Metrics.latencyBuckets.firstIndex(where: { seconds <= $0 }) {
                buckets[bucket].add(1)
            }
        }
    }

    /// A gauge or counter read when metrics are rendered (open connections, pending events…).
    public struct Sample: Sendable {
        public var name: String
        public var help: String
        public var type: String
        public var labels: [(String, String)]
        public var value: Double

        public init(name: String, help: String, type: String, labels: [(String, String)] = [], value: Double) {
            self.name = name
            self.help = help
            self.type = type
            self.labels = labels
            self.value = value
        }
    }

    private let routes: Mutex<[String: RouteCounters]> = Mutex([:])
    private let sources: Mutex<[@Sendable () -> [Sample]]> = Mutex([])

    public init() {}

    /// The counters of `route`, created on first use (normally at boot, for every route).
    public func counters(for route: String) -> RouteCounters {
        routes.withLock { routes in
            if let existing = routes[route] { return existing }
            let created = RouteCounters(route: route)
            routes[route] = created
            return created
        }
    }

    /// Adds samples computed at render time.
    public func addSource(_ source: @escaping @Sendable () -> [Sample]) {
        sources.withLock { $0.append(source) }
    }

    /// The Prometheus text exposition format (version 0.0.4).
    public func render() -> String {
        let routes = self.routes.withLock { $0.values.sorted { $0.route < $1.route } }
        var text = "# HELP http_requests_total HTTP requests answered, by route and status.\n"
        text += "# TYPE http_requests_total counter\n"
        for counters in routes {
            let route = escape(counters.route)
            for (index, status) in Metrics.trackedStatuses.enumerated() {
                let value = counters.statuses[index].value
                if value > 0 { text += "http_requests_total{route=\"\(route)\",status=\"\(status)\"} \(value)\n" }
            }
            for (index, counter) in counters.otherStatuses.enumerated() where counter.value > 0 {
                text += "http_requests_total{route=\"\(route)\",status=\"\(index + 1)xx\"} \(counter.value)\n"
            }
        }
        text += "# HELP http_request_duration_seconds Time from routing to response, by route.\n"
        text += "# TYPE http_request_duration_seconds histogram\n"
        for counters in routes where counters.count.value > 0 {
            let route = escape(counters.route)
            var cumulative = 0
            for (index, bound) in Metrics.latencyBuckets.enumerated() {
                cumulative += counters.buckets[index].value
                text += "http_request_duration_seconds_bucket{route=\"\(route)\",le=\"\(bound)\"} \(cumulative)\n"
            }
            text += "http_request_duration_seconds_bucket{route=\"\(route)\",le=\"+Inf\"} \(counters.count.value)\n"
            text += "http_request_duration_seconds_sum{route=\"\(route)\"} \(Double(counters.durationMicroseconds.value) / 1_000_000)\n"
            text += "http_request_duration_seconds_count{route=\"\(route)\"} \(counters.count.value)\n"
        }
        let samples = sources.withLock { $0 }.flatMap { $0() }
        var described: Set<String> = []
        for sample in samples {
            if described.insert(sample.name).inserted {
                text += "# HELP \(sample.name) \(sample.help)\n# TYPE \(sample.name) \(sample.type)\n"
            }
            let labels = sample.labels.isEmpty ? "" : "{" + sample.labels.map { "\($0.0)=\"\(escape($0.1))\"" }.joined(separator: ",") + "}"
            let value = sample.value.rounded() == sample.value && abs(sample.value) < 1e15 ? String(Int64(sample.value)) : String(sample.value)
            text += "\(sample.name)\(labels) \(value)\n"
        }
        return text
    }

    private func escape(_ label: String) -> String {
        label.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }
}

/// A lock-free counter.
public final class Counter: Sendable {
    private let atomic = Atomic<Int>(0)
    public init() {}
    public func add(_ amount: Int) { atomic.add(amount, ordering: .relaxed) }
    public var value: Int { atomic.load(ordering: .relaxed) }
}
