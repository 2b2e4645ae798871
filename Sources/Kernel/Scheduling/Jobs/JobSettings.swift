/// The server file's `jobs` section: how this instance runs background jobs.
public struct JobSettings: Sendable, Equatable {
    /// Threads running jobs, separate from the request workers. 0: this instance runs no
    /// jobs (another instance sharing the database does).
    public var workers: Int
    /// How often the dispatcher looks for due jobs when nothing wakes it earlier.
    public var pollInterval: Duration
    /// The first retry waits about this long; each further retry twice as long.
    public var retryBase: Duration
    /// The longest wait between two attempts.
    public var retryMax: Duration
    /// A claimed job's lease lasts its timeout plus this margin; a job whose instance
    /// stopped without finishing it runs again once the lease has expired.
    public var leaseMargin: Duration

    public init(
        workers: Int = 2, pollInterval: Duration = .seconds(1), retryBase: Duration = .seconds(30),
        retryMax: Duration = .seconds(3600), leaseMargin: Duration = .seconds(30)
    ) {
        self.workers = workers
        self.pollInterval = pollInterval
        self.retryBase = retryBase
        self.retryMax = retryMax
        self.leaseMargin = leaseMargin
    }
}
