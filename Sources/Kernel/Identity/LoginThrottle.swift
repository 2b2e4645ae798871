import Foundation
import Synchronization

/// Slows down password guessing without letting anyone lock a person out for long.
///
/// Failed sign-ins count under three keys, each with its own limit:
/// - **e-mail and client address**: after 5 failures the next attempt waits 1 s, then 2 s,
///   4 s, … up to 15 minutes. This is what stops someone guessing at one account.
/// - **client address**: after 50 failures over any e-mail addresses, the same doubling up to
///   15 minutes. This stops one address spraying many accounts. A learning site behind one
///   NAT address needs 50 failed attempts before its visitors are slowed.
/// - **e-mail address**: after 20 failures from anywhere, a fixed wait of one minute. This
///   slows guessing spread over many addresses, and is all that an attacker elsewhere can do
///   to the person: delay them by a minute, never lock them out.
/// Counts fall back to zero an hour after the last failure; a successful sign-in clears the
/// e-mail's counts. The same happens for e-mail addresses that have no account, so being
/// throttled reveals nothing. State is in memory: a restart forgives everyone.
public final class LoginThrottle: Sendable {
    struct Policy {
        var threshold: Int
        var baseDelay: TimeInterval
        var maximumDelay: TimeInterval
    }

    static let pair = Policy(threshold: 5, baseDelay: 1, maximumDelay: 15 * 60)
    static let address = Policy(threshold: 50, baseDelay: 1, maximumDelay: 15 * 60)
    static let account = Policy(threshold: 20, baseDelay: 60, maximumDelay: 60)
    static let forgetAfter: TimeInterval = 3600
    static let maximumEntries = 100_000

    private struct Entry {
        var failures: Int
        var lastFailure: Date
        var blockedUntil: Date
    }

    private let entries = Mutex<[String: Entry]>([:])

    public init() {}

    private enum Kind { case pair, address, account }

    private static func keys(email: String, client: String) -> [(kind: Kind, key: String, policy: Policy)] {
        [
            (.pair, "pair\u{0}\(email)\u{0}\(client)", pair),
            (.address, "address\u{0}\(client)", address),
            (.account, "account\u{0}\(email)", account),
        ]
    }

    /// How long the caller must wait before trying `email` from `client`, or nil.
    public func wait(email: String, client: String, now: Date) -> TimeInterval? {
        let waits = entries.withLock { entries in
            Self.keys(email: email, client: client).compactMap { _, key, _ -> TimeInterval? in
                guard let entry = entries[key], entry.blockedUntil > now else { return nil }
                return entry.blockedUntil.timeIntervalSince(now)
            }
        }
        return waits.max()
    }

    /// Counts a failed attempt.
    public func recordFailure(email: String, client: String, now: Date) {
        entries.withLock { entries in
            if entries.count >= Self.maximumEntries { Self.prune(&entries, now: now) }
            for (_, key, policy) in Self.keys(email: email, client: client) {
                var entry = entries[key] ?? Entry(failures: 0, lastFailure: now, blockedUntil: .distantPast)
                if now.timeIntervalSince(entry.lastFailure) > Self.forgetAfter { entry.failures = 0 }
                entry.failures += 1
                entry.lastFailure = now
                if entry.failures >= policy.threshold {
                    let doublings = min(entry.failures - policy.threshold, 30)
                    let delay = min(policy.baseDelay * pow(2, Double(doublings)), policy.maximumDelay)
                    entry.blockedUntil = now.addingTimeInterval(delay)
                }
                entries[key] = entry
            }
        }
    }

    /// Clears the e-mail's counts after a successful sign-in (the address's count stays).
    public func recordSuccess(email: String, client: String) {
        entries.withLock { entries in
            for (kind, key, _) in Self.keys(email: email, client: client) where kind != .address {
                entries[key] = nil
            }
        }
    }

    /// Forgets every count of `email` (after a password reset proved the mailbox).
    public func forgive(email: String) {
        entries.withLock { entries in
            entries = entries.filter { key, _ in !(key.hasSuffix("\u{0}\(email)") || key.contains("\u{0}\(email)\u{0}")) }
        }
    }

    private static func prune(_ entries: inout [String: Entry], now: Date) {
        entries = entries.filter { now.timeIntervalSince($0.value.lastFailure) <= forgetAfter || $0.value.blockedUntil > now }
        if entries.count >= maximumEntries {
            let oldest = entries.sorted { $0.value.lastFailure < $1.value.lastFailure }.prefix(entries.count / 2).map(\.key)
            for key in oldest { entries[key] = nil }
        }
    }
}
