/// What every event loop of one server shares; immutable or internally synchronised.
final class ServerContext: Sendable {
    let configuration: ServerConfiguration
    let limits: ParserLimits
    let responder: any Responder
    let workerPool: WorkerPool
    let statistics = StatisticsCounters()
    let onEngineResponse: (@Sendable (EngineResponse) -> Void)?

    init(
        configuration: ServerConfiguration, responder: any Responder, workerPool: WorkerPool,
        onEngineResponse: (@Sendable (EngineResponse) -> Void)?
    ) {
        self.configuration = configuration
        self.limits = ParserLimits(configuration)
        self.responder = responder
        self.workerPool = workerPool
        self.onEngineResponse = onEngineResponse
    }
}
