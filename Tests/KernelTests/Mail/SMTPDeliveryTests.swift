import Foundation
import Kernel
import Testing
import TeilhabeTesting

/// Delivery through a real SMTP server (aiosmtpd), plain and with STARTTLS, checking what
/// it received.
@Suite struct SMTPDeliveryTests {
    /// A test server whose mail goes to `sink` with the given extra `mail` keys.
    func server(for sink: SMTPSink, _ mail: [String: JSONValue] = [:]) throws -> TestServer {
        var settings: [String: JSONValue] = [
            "transport": "smtp", "host": "127.0.0.1", "port": .integer(Int64(sink.port)), "starttls": "off",
            "from": "Lernort Köln <noreply@lernort.example>",
        ]
        settings.merge(mail) { $1 }
        return try TestServer(modules: [], server: ["jobs": fastJobs, "mail": .object(settings)])
    }

    func send(_ message: MailMessage = richMessage, via server: TestServer) throws {
        try server.storage.write(.region("demo")) { db in try server.application.services.mail.enqueue(message, in: db) }
    }

    func outbox(_ server: TestServer) throws -> [OutboxEntry] {
        try server.storage.read { try Outbox.entries(region: nil, limit: 100, in: $0) }
    }

    @Test func aMessageArrivesWithItsHeadersAndEncodingIntact() throws {
        let sink = try SMTPSink()
        defer { sink.stop() }
        let server = try server(for: sink)
        defer { server.stop() }
        try send(via: server)
        #expect(eventually { (try? outbox(server).first?.state) == .sent })
        let received = try #require(try sink.messages().first)
        #expect(received.mailFrom == "noreply@lernort.example")
        #expect(received.recipients == ["amira@example.org"])
        #expect(received.mailOptions.contains { $0.hasPrefix("SIZE=") })
        #expect(!received.tls)
        let message = try ReceivedMessage.parse(received.path)
        #expect(message["Subject"]?.stringValue == richMessage.subject)
        #expect(message["to_name"]?.stringValue == richMessage.to.name)
        #expect(message["from_name"]?.stringValue == "Lernort Köln")
        // Lines starting with "." survive dot-stuffing.
        #expect(message["text"]?.stringValue == richMessage.text + "\n")
        #expect(message["html"]?.stringValue == richMessage.html.map { $0 + "\n" })
        #expect(message["List-Unsubscribe-Post"]?.stringValue == "List-Unsubscribe=One-Click")
        #expect(message["attachments"]?.arrayValue?.first?["filename"]?.stringValue == "termin-köln.ics")
        #expect(message["defects"]?.arrayValue == [])
        #expect(try outbox(server).first?.attempts == 1)
    }

    @Test func startTLSWithAVerifiedCertificateThenLogin() throws {
        let certificate = try SMTPSink.selfSignedCertificate(in: FileManager.default.temporaryDirectory.path + "/teilhabe-cert-\(UUID().uuidString)")
        for mechanism in ["PLAIN", "LOGIN"] {
            var options = SMTPSink.Options()
            options.certificate = certificate
            options.login = ("teilhabe", "s3cret pass")
            options.excludedMechanisms = mechanism == "PLAIN" ? ["LOGIN"] : ["PLAIN"]
            let sink = try SMTPSink(options)
            defer { sink.stop() }
            let server = try server(for: sink, [
                "host": "localhost", "starttls": "required", "caFile": .string(certificate.certificate),
                "username": "teilhabe", "password": "s3cret pass",
            ])
            defer { server.stop() }
            try send(via: server)
            #expect(eventually { (try? outbox(server).first?.state) == .sent }, "AUTH \(mechanism): \(String(describing: try? outbox(server).first?.lastError))")
            let received = try #require(try sink.messages().first)
            #expect(received.tls)
            #expect(received.login == "teilhabe")
        }
    }

    @Test func anUntrustedCertificateIsRefusedUnlessSelfSignedIsAllowed() throws {
        let certificate = try SMTPSink.selfSignedCertificate(in: FileManager.default.temporaryDirectory.path + "/teilhabe-cert-\(UUID().uuidString)")
        var options = SMTPSink.Options()
        options.certificate = certificate
        let sink = try SMTPSink(options)
        defer { sink.stop() }
        let strict = try server(for: sink, ["host": "localhost", "starttls": "required"])
        try send(via: strict)
        #expect(eventually { (try? outbox(strict).first?.attempts ?? 0) ?? 0 >= 1 })
        let refused = try #require(try outbox(strict).first)
        strict.stop()
        #expect(refused.state == .queued)
        #expect(refused.lastError?.contains("certificate") == true)
        #expect(try sink.messages().isEmpty)

        let lenient = try server(for: sink, ["host": "localhost", "starttls": "required", "allowSelfSigned": true])
        defer { lenient.stop() }
        try send(via: lenient)
        #expect(eventually { (try? outbox(lenient).first?.state) == .sent })
        #expect(try sink.messages().first?.tls == true)
    }

    @Test func requiredTLSAndPasswordsNeverTravelInClearText() throws {
        let sink = try SMTPSink()
        defer { sink.stop() }
        let required = try server(for: sink, ["starttls": "required"])
        try send(via: required)
        #expect(eventually { (try? outbox(required).first?.lastError) != nil })
        #expect(try outbox(required).first?.lastError?.contains("does not offer STARTTLS") == true)
        required.stop()

        let optional = try server(for: sink, ["starttls": "optional", "username": "u", "password": "p"])
        defer { optional.stop() }
        try send(via: optional)
        #expect(eventually { (try? outbox(optional).first?.lastError) != nil })
        #expect(try outbox(optional).first?.lastError?.contains("not sending the SMTP password") == true)
        #expect(try sink.messages().isEmpty)
    }

    @Test func temporaryFailuresAreRetriedUntilAccepted() throws {
        var options = SMTPSink.Options()
        options.mode = .temporaryFailuresFirst
        options.failures = 2
        let sink = try SMTPSink(options)
        defer { sink.stop() }
        let server = try server(for: sink)
        defer { server.stop() }
        try send(via: server)
        #expect(eventually { (try? outbox(server).first?.state) == .sent })
        let entry = try #require(try outbox(server).first)
        #expect(entry.attempts == 3)
        #expect(try sink.messages().count == 1)
    }

    @Test func aPermanentFailureIsRecordedAndNotRetried() throws {
        var options = SMTPSink.Options()
        options.mode = .reject
        let sink = try SMTPSink(options)
        defer { sink.stop() }
        let server = try server(for: sink)
        defer { server.stop() }
        try send(via: server)
        #expect(eventually { (try? outbox(server).first?.state) == .failed })
        let entry = try #require(try outbox(server).first)
        #expect(entry.attempts == 1)
        #expect(entry.lastError?.contains("550 5.1.1 No such user here") == true)
        let job = try #require(try server.jobIDs(named: Outbox.sendJob).first)
        #expect(try server.job(job)?.state == .succeeded)
    }

    @Test func theRelayRateLimitSpacesMessages() throws {
        let sink = try SMTPSink()
        defer { sink.stop() }
        let server = try server(for: sink, ["ratePerSecond": 4])
        defer { server.stop() }
        for number in 1...5 {
            try send(MailMessage(to: MailAddress("p\(number)@example.org"), subject: "Nr. \(number)", text: "x"), via: server)
        }
        #expect(eventually { (try? sink.messages().count) == 5 })
        let times = try sink.messages().map(\.receivedAt).sorted()
        // Five messages at four a second take at least a second (a loaded machine only adds).
        #expect(try #require(times.last) - #require(times.first) >= 0.9)
    }
}
