import Foundation

/// A person's GDPR rights across the kernel and every linked module: what is held on them
/// (export, Art. 15/20) and forgetting them (erasure, Art. 17).
///
/// Both run in the global scope, across regions. Each module answers through its manifest's
/// `privacy` hooks, each kernel area through its own (identity: account, memberships,
/// sessions, tokens, audit entries; bookings; the mail outbox). An erasure is one
/// transaction: if any hook fails, nothing is erased.
public struct PrivacyService: Sendable {
    public let storage: any Storage
    public let registry: ModuleRegistry
    public let clock: any TimeSource

    public init(storage: any Storage, registry: ModuleRegistry, clock: any TimeSource) {
        self.storage = storage
        self.registry = registry
        self.clock = clock
    }

    public static let exportFormat = "teilhabe-privacy-export/1"

    /// Everything held on the person with `email`, as one JSON document.
    public func export(_ email: EmailAddress) throws -> JSONValue {
        try storage.read(.global) { db in
            let account = try Accounts.find(email: email, in: db)
            let person = PersonReference(email: email.value, accountID: account?.id)
            var modules: [String: JSONValue] = [:]
            for manifest in registry.manifests {
                guard let hooks = manifest.privacy else { continue }
                modules[manifest.id] = try hooks.export(person, db)
            }
            var kernel: [String: JSONValue] = [:]
            for area in KernelManifest.areas {
                guard let hooks = area.privacy else { continue }
                kernel[area.id] = try hooks.export(person, db)
            }
            return .object([
                "format": .string(Self.exportFormat),
                "exportedAt": .string(Timestamp.iso8601(clock.now())),
                "email": .string(email.value),
                "kernel": .object(kernel),
                "modules": .object(modules),
            ])
        }
    }

    /// What an erasure did, per module and per kernel area.
    public struct ErasureReport: Sendable, Equatable {
        public var hadAccount: Bool
        public var kernel: [String: ErasureSummary]
        public var modules: [String: ErasureSummary]

        public var total: ErasureSummary {
            (Array(kernel.values) + Array(modules.values)).reduce(ErasureSummary()) {
                ErasureSummary(erased: $0.erased + $1.erased, anonymised: $0.anonymised + $1.anonymised)
            }
        }
    }

    /// Erases or anonymises everything held on the person with `email`, keeping aggregate
    /// counts, and records that it happened (without who it was) in the audit log.
    public func erase(_ email: EmailAddress, actor: AuditActor) throws -> ErasureReport {
        try storage.write(.global) { db in
            let account = try Accounts.find(email: email, in: db)
            let person = PersonReference(email: email.value, accountID: account?.id)
            var modules: [String: ErasureSummary] = [:]
            // Dependants before what they depend on: modules, then the kernel's areas, the
            // identity area (which deletes the account) last.
            for manifest in registry.manifests.reversed() {
                guard let hooks = manifest.privacy else { continue }
                modules[manifest.id] = try hooks.erase(person, db)
            }
            var kernel: [String: ErasureSummary] = [:]
            for area in KernelManifest.areas.reversed() {
                guard let hooks = area.privacy else { continue }
                kernel[area.id] = try hooks.erase(person, db)
            }
            let report = ErasureReport(hadAccount: account != nil, kernel: kernel, modules: modules)
            // The person erasing themselves is not named in the log: their account is gone.
            let recorded = actor.accountID == account?.id && account != nil ? AuditActor(accountID: nil, label: "the person themself") : actor
            try AuditLog.record(
                region: nil, actor: recorded, action: "kernel.privacy-erased",
                subject: account.map { "account \($0.id)" } ?? "a person without account",
                detail: .object([
                    "erased": .integer(Int64(report.total.erased)), "anonymised": .integer(Int64(report.total.anonymised)),
                    "modules": .array(modules.keys.sorted().map { .string($0) }),
                ]),
                at: clock.now(), in: db)
            return report
        }
    }
}
