/// What a new password must be: long enough, not one of the passwords everyone tries first,
/// and not the person's own e-mail address. No rules about digits or symbols: length beats
/// composition, and such rules push people to `Passwort1!`.
public enum PasswordPolicy {
    public static let minimumLength = 10
    /// Bounds the work a single sign-in can ask of the server.
    public static let maximumLength = 200

    /// Why `password` cannot be used, or nil.
    public static func problem(with password: String, email: String?) -> PasswordProblem? {
        let length = password.count
        if length < minimumLength { return .tooShort }
        if length > maximumLength { return .tooLong }
        let lowered = password.lowercased()
        if CommonPasswords.all.contains(lowered) { return .common }
        if Set(lowered).count <= 2 { return .repetitive }
        if let email {
            let local = email.split(separator: "@").first.map(String.init) ?? email
            if lowered == email || lowered == local { return .isEmailAddress }
        }
        return nil
    }
}

/// Why a password was refused; the description is for the API and the command line, pages
/// show the catalog's text.
public enum PasswordProblem: Sendable, Equatable, CustomStringConvertible {
    case tooShort, tooLong, common, repetitive, isEmailAddress

    public var description: String {
        switch self {
        case .tooShort: "use at least \(PasswordPolicy.minimumLength) characters"
        case .tooLong: "use at most \(PasswordPolicy.maximumLength) characters"
        case .common: "this password is one of the most common ones and is guessed first; choose another"
        case .repetitive: "use more than two different characters"
        case .isEmailAddress: "do not use your e-mail address as password"
        }
    }
}
