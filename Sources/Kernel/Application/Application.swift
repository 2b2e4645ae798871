import Foundation
import HTTP
import Synchronization

/// The running server: validated modules and configuration, storage, kernel services and
/// the HTTP engine, wired together. `Boot` prepares the inputs; the executable and the tests
/// both create the application the same way.
public final class Application: Sendable {
    public let configuration: LoadedConfiguration
    public let services: KernelServices
    public let metrics: Metrics
    let state: ApplicationState
    private let server: HTTPServer
    private let background: WorkerPool

    /// Builds the application; nothing listens until `start()`.
    public init(
        configuration: LoadedConfiguration, registry: ModuleRegistry, storage: any Storage,
        identity: any IdentityService = AnonymousIdentity(), clock: any TimeSource = SystemTime(), logger: Logger
    ) throws {
        self.configuration = configuration
        let events = EventBus()
        let services = KernelServices(
            storage: storage, events: events, identity: identity, clock: clock, logger: logger,
            regions: Dictionary(uniqueKeysWithValues: configuration.regions.map { ($0.id, $0) }),
            registry: registry,
            tokens: SignedTokens(secret: try ServerSecret.loadOrCreate(in: configuration.server.dataDirectory)),
            server: configuration.server)
        self.services = services
        let metrics = Metrics()
        self.metrics = metrics
        let state = ApplicationState(storage: storage, migrations: Boot.migrations(for: registry), metrics: metrics)
        self.state = state
        if (try? Migrator(storage: storage, modules: state.migrations).pendingMigrations().isEmpty) == true {
            for area in KernelManifest.areas {
                do {
                    try area.start?(services)
                } catch {
                    logger.error("kernel area failed to start", ["area": .string(area.id), "error": .string(String(describing: error))])
                }
            }
        }

        let router = try RouteTable.build(registry: registry, metrics: metrics)
        let responder = KernelResponder(
            router: router, services: services, state: state,
            trustedProxies: configuration.server.trustedProxies, metrics: metrics)
        server = HTTPServer(
            configuration: configuration.server.http, responder: responder,
            onEngineResponse: { response in Application.log(response, logger: logger) })

        background = WorkerPool(threads: 2, queueLimit: 100_000, name: "events")
        events.activate(
            subscribers: registry.manifests.flatMap { manifest in manifest.subscriptions.map { (manifest.id, $0) } },
            services: services, pool: background)

        let server = self.server
        metrics.addSource { Application.engineSamples(server.statistics) }
        metrics.addSource {
            [Metrics.Sample(name: "teilhabe_event_deliveries_pending", help: "Event deliveries queued or running.", type: "gauge", value: Double(events.pendingDeliveries))]
        }
    }

    private static func engineSamples(_ statistics: ServerStatistics) -> [Metrics.Sample] {
        var samples = [
            Metrics.Sample(
                name: "http_open_connections", help: "Client connections open now.", type: "gauge",
                value: Double(statistics.openConnections)),
            Metrics.Sample(
                name: "http_connections_accepted_total", help: "Client connections accepted.", type: "counter",
                value: Double(statistics.acceptedConnections)),
            Metrics.Sample(
                name: "http_connections_refused_total",
                help: "Connections closed at once because the connection limit was reached.", type: "counter",
                value: Double(statistics.refusedConnections)),
        ]
        for (status, count) in statistics.rejectedRequests.sorted(by: { $0.key.code < $1.key.code }) {
            samples.append(Metrics.Sample(
                name: "http_engine_rejections_total",
                help: "Requests the HTTP engine answered itself (malformed, too large, timed out, overloaded).",
                type: "counter", labels: [("status", String(status.code))], value: Double(count)))
        }
        return samples
    }

    /// One log line for a response the HTTP engine sent by itself.
    private static func log(_ response: EngineResponse, logger: Logger) {
        guard logger.level <= .info else { return }
        var line = JSONLine()
        line.add("time", Timestamp.iso8601(Date()))
        line.add("level", "info")
        line.add("msg", "request")
        line.add("method", response.method?.rawValue ?? "-")
        line.add("path", response.path ?? "-")
        line.add("route", "engine")
        line.add("status", response.status.code)
        line.add("reason", response.reason)
        line.add("client", response.connection.remoteAddress)
        logger.write(line)
    }

    /// Binds the configured addresses and starts serving.
    public func start() throws {
        try server.start()
        services.logger.info("listening", [
            "addresses": .array(configuration.server.listen.map { .string($0.description) }),
            "ports": .array(server.boundPorts.map { .integer(Int64($0)) }),
            "regions": .array(configuration.regions.map { .string($0.id) }),
            "modules": .array(services.registry.manifests.map { .string($0.id) }),
        ])
    }

    /// The ports actually bound (useful when the configuration asks for port 0).
    public var boundPorts: [Int] { server.boundPorts }

    /// Serves until SIGTERM or SIGINT, then drains in-flight requests and returns.
    public func runUntilSignalled() throws {
        try server.runUntilSignalled()
        finishBackgroundWork()
    }

    /// Stops accepting, finishes in-flight requests within the grace period, and stops.
    public func shutdown() {
        server.shutdown()
        finishBackgroundWork()
    }

    private func finishBackgroundWork() {
        background.shutdown(timeout: configuration.server.http.shutdownGracePeriod)
        services.logger.info("stopped")
        services.logger.flush()
    }
}

/// What root endpoints need to know about the application's condition.
final class ApplicationState: Sendable {
    let storage: any Storage
    let migrations: [(module: String, migrations: [Migration])]
    let metrics: Metrics

    init(storage: any Storage, migrations: [(module: String, migrations: [Migration])], metrics: Metrics) {
        self.storage = storage
        self.migrations = migrations
        self.metrics = metrics
    }

    /// Nil when ready to serve, otherwise why not.
    func unreadiness() -> String? {
        do {
            try storage.checkReachable()
        } catch {
            return "storage unreachable: \(error)"
        }
        do {
            let pending = try Migrator(storage: storage, modules: migrations).pendingMigrations()
            if !pending.isEmpty { return "\(pending.count) migrations not applied (run `teilhabe migrate`)" }
        } catch {
            return "cannot read the migration state: \(error)"
        }
        return nil
    }
}
