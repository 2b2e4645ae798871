import Foundation
import Kernel

/// A real SMTP server for tests: aiosmtpd (from PyPI when missing) on 127.0.0.1, writing
/// every accepted message to a folder with its envelope and session (TLS, login). It can
/// offer STARTTLS with a given certificate, require a login, and answer RCPT with 451 or
/// 550 to test retries and permanent failures.
public final class SMTPSink {
    public struct Options: Sendable {
        public enum Mode: String, Sendable {
            case accept
            /// 451 to the first `failures` RCPTs, then accept.
            case temporaryFailuresFirst = "tempfail-first"
            /// 451 to every RCPT.
            case temporaryFailure = "tempfail"
            /// 550 to every RCPT.
            case reject
        }

        public var mode: Mode = .accept
        public var failures = 2
        /// PEM certificate and key: STARTTLS is offered when set.
        public var certificate: (certificate: String, key: String)?
        /// A login the sink accepts (AUTH only after STARTTLS, as aiosmtpd insists).
        public var login: (user: String, password: String)?
        /// Mechanisms not to offer, e.g. ["PLAIN"] to force LOGIN.
        public var excludedMechanisms: [String] = []

        public init() {}
    }

    /// One message as the sink received it.
    public struct Received: Sendable {
        public var path: String
        public var mailFrom: String
        public var recipients: [String]
        public var mailOptions: [String]
        public var tls: Bool
        public var login: String?
        public var receivedAt: Double
    }

    public let port: Int
    public let directory: String
    private let process: Process
    private let input: Pipe

    static let script = #"""
        import json, os, socket, ssl, sys, time
        from aiosmtpd.controller import Controller
        from aiosmtpd.smtp import AuthResult

        config = json.loads(sys.argv[1])
        directory = config['directory']
        state = {'rcpt': 0, 'count': 0}

        class Handler:
            async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
                state['rcpt'] += 1
                mode = config['mode']
                if mode == 'tempfail' or (mode == 'tempfail-first' and state['rcpt'] <= config['failures']):
                    return '451 4.3.0 Try again later'
                if mode == 'reject':
                    return '550 5.1.1 No such user here'
                envelope.rcpt_tos.append(address)
                return '250 OK'

            async def handle_DATA(self, server, session, envelope):
                state['count'] += 1
                base = os.path.join(directory, '%06d' % state['count'])
                login = session.auth_data if session.authenticated else None
                meta = {'mail_from': envelope.mail_from, 'rcpt_tos': envelope.rcpt_tos,
                        'mail_options': envelope.mail_options, 'tls': session.ssl is not None,
                        'login': login, 'received_at': time.time()}
                with open(base + '.eml', 'wb') as f:
                    f.write(envelope.original_content)
                with open(base + '.partial', 'w') as f:
                    json.dump(meta, f)
                os.rename(base + '.partial', base + '.json')
                return '250 Message accepted'

        def authenticator(server, session, envelope, mechanism, auth_data):
            expected = config.get('login')
            ok = expected is not None and auth_data.login.decode() == expected[0] and auth_data.password.decode() == expected[1]
            return AuthResult(success=ok, auth_data=auth_data.login.decode() if ok else None)

        probe = socket.socket()
        probe.bind(('127.0.0.1', 0))
        port = probe.getsockname()[1]
        probe.close()
        options = {'auth_require_tls': True, 'auth_exclude_mechanism': config['exclude']}
        if config.get('login'):
            options['authenticator'] = authenticator
        if config.get('certificate'):
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(config['certificate'], config['key'])
            options['tls_context'] = context
        controller = Controller(Handler(), hostname='127.0.0.1', port=port, **options)
        controller.start()
        print('ready', port, flush=True)
        sys.stdin.read()
        controller.stop()
        """#

    public init(_ options: Options = Options()) throws {
        try PythonTool.require("aiosmtpd")
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("teilhabe-smtp-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var config: [String: Any] = [
            "directory": directory, "mode": options.mode.rawValue, "failures": options.failures,
            "exclude": options.excludedMechanisms,
        ]
        if let certificate = options.certificate {
            config["certificate"] = certificate.certificate
            config["key"] = certificate.key
        }
        if let login = options.login { config["login"] = [login.user, login.password] }
        let configText = String(decoding: try JSONSerialization.data(withJSONObject: config), as: UTF8.self)

        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", Self.script, configText]
        input = Pipe()
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty {
                let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                throw TestServerError("the SMTP sink did not start: \(message)")
            }
            line += chunk
        }
        let words = String(decoding: line, as: UTF8.self).split(whereSeparator: { $0 == " " || $0 == "\n" })
        guard words.count >= 2, words[0] == "ready", let port = Int(words[1]) else {
            throw TestServerError("the SMTP sink said: \(String(decoding: line, as: UTF8.self))")
        }
        self.port = port
    }

    /// Messages received so far, in order.
    public func messages() throws -> [Received] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".json") }.sorted()
        return try names.map { name in
            let path = (directory as NSString).appendingPathComponent(name)
            let meta = try JSONValue.parse(Array(try Data(contentsOf: URL(fileURLWithPath: path))))
            return Received(
                path: String(path.dropLast(".json".count)) + ".eml",
                mailFrom: meta["mail_from"]?.stringValue ?? "",
                recipients: meta["rcpt_tos"]?.arrayValue?.compactMap(\.stringValue) ?? [],
                mailOptions: meta["mail_options"]?.arrayValue?.compactMap(\.stringValue) ?? [],
                tls: meta["tls"]?.boolValue ?? false, login: meta["login"]?.stringValue,
                receivedAt: meta["received_at"]?.doubleValue ?? 0)
        }
    }

    /// Stops the server and removes its folder.
    public func stop() {
        try? input.fileHandleForWriting.close()
        for _ in 0..<100 where process.isRunning { usleep(50_000) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// A self-signed certificate for `localhost` and 127.0.0.1, made with openssl in `directory`.
    public static func selfSignedCertificate(in directory: String) throws -> (certificate: String, key: String) {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let certificate = directory + "/relay-cert.pem"
        let key = directory + "/relay-key.pem"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", certificate,
            "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw TestServerError("openssl could not make a certificate") }
        return (certificate, key)
    }
}
