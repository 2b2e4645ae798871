import Foundation

/// An e-mail address in the one form the kernel stores and compares: trimmed and lowercased.
/// Addresses are unique case-insensitively, so `Ana@Example.org` and `ana@example.org` are
/// the same account. Only ASCII addresses are accepted, as mail can be sent to them anywhere
/// (an international domain works in its `xn--` form).
public struct EmailAddress: Sendable, Hashable, CustomStringConvertible {
    public let value: String

    /// The longest address SMTP can carry (RFC 5321 §4.5.3.1.3 path limit minus brackets).
    public static let maxLength = 254

    /// Normalises and checks `text`; throws a message a person can act on.
    public init(_ text: String) throws(EmailAddressError) {
        let normalised = text.trimmingCharacters(in: .whitespacesAndNewlines)
            .precomposedStringWithCanonicalMapping.lowercased()
        guard !normalised.isEmpty else { throw .empty }
        guard normalised.count <= Self.maxLength else { throw .tooLong }
        let parts = normalised.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else { throw .malformed }
        let local = parts[0], domain = parts[1]
        guard !local.isEmpty, local.utf8.count <= 64 else { throw .malformed }
        guard local.unicodeScalars.allSatisfy(Self.isLocalScalar),
              !local.hasPrefix("."), !local.hasSuffix("."), !local.contains("..") else { throw .malformed }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy({ label in
            !label.isEmpty && label.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
        }) else { throw .malformed }
        value = normalised
    }

    private static func isLocalScalar(_ scalar: Unicode.Scalar) -> Bool {
        if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) { return true }
        return "!#$%&'*+-/=?^_`{|}~.".unicodeScalars.contains(scalar)
    }

    public var description: String { value }
}

public enum EmailAddressError: Error, Sendable, Equatable, CustomStringConvertible {
    case empty, tooLong, malformed

    public var description: String {
        switch self {
        case .empty: "enter an e-mail address"
        case .tooLong: "an e-mail address has at most \(EmailAddress.maxLength) characters"
        case .malformed: "this is not an e-mail address like name@example.org"
        }
    }
}
