import Foundation
import HTTP
import Kernel
import Testing
import TeilhabeTesting

/// The outbox and the file transport, checked with a real MIME parser.
@Suite struct OutboxTests {
    @Test func aCommittedMessageBecomesAnEMLFileAMailClientReads() throws {
        let server = try TestServer(modules: [], server: ["jobs": fastJobs, "mail": ["from": "Lernort Köln <noreply@lernort.example>"]])
        defer { server.stop() }
        try server.storage.write(.region("demo")) { db in try server.application.services.mail.enqueue(richMessage, in: db) }
        let path = server.directory + "/data/mail/00000001.eml"
        #expect(eventually { FileManager.default.fileExists(atPath: path) })
        let received = try ReceivedMessage.parse(path)
        #expect(received["Subject"]?.stringValue == richMessage.subject)
        #expect(received["to_name"]?.stringValue == "Amira Al-Hakim, Beraterin – أميرة")
        #expect(received["to_address"]?.stringValue == "amira@example.org")
        #expect(received["from_name"]?.stringValue == "Lernort Köln")
        #expect(received["reply_to_name"]?.stringValue == "Team \"Lernort\"")
        #expect(received["List-Unsubscribe"]?.stringValue == "<https://teilhabe.example/demo/de/newsletter/unsubscribe?token=abc>")
        #expect(received["List-Unsubscribe-Post"]?.stringValue == "List-Unsubscribe=One-Click")
        #expect(received["MIME-Version"]?.stringValue == "1.0")
        #expect(received["Message-ID"]?.stringValue?.hasSuffix("@lernort.example>") == true)
        #expect(received["Date"]?.stringValue?.hasSuffix("+0000") == true)
        #expect(received["content_type"]?.stringValue == "multipart/mixed")
        #expect(received["text"]?.stringValue == richMessage.text + "\n")
        #expect(received["html"]?.stringValue == richMessage.html.map { $0 + "\n" })
        let attachment = try #require(received["attachments"]?.arrayValue?.first)
        #expect(attachment["filename"]?.stringValue == "termin-köln.ics")
        #expect(attachment["type"]?.stringValue == "text/calendar")
        #expect(attachment["content"]?.stringValue == "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n")
        // Only a URL, which cannot be folded, may exceed 78 characters (never 998).
        #expect(received["long_lines"]?.arrayValue?.compactMap(\.stringValue).allSatisfy { $0.hasPrefix("List-Unsubscribe: <https:") } == true)
        #expect(received["longest_line"]?.integerValue.map { $0 <= 998 } == true)
        #expect(received["bare_newlines"] == false)
        #expect(received["eight_bit"] == false)
        #expect(received["defects"]?.arrayValue == [])

        let entry = try #require(try server.storage.read { try Outbox.entries(region: "demo", limit: 10, in: $0) }.first)
        #expect(eventually { (try? server.storage.read { try Outbox.entries(region: "demo", limit: 10, in: $0) }.first?.state) == .sent })
        #expect(entry.recipient == "amira@example.org")
        #expect(entry.bulk)
    }

    @Test func aRolledBackChangeSendsNothing() throws {
        let server = try TestServer(modules: [], server: ["jobs": fastJobs])
        defer { server.stop() }
        struct Refused: Error {}
        #expect(throws: Refused.self) {
            try server.storage.write(.region("demo")) { db in
                try server.application.services.mail.enqueue(
                    MailMessage(to: MailAddress("a@example.org"), subject: "Never", text: "never"), in: db)
                throw Refused()
            }
        }
        try server.storage.write(.region("demo")) { db in
            try server.application.services.mail.enqueue(MailMessage(to: MailAddress("b@example.org"), subject: "Plain", text: "Hello"), in: db)
        }
        let entries = { try server.storage.read { try Outbox.entries(region: nil, limit: 10, in: $0) } }
        #expect(eventually { (try? entries().first?.state) == .sent })
        #expect(try entries().map(\.recipient) == ["b@example.org"])
        let files = try FileManager.default.contentsOfDirectory(atPath: server.directory + "/data/mail")
        #expect(files.count == 1)
        let received = try ReceivedMessage.parse(server.directory + "/data/mail/" + files[0])
        #expect(received["content_type"]?.stringValue == "text/plain")
        #expect(received["text"]?.stringValue == "Hello\n")
        #expect(received["List-Unsubscribe"] == .null)
    }

    @Test func headerTextCannotAddHeaders() throws {
        let server = try TestServer(modules: [], server: ["jobs": fastJobs])
        defer { server.stop() }
        let message = MailMessage(
            to: MailAddress("c@example.org", name: "Eve\r\nBcc: victim@example.org"),
            subject: "Hello\r\nBcc: victim@example.org", text: "x")
        try server.storage.write { db in try server.application.services.mail.enqueue(message, in: db) }
        let path = server.directory + "/data/mail/00000001.eml"
        #expect(eventually { FileManager.default.fileExists(atPath: path) })
        let received = try ReceivedMessage.parse(path)
        #expect(received["Bcc"] == .null)
        #expect(received["Subject"]?.stringValue == "Hello  Bcc: victim@example.org")
    }

    @Test func unusableMessagesAreRefusedNamingTheField() throws {
        let server = try TestServer(modules: [], server: ["jobs": fastJobs])
        defer { server.stop() }
        let cases: [(MailMessage, String)] = [
            (MailMessage(to: MailAddress("not an address"), subject: "x", text: "x"), "to"),
            (MailMessage(to: MailAddress("a@b..c"), subject: "x", text: "x"), "to"),
            (MailMessage(to: MailAddress("a@example.org"), subject: "  ", text: "x"), "subject"),
            (MailMessage(to: MailAddress("a@example.org"), subject: "x", text: "x", replyTo: MailAddress("@x")), "replyTo"),
            (MailMessage(to: MailAddress("a@example.org"), subject: "x", text: "x", listUnsubscribe: "mailto:x@y"), "listUnsubscribe"),
            (MailMessage(to: MailAddress("a@example.org"), subject: "x", text: "x",
                         attachments: [MailAttachment(filename: "a.ics", contentType: "calendar", bytes: [])]), "attachments[0].contentType"),
        ]
        for (message, field) in cases {
            #expect(throws: MailError.self) {
                try server.storage.write { db in try server.application.services.mail.enqueue(message, in: db) }
            }
            do {
                try server.storage.write { db in try server.application.services.mail.enqueue(message, in: db) }
            } catch let error as MailError {
                #expect(error.field == field)
            }
        }
        #expect(try server.storage.read { try Outbox.entries(region: nil, limit: 10, in: $0) }.isEmpty)
    }

    @Test func metricsCountOutboxEntries() throws {
        let server = try TestServer(modules: [], server: ["jobs": fastJobs])
        defer { server.stop() }
        try server.storage.write { db in
            try server.application.services.mail.enqueue(MailMessage(to: MailAddress("d@example.org"), subject: "x", text: "x"), in: db)
        }
        #expect(eventually { ((try? server.client().send(.get, "/metrics").text) ?? "").contains("teilhabe_mail_outbox{state=\"sent\"} 1") })
    }
}
