import Foundation

/// Sample content a module writes into a demo region (`"demoContent": true` in the region
/// file), so that a new server shows what each module does before anyone has entered data.
///
/// The kernel runs it once per region and module: on the first start with every migration
/// applied, in one region-scoped transaction that also records that it ran, so a restart
/// never writes it twice and a module enabled later still gets its sample. It writes through
/// the module's own services, like any other change.
public struct DemoContent: Sendable {
    public let write: @Sendable (DemoContext) throws -> Void

    public init(_ write: @escaping @Sendable (DemoContext) throws -> Void) {
        self.write = write
    }
}

/// What a module's demo content is written with.
public struct DemoContext {
    /// The module writing its content.
    public let module: String
    public let region: Region
    /// The module's settings in the region.
    public let settings: ModuleSettings
    public let services: KernelServices
    /// The region-scoped transaction the content is written in.
    public let transaction: any DatabaseTransaction
    public let now: Date

    /// A moment `days` days from today at `hour:minute`, wall-clock time in the region.
    public func day(_ days: Int, at hour: Int, _ minute: Int = 0) -> Date {
        let calendar = Calendar.gregorian(region.timeZone)
        let today = calendar.startOfDay(for: now)
        let day = calendar.date(byAdding: .day, value: days, to: today) ?? today
        return calendar.date(bySettingHour: hour, minute: minute, second: 0, of: day) ?? day
    }

    /// A request context for code written for handlers (stores that take one), acting as the
    /// server itself: no account, every action, the region's default language. Write with
    /// `transaction`, not with the context's `write`, which would open a second transaction.
    public func requestContext() -> RequestContext {
        let actions = Set(services.registry.actions(kernelActions: KernelManifest.actions).map(\.name))
        return RequestContext(
            requestID: "demo-content", region: region, language: region.defaultLanguage, module: module, settings: settings,
            principal: Principal(accountID: nil, displayName: "Teilhabe", roles: [.operator], actions: actions),
            clientAddress: "127.0.0.1", services: services)
    }
}
