import Foundation
import Testing
@testable import Kernel

@Suite struct MailSettingsTests {
    @Test func fileTransportIsTheDefaultWithASenderAtThePublicHost() throws {
        let folder = try ConfigurationFolder(server: #"{"publicURL": "https://teilhabe.example.org"}"#, regions: ["north": validRegion])
        let mail = try folder.load().server.mail
        guard case .file = mail.transport else { Issue.record("expected the file transport"); return }
        #expect(mail.from == MailAddress("noreply@teilhabe.example.org", name: "Teilhabe"))
    }

    @Test func smtpSettingsAreReadWithDefaults() throws {
        let folder = try ConfigurationFolder(
            server: #"{"mail": {"transport": "smtp", "host": "relay.example.org", "username": "teilhabe", "password": "secret", "from": "Lernort <info@lernort.example>"}}"#,
            regions: ["north": validRegion])
        let mail = try folder.load().server.mail
        guard case .smtp(let smtp) = mail.transport else { Issue.record("expected smtp"); return }
        #expect(smtp.host == "relay.example.org")
        #expect(smtp.port == 587)
        #expect(smtp.starttls == .required)
        #expect(smtp.username == "teilhabe")
        #expect(smtp.password == "secret")
        #expect(smtp.ratePerSecond == 10)
        #expect(!smtp.allowSelfSigned)
        #expect(mail.from == MailAddress("info@lernort.example", name: "Lernort"))
    }

    @Test func environmentOverridesMailKeys() throws {
        let folder = try ConfigurationFolder(server: #"{"mail": {"transport": "file"}}"#, regions: ["north": validRegion])
        let settings = try folder.load(environment: [
            "TEILHABE_MAIL_TRANSPORT": "smtp", "TEILHABE_SMTP_HOST": "mail.internal", "TEILHABE_SMTP_PORT": "2525",
            "TEILHABE_SMTP_STARTTLS": "off", "TEILHABE_SMTP_USERNAME": "u", "TEILHABE_SMTP_PASSWORD": "from-env",
            "TEILHABE_SMTP_RATE": "2.5", "TEILHABE_JOB_WORKERS": "0",
        ]).server
        guard case .smtp(let smtp) = settings.mail.transport else { Issue.record("expected smtp"); return }
        #expect(smtp.host == "mail.internal")
        #expect(smtp.port == 2525)
        #expect(smtp.starttls == .off)
        #expect(smtp.password == "from-env")
        #expect(smtp.ratePerSecond == 2.5)
        #expect(settings.jobs.workers == 0)
    }

    @Test func problemsNameTheKeyOrVariable() throws {
        let folder = try ConfigurationFolder(
            server: #"{"mail": {"transport": "smtp", "starttls": "sometimes", "username": "u", "from": "nobody", "ratePerSecond": 0, "colour": 1}, "jobs": {"workers": -1}}"#,
            regions: ["north": validRegion])
        let file = folder.path + "/teilhabe.json"
        let problems = folder.problems()
        #expect(problems.contains("\(file): mail.host: is required"))
        #expect(problems.contains("\(file): mail.from: 'nobody' is not an address like noreply@example.org or Name <noreply@example.org>"))
        #expect(problems.contains { $0.hasPrefix("\(file): mail.colour: unknown key") })
        #expect(problems.contains("\(file): jobs.workers: must be between 0 and 256, found -1"))
        let smtpFolder = try ConfigurationFolder(
            server: #"{"mail": {"transport": "smtp", "host": "relay", "starttls": "sometimes", "username": "u", "ratePerSecond": 0}}"#,
            regions: ["north": validRegion])
        let smtpProblems = smtpFolder.problems()
        let smtpFile = smtpFolder.path + "/teilhabe.json"
        #expect(smtpProblems.contains("\(smtpFile): mail.starttls: 'sometimes' is not one of required, optional, off"))
        #expect(smtpProblems.contains("\(smtpFile): mail.password: is required with username (or set TEILHABE_SMTP_PASSWORD)"))
        #expect(smtpProblems.contains("\(smtpFile): mail.ratePerSecond: must be a number above 0 (messages per second), found 0"))
        #expect(smtpFolder.problems(environment: ["TEILHABE_SMTP_PORT": "many"]).contains("environment TEILHABE_SMTP_PORT: mail.port: must be an integer, found string"))
        #expect(try ConfigurationFolder(server: #"{"mail": {"transport": "pigeon"}}"#, regions: ["north": validRegion]).problems()
            .contains { $0.hasSuffix("mail.transport: 'pigeon' is not one of file, smtp") })
    }
}
