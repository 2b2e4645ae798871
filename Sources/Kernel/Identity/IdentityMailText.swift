/// The mails of the identity flows, in the first of `languages` they exist in.
struct IdentityMailText {
    let language: String

    static let available = ["de", "en"]

    init(languages: [String]) {
        language = languages.first { Self.available.contains($0) } ?? "en"
    }

    private var german: Bool { language == "de" }

    func confirmation(to account: Account, link: String) -> MailMessage {
        MailMessage(
            to: MailAddress(account.email, name: account.displayName),
            subject: german ? "Bitte bestätigen Sie Ihre E-Mail-Adresse" : "Please confirm your e-mail address",
            text: german
                ? "Hallo \(account.displayName),\n\nbitte bestätigen Sie Ihre E-Mail-Adresse mit diesem Link (7 Tage gültig):\n\n\(link)\n\nWenn Sie sich nicht angemeldet haben, können Sie diese Mail ignorieren.\n"
                : "Hello \(account.displayName),\n\nplease confirm your e-mail address with this link (valid for 7 days):\n\n\(link)\n\nIf you did not register, you can ignore this mail.\n")
    }

    func alreadyRegistered(to account: Account, signIn: String, reset: String) -> MailMessage {
        MailMessage(
            to: MailAddress(account.email, name: account.displayName),
            subject: german ? "Sie haben schon ein Konto" : "You already have an account",
            text: german
                ? "Hallo \(account.displayName),\n\njemand wollte mit Ihrer E-Mail-Adresse ein Konto anlegen. Sie haben schon eines.\n\nAnmelden: \(signIn)\nPasswort vergessen: \(reset)\n\nWenn Sie das nicht waren, können Sie diese Mail ignorieren.\n"
                : "Hello \(account.displayName),\n\nsomeone tried to register with your e-mail address. You already have an account.\n\nSign in: \(signIn)\nForgot your password: \(reset)\n\nIf this was not you, you can ignore this mail.\n")
    }

    func passwordReset(to account: Account, link: String) -> MailMessage {
        MailMessage(
            to: MailAddress(account.email, name: account.displayName),
            subject: german ? "Neues Passwort festlegen" : "Set a new password",
            text: german
                ? "Hallo \(account.displayName),\n\nmit diesem Link legen Sie ein neues Passwort fest (2 Stunden gültig, nur einmal):\n\n\(link)\n\nWenn Sie das nicht angefordert haben, können Sie diese Mail ignorieren; Ihr Passwort bleibt, wie es ist.\n"
                : "Hello \(account.displayName),\n\nuse this link to set a new password (valid for 2 hours, once):\n\n\(link)\n\nIf you did not ask for this, you can ignore this mail; your password stays as it is.\n")
    }
}
