import Foundation

/// One delivery through an SMTP relay (RFC 5321): greeting, EHLO, STARTTLS when offered and
/// wanted (then EHLO again), AUTH PLAIN or LOGIN, SIZE, MAIL/RCPT/DATA with dot-stuffing,
/// QUIT. Replies 4xx are temporary failures, 5xx permanent, anything unexpected temporary.
struct SMTPClient {
    var settings: SMTPSettings

    /// A relay's reply: its code and text lines.
    struct Reply {
        var code: Int
        var lines: [String]
        var text: String { "\(code) \(lines.joined(separator: " / "))" }
    }

    /// What the relay offered in its EHLO reply.
    struct Extensions {
        var keywords: [String: [String]] = [:]

        init(_ reply: Reply) {
            for line in reply.lines.dropFirst() {
                let words = line.split(separator: " ").map(String.init)
                guard let keyword = words.first?.uppercased() else { continue }
                keywords[keyword] = Array(words.dropFirst()).map { $0.uppercased() }
            }
        }

        func offers(_ keyword: String) -> Bool { keywords[keyword] != nil }
        var authMechanisms: [String] { keywords["AUTH"] ?? [] }
        var sizeLimit: Int? { keywords["SIZE"]?.first.flatMap { Int($0) }.flatMap { $0 > 0 ? $0 : nil } }
    }

    func send(_ mail: OutgoingMail) throws(MailDeliveryError) {
        let connection = try SMTPConnection.open(host: settings.host, port: settings.port, timeout: settings.timeout)
        defer { connection.close() }
        try expect(try reply(connection), 220, during: "greeting")
        var extensions = try hello(connection)
        if settings.starttls != .off {
            if extensions.offers("STARTTLS") {
                try expect(try command("STARTTLS", on: connection), 220, during: "STARTTLS")
                try connection.startTLS(host: settings.host, settings: settings)
                extensions = try hello(connection)
            } else if settings.starttls == .required {
                throw .temporary("\(settings.host) does not offer STARTTLS, and mail.starttls is 'required'")
            }
        }
        if let username = settings.username {
            try authenticate(username: username, password: settings.password ?? "", extensions: extensions, on: connection)
        }
        if let limit = extensions.sizeLimit, mail.bytes.count > limit {
            throw .permanent("the message has \(mail.bytes.count) bytes; \(settings.host) accepts at most \(limit)")
        }
        let size = extensions.offers("SIZE") ? " SIZE=\(mail.bytes.count)" : ""
        try expect(try command("MAIL FROM:<\(mail.sender)>\(size)", on: connection), 250, during: "MAIL FROM")
        for recipient in mail.recipients {
            let answer = try command("RCPT TO:<\(recipient)>", on: connection)
            guard answer.code == 250 || answer.code == 251 else { throw failure(answer, during: "RCPT TO <\(recipient)>") }
        }
        try expect(try command("DATA", on: connection), 354, during: "DATA")
        try connection.write(Self.dotStuffed(mail.bytes) + Array(".\r\n".utf8))
        try expect(try reply(connection), 250, during: "the end of DATA")
        // The message is accepted; a failing QUIT changes nothing.
        _ = try? command("QUIT", on: connection)
    }

    private func hello(_ connection: SMTPConnection) throws(MailDeliveryError) -> Extensions {
        let answer = try command("EHLO \(settings.heloName)", on: connection)
        try expect(answer, 250, during: "EHLO")
        return Extensions(answer)
    }

    private func authenticate(username: String, password: String, extensions: Extensions, on connection: SMTPConnection) throws(MailDeliveryError) {
        guard connection.isEncrypted || settings.starttls == .off else {
            throw .temporary("not sending the SMTP password to \(settings.host) without TLS (set mail.starttls to 'required')")
        }
        let mechanisms = extensions.authMechanisms
        let answer: Reply
        if mechanisms.contains("PLAIN") {
            let credentials = Data([0] + Array(username.utf8) + [0] + Array(password.utf8)).base64EncodedString()
            answer = try command("AUTH PLAIN \(credentials)", on: connection)
        } else if mechanisms.contains("LOGIN") {
            try expect(try command("AUTH LOGIN", on: connection), 334, during: "AUTH LOGIN")
            try expect(try command(Data(username.utf8).base64EncodedString(), on: connection), 334, during: "AUTH LOGIN")
            answer = try command(Data(password.utf8).base64EncodedString(), on: connection)
        } else {
            throw .temporary("\(settings.host) offers no AUTH PLAIN or LOGIN (offered: \(mechanisms.joined(separator: " ")))")
        }
        // A refused login is the operator's to fix; keep the mail queued meanwhile.
        guard answer.code == 235 else {
            throw .temporary("\(settings.host) refused the login of '\(username)': \(answer.text) (check mail.username and mail.password)")
        }
    }

    private func command(_ line: String, on connection: SMTPConnection) throws(MailDeliveryError) -> Reply {
        try connection.write(Array((line + "\r\n").utf8))
        return try reply(connection)
    }

    private func reply(_ connection: SMTPConnection) throws(MailDeliveryError) -> Reply {
        var lines: [String] = []
        while true {
            let line = try connection.readLine()
            let bytes = Array(line.utf8)
            guard bytes.count >= 3, let code = Int(String(decoding: bytes[0..<3], as: UTF8.self)) else {
                throw .temporary("\(settings.host) sent a malformed reply: \(line.prefix(80))")
            }
            lines.append(bytes.count > 4 ? String(decoding: bytes[4...], as: UTF8.self) : "")
            if bytes.count == 3 || bytes[3] != UInt8(ascii: "-") { return Reply(code: code, lines: lines) }
            guard lines.count < 100 else { throw .temporary("\(settings.host) sent a reply of more than 100 lines") }
        }
    }

    private func expect(_ reply: Reply, _ code: Int, during step: String) throws(MailDeliveryError) {
        guard reply.code == code else { throw failure(reply, during: step) }
    }

    private func failure(_ reply: Reply, during step: String) -> MailDeliveryError {
        let message = "\(settings.host) answered \(reply.text) to \(step)"
        return (500...599).contains(reply.code) ? .permanent(message) : .temporary(message)
    }

    /// The message with a `.` doubled at the start of every line (RFC 5321 §4.5.2), ending
    /// in CRLF.
    static func dotStuffed(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + 64)
        var atLineStart = true
        for byte in bytes {
            if atLineStart && byte == UInt8(ascii: ".") { output.append(byte) }
            output.append(byte)
            atLineStart = byte == UInt8(ascii: "\n")
        }
        if !output.suffix(2).elementsEqual([13, 10]) { output += [13, 10] }
        return output
    }
}
