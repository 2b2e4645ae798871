import Foundation

/// Signed, expiring, single-purpose tokens: what lets a person without an account manage
/// what they did (cancel a booking, change a registration, confirm a subscription) from a
/// link in a mail. A token binds a purpose (`workshops.manage-registration`) to a subject
/// (`42`) until an expiry; it cannot be altered, reused for another purpose, or used late.
///
/// Format: `v1.<base64url(purpose|subject|expiry)>.<base64url(HMAC-SHA256)>`. Tokens are
/// stateless: revoking one means the subject it names no longer exists or no longer
/// allows the action (the handler checks that against its data).
public struct SignedTokens: Sendable {
    let secret: ServerSecret

    public init(secret: ServerSecret) {
        self.secret = secret
    }

    public func sign(purpose: String, subject: String, expires: Date) -> String {
        let payload = Array("\(purpose)|\(subject)|\(Int64(expires.timeIntervalSince1970))".utf8)
        return "v1.\(Base64URL.encode(payload)).\(Base64URL.encode(secret.authenticate(Array("v1.".utf8) + payload)))"
    }

    /// The subject of a valid token for `purpose`; throws telling why it is not valid.
    public func verify(_ token: String, purpose: String, now: Date) throws(SignedTokenError) -> String {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "v1",
              let payload = Base64URL.decode(String(parts[1])), let signature = Base64URL.decode(String(parts[2])) else {
            throw .malformed
        }
        guard constantTimeEquals(signature, secret.authenticate(Array("v1.".utf8) + payload)) else { throw .tampered }
        let fields = String(decoding: payload, as: UTF8.self).split(separator: "|", omittingEmptySubsequences: false)
        guard fields.count == 3, let expiry = Int64(fields[2]) else { throw .malformed }
        guard fields[0] == purpose else { throw .wrongPurpose }
        guard Double(expiry) > now.timeIntervalSince1970 else { throw .expired }
        return String(fields[1])
    }
}

/// Why a signed token was refused. Messages are safe to show to the person holding it.
public enum SignedTokenError: Error, Sendable, Equatable, CustomStringConvertible {
    case malformed, tampered, wrongPurpose, expired

    public var description: String {
        switch self {
        case .malformed, .tampered, .wrongPurpose: "This link is not valid. Please use the link from your e-mail exactly as it is."
        case .expired: "This link has expired."
        }
    }
}
