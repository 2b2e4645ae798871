import Foundation

/// What a running job can reach: its payload, where it runs, which attempt this is, and the
/// kernel services.
public struct JobContext: Sendable {
    /// The job's row id (stable across its attempts).
    public var id: Int64
    public var job: String
    public var payload: JSONValue
    public var region: String?
    /// 1 for the first run, 2 for the first retry, …
    public var attempt: Int
    /// The declaration's limit; after a failed last attempt the job is dead.
    public var maxAttempts: Int
    /// When the job was due (for periodic jobs: the planned run time).
    public var scheduledFor: Date
    public var services: KernelServices

    public init(
        id: Int64 = 0, job: String, payload: JSONValue, region: String?, attempt: Int, maxAttempts: Int = 1,
        scheduledFor: Date = Date(), services: KernelServices
    ) {
        self.id = id
        self.job = job
        self.payload = payload
        self.region = region
        self.attempt = attempt
        self.maxAttempts = maxAttempts
        self.scheduledFor = scheduledFor
        self.services = services
    }

    /// True when a failure now moves the job to the dead-letter state.
    public var isLastAttempt: Bool { attempt >= maxAttempts }

    /// The payload decoded into the job's own type.
    public func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(payload.encoded()))
    }

    /// The storage scope of this job: its region, or global.
    public var scope: DataScope { region.map(DataScope.region) ?? .global }

    /// Reads in the job's scope.
    @discardableResult
    public func read<T>(_ body: (any DatabaseConnection) throws -> T) throws -> T {
        try services.storage.read(scope, body)
    }

    /// Writes one transaction in the job's scope.
    @discardableResult
    public func write<T>(_ body: (any DatabaseTransaction) throws -> T) throws -> T {
        try services.storage.write(scope, body)
    }
}
