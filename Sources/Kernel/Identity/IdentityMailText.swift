/// The mails of the identity flows, from the kernel catalog in the reader's language.
struct IdentityMailText {
    let strings: KernelStrings

    init(languages: [String]) {
        strings = KernelStrings(languages: languages)
    }

    func confirmation(to account: Account, link: String) -> MailMessage {
        MailMessage(
            to: MailAddress(account.email, name: account.displayName), subject: strings.identityMailConfirmationSubject,
            text: strings.identityMailConfirmationText(name: account.displayName, link: link) + "\n")
    }

    func alreadyRegistered(to account: Account, signIn: String, reset: String) -> MailMessage {
        MailMessage(
            to: MailAddress(account.email, name: account.displayName), subject: strings.identityMailAlreadyRegisteredSubject,
            text: strings.identityMailAlreadyRegisteredText(name: account.displayName, signIn: signIn, reset: reset) + "\n")
    }

    func passwordReset(to account: Account, link: String) -> MailMessage {
        MailMessage(
            to: MailAddress(account.email, name: account.displayName), subject: strings.identityMailResetSubject,
            text: strings.identityMailResetText(name: account.displayName, link: link) + "\n")
    }
}
