/// How a module answers a person's GDPR rights: what it holds on them (export) and how it
/// forgets them (erase or anonymise, keeping aggregate counts).
public struct PrivacyHooks: Sendable {
    public typealias Export = @Sendable (PersonReference, any DatabaseConnection) throws -> JSONValue
    public typealias Erase = @Sendable (PersonReference, any DatabaseTransaction) throws -> ErasureSummary

    public var export: Export
    public var erase: Erase

    public init(export: @escaping Export, erase: @escaping Erase) {
        self.export = export
        self.erase = erase
    }
}

/// The person a privacy request is about: their normalised e-mail address and, when they
/// have one, their account id.
public struct PersonReference: Sendable, Hashable {
    public var email: String
    public var accountID: Int64?

    public init(email: String, accountID: Int64?) {
        self.email = email
        self.accountID = accountID
    }
}

/// What an erasure did, for the audit log and the operator's report.
public struct ErasureSummary: Sendable, Equatable {
    public var erased: Int
    public var anonymised: Int

    public init(erased: Int = 0, anonymised: Int = 0) {
        self.erased = erased
        self.anonymised = anonymised
    }
}
