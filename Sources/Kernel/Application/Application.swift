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
    /// Every route the server answers, in registration order.
    public let routes: [MountedRoute]
    let state: ApplicationState
    private let server: HTTPServer
    private let background: WorkerPool
    /// The background job runner (its own worker threads).
    let jobs: JobRunner

    /// Builds the application; nothing listens until `start()`.
    public init(
        configuration: LoadedConfiguration, registry: ModuleRegistry, storage: any Storage,
        identity: (any IdentityService)? = nil, clock: any TimeSource = SystemTime(), logger: Logger
    ) throws {
        // Before any of the server's threads allocate.
        StartupMemory.configureAllocator()
        self.configuration = configuration
        let events = EventBus()
        let secret = try ServerSecret.loadOrCreate(in: configuration.server.dataDirectory)
        // Without another identity service, accounts answer who is asking.
        let accounts = AccountIdentity(
            storage: storage, clock: clock, settings: configuration.server.sessions, secret: secret,
            declarations: registry.actions(kernelActions: KernelManifest.actions))
        let jobQueue = DatabaseJobQueue(declarations: KernelManifest.jobs + registry.manifests.flatMap(\.jobs), clock: clock)
        let outbox = Outbox(jobs: jobQueue, clock: clock, from: configuration.server.mail.from)
        var services = KernelServices(
            storage: storage, events: events, identity: identity ?? accounts, accounts: accounts, clock: clock, logger: logger,
            regions: Dictionary(uniqueKeysWithValues: configuration.regions.map { ($0.id, $0) }),
            registry: registry,
            tokens: SignedTokens(secret: secret),
            server: configuration.server, jobs: jobQueue, mail: outbox)
        services.mailDelivery = MailDelivery(
            transport: Application.mailTransport(for: configuration.server), from: configuration.server.mail.from,
            storage: storage, clock: clock)
        self.services = services
        let metrics = Metrics()
        self.metrics = metrics

        let periodic = try PeriodicTask.all(
            kernelJobs: KernelManifest.jobs, manifests: registry.manifests, regions: configuration.regions)
        let jobs = JobRunner(queue: jobQueue, periodic: periodic, services: services, settings: configuration.server.jobs)
        self.jobs = jobs
        jobs.addRefresher {
            do {
                try outbox.refreshCounts(storage: storage)
            } catch {
                logger.warning("cannot count outbox entries", ["error": .string(String(describing: error))])
            }
        }
        metrics.addSource { Application.jobSamples(jobs, outbox: outbox) }
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
        routes = router.routes.map(MountedRoute.describing)
        let responder = KernelResponder(
            router: router, services: services, state: state,
            trustedProxies: configuration.server.trustedProxies, metrics: metrics)
        server = HTTPServer(
            configuration: configuration.server.http, responder: responder,
            onEngineResponse: { response in Application.log(response, logger: logger) })

        background = WorkerPool(threads: 2, queueLimit: 100_000, name: "events")
        events.activate(subscribers: registry.manifests, services: services, pool: background, durable: true)

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

    private static func jobSamples(_ jobs: JobRunner, outbox: Outbox) -> [Metrics.Sample] {
        var samples: [Metrics.Sample] = []
        let counts = jobs.counts
        for state in JobState.allCases {
            samples.append(Metrics.Sample(
                name: "teilhabe_jobs", help: "Jobs in the job table by state (refreshed every few seconds).", type: "gauge",
                labels: [("state", state.rawValue)], value: Double(counts[state] ?? 0)))
        }
        samples.append(Metrics.Sample(
            name: "teilhabe_jobs_overrunning", help: "Job handlers still running past their timeout.", type: "gauge",
            value: Double(jobs.overrunning)))
        for (outcome, counter) in [("succeeded", jobs.totals.succeeded), ("failed", jobs.totals.failed), ("dead", jobs.totals.dead), ("timed-out", jobs.totals.timedOut)] {
            samples.append(Metrics.Sample(
                name: "teilhabe_job_runs_total", help: "Job runs of this instance by outcome.", type: "counter",
                labels: [("outcome", outcome)], value: Double(counter.value)))
        }
        let mail = outbox.counts
        for state in OutboxState.allCases {
            samples.append(Metrics.Sample(
                name: "teilhabe_mail_outbox", help: "Outbox entries by state (refreshed every few seconds).", type: "gauge",
                labels: [("state", state.rawValue)], value: Double(mail[state] ?? 0)))
        }
        return samples
    }

    /// The configured mail transport.
    static func mailTransport(for settings: ServerSettings) -> any MailTransport {
        switch settings.mail.transport {
        case .file:
            return FileTransport(directory: (settings.dataDirectory as NSString).appendingPathComponent("mail"))
        case .smtp(let smtp):
            return SMTPTransport(settings: smtp)
        }
    }

    /// One log line for a response the HTTP engine sent by itself.
    private static func log(_ response: EngineResponse, logger: Logger) {
        guard logger.level <= .info else { return }
        logger.write(bytes: RequestLogLine.encode(RequestLogLine.Fields(
            time: Date(), requestID: "-", method: response.method?.rawValue ?? "-", path: response.path ?? "-",
            route: "engine", status: response.status.code, durationNanoseconds: 0, bytes: 0,
            client: response.connection.remoteAddress, region: nil, reason: response.reason)))
    }

    /// Binds the configured addresses and starts serving.
    public func start() throws {
        try server.start()
        jobs.start()
        services.logger.info("listening", [
            "addresses": .array(configuration.server.listen.map { .string($0.description) }),
            "ports": .array(server.boundPorts.map { .integer(Int64($0)) }),
            "regions": .array(configuration.regions.map { .string($0.id) }),
            "modules": .array(services.registry.manifests.map { .string($0.id) }),
        ])
        let released = StartupMemory.release()
        services.logger.debug("released start-up memory", [
            "codeBytes": .integer(Int64(released.codeBytes)), "heapTrimmed": .bool(released.heapTrimmed),
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
        jobs.stop(timeout: configuration.server.http.shutdownGracePeriod)
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
