/// What a new password must be: long enough, not one of the passwords everyone tries first,
/// and not the person's own e-mail address. No rules about digits or symbols: length beats
/// composition, and such rules push people to `Passwort1!`.
public enum PasswordPolicy {
    public static let minimumLength = 10
    /// Bounds the work a single sign-in can ask of the server.
    public static let maximumLength = 200

    /// Why `password` cannot be used (a sentence for the person choosing it), or nil.
    public static func problem(with password: String, email: String?) -> String? {
        let length = password.count
        if length < minimumLength { return "use at least \(minimumLength) characters" }
        if length > maximumLength { return "use at most \(maximumLength) characters" }
        let lowered = password.lowercased()
        if CommonPasswords.all.contains(lowered) {
            return "this password is one of the most common ones and is guessed first; choose another"
        }
        if Set(lowered).count <= 2 { return "use more than two different characters" }
        if let email {
            let local = email.split(separator: "@").first.map(String.init) ?? email
            if lowered == email || lowered == local { return "do not use your e-mail address as password" }
        }
        return nil
    }
}
