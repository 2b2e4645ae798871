import Foundation
import Kernel
import TeilhabeTesting

/// Reads a message the way a mail client does: Python's `email` package (policy.default
/// decodes encoded-words, quoted-printable and base64) and reports what it found as JSON.
enum ReceivedMessage {
    static let script = #"""
        import sys, json, email
        from email import policy
        raw = open(sys.argv[1], 'rb').read()
        msg = email.message_from_bytes(raw, policy=policy.default)
        out = {}
        for name in ['From', 'To', 'Reply-To', 'Subject', 'Message-ID', 'Date', 'List-Unsubscribe',
                     'List-Unsubscribe-Post', 'MIME-Version', 'Bcc']:
            out[name] = None if msg[name] is None else str(msg[name])
        out['to_name'] = msg['To'].addresses[0].display_name
        out['to_address'] = msg['To'].addresses[0].addr_spec
        out['from_name'] = msg['From'].addresses[0].display_name
        out['content_type'] = msg.get_content_type()
        plain = msg.get_body(preferencelist=('plain',))
        html = msg.get_body(preferencelist=('html',))
        # Body text keeps the wire's CRLF line ends; compare with the message's LF text.
        out['text'] = plain.get_content().replace('\r\n', '\n') if plain is not None else None
        out['html'] = html.get_content().replace('\r\n', '\n') if html is not None else None
        out['reply_to_name'] = msg['Reply-To'].addresses[0].display_name if msg['Reply-To'] is not None else None
        out['attachments'] = []
        for part in msg.iter_attachments():
            content = part.get_content()
            if isinstance(content, str):
                content = content.encode('utf-8')
            out['attachments'].append({'filename': part.get_filename(), 'type': part.get_content_type(),
                                       'content': content.decode('utf-8')})
        lines = raw.split(b'\r\n')
        out['longest_line'] = max(len(line) for line in lines)
        out['long_lines'] = [line.decode('ascii', 'replace') for line in lines if len(line) > 78]
        out['bare_newlines'] = b'\n' in raw.replace(b'\r\n', b'')
        out['eight_bit'] = any(byte > 127 for byte in raw)
        defects = list(msg.defects)
        for part in msg.walk():
            defects += list(part.defects)
        out['defects'] = [type(d).__name__ for d in defects]
        print(json.dumps(out))
        """#

    /// What a mail client reads in the message file at `path`.
    static func parse(_ path: String) throws -> JSONValue {
        try PythonTool.require("email")
        let result = try PythonTool.run(["-c", script, path])
        guard result.status == 0 else { throw TestServerError("python could not read \(path): \(result.errors)") }
        return try JSONValue.parse(Array(result.output.utf8))
    }
}

/// A message using everything the renderer must encode.
let richMessage = MailMessage(
    to: MailAddress("amira@example.org", name: "Amira Al-Hakim, Beraterin – أميرة"),
    subject: "Ihre Buchung: Sprechstunde für Geflüchtete am Mittwoch, 18:00 Uhr — bitte bestätigen Sie Ihre Teilnahme 🙂",
    text: "Hallo Amira,\n\nIhre Buchung ist bestätigt. Grüße aus Köln!\n.\nEine Zeile, die mit einem Punkt beginnt.\n"
        + String(repeating: "Lange Zeile ohne Umbruch äöü ", count: 20),
    html: "<p>Hallo <b>Amira</b>, Ihre Buchung ist bestätigt.</p>",
    replyTo: MailAddress("team@lernort.example", name: "Team \"Lernort\""),
    listUnsubscribe: "https://teilhabe.example/demo/de/newsletter/unsubscribe?token=abc",
    attachments: [
        MailAttachment(filename: "termin-köln.ics", contentType: "text/calendar; method=PUBLISH; charset=utf-8",
                       bytes: Array("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n".utf8)),
    ])
