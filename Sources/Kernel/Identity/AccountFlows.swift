import Foundation
import HTTP

/// The flows that go through a person's mailbox: registering (with e-mail confirmation),
/// forgetting the password, confirming an address. Shared by pages and API.
///
/// None of them tells a stranger whether an address has an account: registering an address
/// that has one answers like a new registration and mails the owner instead; asking for a
/// password reset answers the same for every address. Mails are written to the outbox in
/// the same transaction as the change, so a mail goes out if and only if the change commits.
struct AccountFlows {
    let context: RequestContext
    let mail: any MailService

    var now: Date { context.now }
    var region: Region { context.region }

    /// Where links in mails point: the region's page in the reader's language.
    func link(_ path: String, token: String) -> String {
        "\(context.services.server.publicURL)/\(region.id)/\(context.language)\(path)?token=\(token)"
    }

    struct Registration {
        var email: String
        var displayName: String
        var password: String
        var language: String?
    }

    /// Creates an unconfirmed account with the participant role in this region and mails the
    /// confirmation link; for an address that has an account, mails its owner instead. 404
    /// where the region does not allow self-registration; 422 naming the field for bad input.
    func register(_ input: Registration) throws {
        guard region.allowsSelfRegistration else { throw HTTPError.notFound() }
        let email = try Accounts.validEmail(input.email)
        let name = try Accounts.validDisplayName(input.displayName)
        let language = try Accounts.validLanguage(input.language ?? context.language, in: region)
        try Accounts.checkPassword(input.password, email: email.value)
        let hash = try context.services.accounts.hasher.hash(input.password)
        let strings = IdentityMailText(languages: [language ?? context.language] + context.regionLanguages)
        try context.services.storage.write(.global) { db in
            if let existing = try Accounts.find(email: email, in: db) {
                try mail.enqueue(strings.alreadyRegistered(to: existing, signIn: pageURL("/sign-in"), reset: pageURL("/reset-password")), in: db)
                return
            }
            let account = try Accounts.create(
                email: email, displayName: name, language: language, passwordHash: hash, confirmed: false, now: now, in: db)
            try Memberships.grant(Membership(role: .participant), to: account.id, in: region.id, now: now, db: db)
            let token = try AccountTokens.issue(.emailConfirmation, account: account.id, now: now, in: db)
            try mail.enqueue(strings.confirmation(to: account, link: link("/confirm-email", token: token)), in: db)
        }
    }

    /// Mails a new confirmation link to an unconfirmed account; silent for anything else.
    func resendConfirmation(_ text: String) throws {
        let email = try Accounts.validEmail(text)
        try context.services.storage.write(.global) { db in
            guard let account = try Accounts.find(email: email, in: db), account.emailConfirmedAt == nil, !account.isDisabled else { return }
            let token = try AccountTokens.issue(.emailConfirmation, account: account.id, now: now, in: db)
            try mail.enqueue(mailText(for: account).confirmation(to: account, link: link("/confirm-email", token: token)), in: db)
        }
    }

    /// Marks the address of the token's account confirmed.
    func confirm(_ token: String) throws {
        try context.services.storage.write(.global) { db in
            let account = try AccountTokens.redeem(token, for: .emailConfirmation, now: now, in: db)
            try Accounts.confirmEmail(id: account, now: now, in: db)
        }
    }

    /// Mails a link to set a new password, if the address has an enabled account.
    func requestPasswordReset(_ text: String) throws {
        let email = try Accounts.validEmail(text)
        try context.services.storage.write(.global) { db in
            guard let account = try Accounts.find(email: email, in: db), !account.isDisabled else { return }
            let token = try AccountTokens.issue(.passwordReset, account: account.id, now: now, in: db)
            try mail.enqueue(mailText(for: account).passwordReset(to: account, link: link("/new-password", token: token)), in: db)
        }
    }

    /// Sets the password of the token's account. The link proved the mailbox, so the address
    /// counts as confirmed; every session of the account ends and throttling forgives it.
    func resetPassword(token: String, password: String, field: String) throws {
        let accounts = context.services.accounts
        let account = try context.services.storage.read(.global) { db -> Account in
            let id = try AccountTokens.check(token, for: .passwordReset, now: now, in: db)
            guard let account = try Accounts.find(id: id, in: db) else {
                throw HTTPError.unprocessable("token: this link is not valid; ask for a new one", field: "token")
            }
            return account
        }
        try Accounts.checkPassword(password, email: account.email, field: field)
        let hash = try accounts.hasher.hash(password)
        try context.services.storage.write(.global) { db in
            _ = try AccountTokens.redeem(token, for: .passwordReset, now: now, in: db)
            try Accounts.setPassword(id: account.id, hash: hash, keepingSession: nil, in: db)
            try Accounts.confirmEmail(id: account.id, now: now, in: db)
        }
        accounts.throttle.forgive(email: account.email)
    }

    func pageURL(_ path: String) -> String {
        "\(context.services.server.publicURL)/\(region.id)/\(context.language)\(path)"
    }

    func mailText(for account: Account) -> IdentityMailText {
        IdentityMailText(languages: (account.language.map { [$0] } ?? []) + [context.language] + context.regionLanguages)
    }
}

extension RequestContext {
    /// The region's default language, then English: the tail of every lookup order.
    var regionLanguages: [String] { [region.defaultLanguage, "en"] }
}
