/// The kernel services every handler, job and subscriber can reach. Issues that add a
/// service (identity, content, scheduling, mail) add it here.
public struct KernelServices: Sendable {
    public var storage: any Storage
    public var events: EventBus
    public var identity: any IdentityService
    public var clock: any TimeSource
    public var logger: Logger
    /// Every configured region by id.
    public var regions: [String: Region]

    public init(
        storage: any Storage, events: EventBus, identity: any IdentityService, clock: any TimeSource,
        logger: Logger, regions: [String: Region]
    ) {
        self.storage = storage
        self.events = events
        self.identity = identity
        self.clock = clock
        self.logger = logger
        self.regions = regions
    }
}
