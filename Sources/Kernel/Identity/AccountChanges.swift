import Foundation
import HTTP

/// Changes a signed-in person makes to their own account that need their password again:
/// a new password, the erasure of everything. Shared by the account page and the API.
enum AccountChanges {
    /// Checks the person's current password, throttled like a sign-in.
    static func verifyPassword(_ password: String, of account: Account, field: String, context: RequestContext) throws {
        let accounts = context.services.accounts
        let now = context.now
        if let wait = accounts.throttle.wait(email: account.email, client: context.clientAddress, now: now) {
            let seconds = Int(wait.rounded(.up))
            throw HTTPError(
                .tooManyRequests, "Too many wrong passwords. Please wait \(AccountIdentity.describe(seconds: seconds)) and try again.",
                headers: ["Retry-After": String(seconds)])
        }
        let stored = try context.services.storage.read(.global) { db in try Accounts.passwordHash(of: account.id, in: db) }
        guard password.count <= PasswordPolicy.maximumLength, let stored, case .valid = try accounts.hasher.verify(password, against: stored) else {
            accounts.throttle.recordFailure(email: account.email, client: context.clientAddress, now: now)
            throw HTTPError.unprocessable("\(field): this is not your current password", field: field)
        }
    }

    /// Sets a new password after checking the current one; every session of the account ends
    /// and this browser gets a new one. Returns its `Set-Cookie` value.
    static func changePassword(
        of account: Account, current: String, new: String, fields: (current: String, new: String), request: Request,
        context: RequestContext
    ) throws -> String {
        try Accounts.checkPassword(new, email: account.email, field: fields.new)
        try verifyPassword(current, of: account, field: fields.current, context: context)
        let accounts = context.services.accounts
        let hash = try accounts.hasher.hash(new)
        let token = try context.services.storage.write(.global) { db in
            try Accounts.setPassword(id: account.id, hash: hash, keepingSession: nil, in: db)
            return try Sessions.start(
                account: account.id, replacing: nil, client: context.clientAddress, userAgent: request.headers["User-Agent"] ?? "",
                settings: accounts.settings, now: context.now, in: db)
        }
        return accounts.sessionCookie(token)
    }

    /// Erases the person after checking their password.
    static func erase(_ account: Account, password: String, field: String, context: RequestContext) throws -> PrivacyService.ErasureReport {
        try verifyPassword(password, of: account, field: field, context: context)
        return try context.services.privacy.erase(try EmailAddress(account.email), actor: context.auditActor)
    }
}
