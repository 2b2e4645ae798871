import Foundation
import HTTP
import Web

/// Everything a route handler may use, resolved by the kernel before the handler runs:
/// the region and language from the URL, the module's settings there, who is asking, and
/// the kernel services — with storage already scoped to the region.
public struct RequestContext: Sendable {
    public let requestID: String
    public let region: Region
    /// The language from the URL (always one the region speaks).
    public let language: String
    /// The id of the module whose route is running.
    public let module: String
    public let settings: ModuleSettings
    public let principal: Principal
    /// The client's address after trusted-proxy resolution.
    public let clientAddress: String
    public let services: KernelServices
    /// The token HTML forms carry in their hidden `_csrf` field (see `CSRFProtection`).
    public let csrf: CSRFToken?
    /// The request's target as sent (`/demo/de/workshops?page=2`); pages link to it in the
    /// region's other languages.
    public internal(set) var requestTarget = ""

    public init(
        requestID: String, region: Region, language: String, module: String, settings: ModuleSettings,
        principal: Principal, clientAddress: String, services: KernelServices, csrf: CSRFToken? = nil
    ) {
        self.requestID = requestID
        self.region = region
        self.language = language
        self.module = module
        self.settings = settings
        self.principal = principal
        self.clientAddress = clientAddress
        self.services = services
        self.csrf = csrf
    }

    /// The value for a form's hidden `_csrf` field; rendering it may set the CSRF cookie.
    public var csrfToken: String { csrf?.value ?? "" }

    public var now: Date { services.clock.now() }

    /// Dates and times as the reader writes them, in the region's time zone.
    public var dates: LocalDates { LocalDates(language: language, timeZone: region.timeZone) }

    /// A short list of names (languages, topics, equipment) joined as the reader's language
    /// writes lists: `،` in Arabic and Persian, `,` elsewhere.
    public func listed(_ items: [String]) -> String {
        ListJoining.join(items, language: language)
    }

    /// Reads in this region's scope.
    public func read<T>(_ body: (any DatabaseConnection) throws -> T) throws -> T {
        try services.storage.read(.region(region.id), body)
    }

    /// Writes one transaction in this region's scope.
    public func write<T>(_ body: (any DatabaseTransaction) throws -> T) throws -> T {
        try services.storage.write(.region(region.id), body)
    }

    /// Publishes `event` in this region once `transaction` commits.
    public func publish<E: Event>(_ event: E, after transaction: any DatabaseTransaction) throws {
        try services.events.publish(event, region: region.id, after: transaction)
    }

    /// Whether the caller holds `action` here.
    public func allows(_ action: String) -> Bool { principal.holds(action) }

    /// Throws 403 unless the caller holds `action` here.
    public func require(_ action: String) throws {
        guard allows(action) else { throw HTTPError.forbidden() }
    }
}
