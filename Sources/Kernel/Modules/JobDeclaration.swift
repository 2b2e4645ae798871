/// Background work a module declares: a named job that runs with a JSON payload, either
/// enqueued by the module (`schedule == nil`) or run periodically by the kernel.
public struct JobDeclaration: Sendable {
    public enum Schedule: Sendable, Equatable {
        /// Every interval, measured from the previous planned run.
        case every(Duration)
        /// A cron expression in the region's time zone (`minute hour day month weekday`).
        case cron(String)
    }

    public typealias Handler = @Sendable (JobContext) throws -> Void

    /// `<module-id>.<name>`, e.g. `workshops.send-reminders`.
    public var name: String
    public var summary: String
    public var schedule: Schedule?
    /// Attempts before the job is moved to the dead-letter state.
    public var maxAttempts: Int
    /// Time one run may take before it counts as failed.
    public var timeout: Duration
    public var handler: Handler

    public init(
        _ name: String, summary: String, schedule: Schedule? = nil, maxAttempts: Int = 5,
        timeout: Duration = .seconds(60), handler: @escaping Handler
    ) {
        self.name = name
        self.summary = summary
        self.schedule = schedule
        self.maxAttempts = maxAttempts
        self.timeout = timeout
        self.handler = handler
    }
}
