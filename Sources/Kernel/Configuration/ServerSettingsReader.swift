import HTTP

/// Validates the server file and maps environment variables onto its keys.
enum ServerSettingsReader {
    /// Environment variable → key path in the server file. Every key can be overridden.
    static let environmentKeys: [(variable: String, keyPath: String, kind: ValueKind)] = [
        ("TEILHABE_LISTEN", "listen", .list),
        ("TEILHABE_PUBLIC_URL", "publicURL", .string),
        ("TEILHABE_DATA", "dataDirectory", .string),
        ("TEILHABE_STORAGE", "storage", .string),
        ("TEILHABE_MIGRATE_ON_START", "migrateOnStart", .bool),
        ("TEILHABE_LOG_LEVEL", "logLevel", .string),
        ("TEILHABE_TRUSTED_PROXIES", "trustedProxies", .list),
        ("TEILHABE_EVENT_LOOPS", "threads.eventLoops", .integer),
        ("TEILHABE_WORKERS", "threads.workers", .integer),
        ("TEILHABE_WORKER_QUEUE", "threads.workerQueue", .integer),
        ("TEILHABE_MAX_REQUEST_LINE_BYTES", "limits.maxRequestLineBytes", .integer),
        ("TEILHABE_MAX_HEADER_BYTES", "limits.maxHeaderBytes", .integer),
        ("TEILHABE_MAX_HEADER_COUNT", "limits.maxHeaderCount", .integer),
        ("TEILHABE_MAX_BODY_BYTES", "limits.maxBodyBytes", .integer),
        ("TEILHABE_MAX_CONNECTIONS", "limits.maxConnections", .integer),
        ("TEILHABE_MAX_PIPELINED_REQUESTS", "limits.maxPipelinedRequests", .integer),
        ("TEILHABE_HEADER_READ_TIMEOUT", "timeouts.headerReadSeconds", .integer),
        ("TEILHABE_BODY_READ_TIMEOUT", "timeouts.bodyReadSeconds", .integer),
        ("TEILHABE_IDLE_TIMEOUT", "timeouts.idleSeconds", .integer),
        ("TEILHABE_SHUTDOWN_GRACE", "timeouts.shutdownGraceSeconds", .integer),
        ("TEILHABE_SECURE_COOKIES", "sessions.secureCookies", .bool),
        ("TEILHABE_SESSION_IDLE_MINUTES", "sessions.idleMinutes", .integer),
        ("TEILHABE_SESSION_LIFETIME_DAYS", "sessions.lifetimeDays", .integer),
        ("TEILHABE_JOB_WORKERS", "jobs.workers", .integer),
        ("TEILHABE_MAIL_TRANSPORT", "mail.transport", .string),
        ("TEILHABE_MAIL_FROM", "mail.from", .string),
        ("TEILHABE_SMTP_HOST", "mail.host", .string),
        ("TEILHABE_SMTP_PORT", "mail.port", .integer),
        ("TEILHABE_SMTP_STARTTLS", "mail.starttls", .string),
        ("TEILHABE_SMTP_USERNAME", "mail.username", .string),
        ("TEILHABE_SMTP_PASSWORD", "mail.password", .string),
        ("TEILHABE_SMTP_RATE", "mail.ratePerSecond", .number),
    ]

    enum ValueKind { case string, integer, number, bool, list }

    /// Applies `TEILHABE_*` overrides to the parsed file. `TEILHABE_PORT` replaces the port
    /// of every listen address. Returns key path → variable, so problems name the variable.
    static func applyEnvironment(
        _ environment: [String: String], to json: inout JSONValue, problems: ProblemCollector
    ) -> [String: String] {
        var origins: [String: String] = [:]
        for (variable, keyPath, kind) in environmentKeys {
            guard let text = environment[variable] else { continue }
            let value: JSONValue = switch kind {
            case .string: .string(text)
            case .integer: Int64(text).map(JSONValue.integer) ?? .string(text)
            case .number: Double(text).map(JSONValue.number) ?? .string(text)
            case .bool: ["true", "1", "yes"].contains(text.lowercased()) ? .bool(true)
                : ["false", "0", "no"].contains(text.lowercased()) ? .bool(false) : .string(text)
            case .list: .array(text.split(separator: ",").map { .string(String($0.trimmingASCIIWhitespace())) })
            }
            set(value, at: keyPath.split(separator: ".").map(String.init), in: &json)
            origins[keyPath] = variable
        }
        if let text = environment["TEILHABE_PORT"] {
            guard let port = Int(text), (0...65535).contains(port) else {
                problems.report("environment TEILHABE_PORT", "", "'\(text)' is not a port number (0–65535)")
                return origins
            }
            let listen = json["listen"]?.arrayValue?.compactMap(\.stringValue) ?? defaultListen
            let replaced = listen.map { address -> JSONValue in
                guard let bind = parseBindAddress(address) else { return .string(address) }
                return .string(ServerConfiguration.BindAddress(host: bind.host, port: port).description)
            }
            set(.array(replaced), at: ["listen"], in: &json)
            origins["listen"] = "TEILHABE_PORT"
        }
        return origins
    }

    private static func set(_ value: JSONValue, at path: [String], in json: inout JSONValue) {
        guard let key = path.first else {
            json = value
            return
        }
        var object = json.objectValue ?? [:]
        var child = object[key] ?? .object([:])
        set(value, at: Array(path.dropFirst()), in: &child)
        object[key] = child
        json = .object(object)
    }

    static let defaultListen = ["[::]:8080", "0.0.0.0:8080"]

    static func read(
        _ json: JSONValue, file: String, origins: [String: String], problems: ProblemCollector
    ) -> ServerSettings? {
        let local = ProblemCollector()
        defer {
            // A value from the environment is reported against its variable, not the file.
            for problem in local.problems {
                let origin = origins.first { problem.keyPath == $0.key || problem.keyPath.hasPrefix($0.key + ".") || problem.keyPath.hasPrefix($0.key + "[") }
                problems.report(origin.map { "environment \($0.value)" } ?? problem.file, problem.keyPath, problem.message)
            }
        }
        guard let root = ObjectReader(json, file: file, path: "", problems: local) else { return nil }
        root.rejectUnknownKeys([
            "listen", "publicURL", "dataDirectory", "storage", "migrateOnStart", "logLevel",
            "trustedProxies", "threads", "limits", "timeouts", "sessions", "mail", "jobs",
        ])

        var listen: [ServerConfiguration.BindAddress] = []
        for (index, text) in (root.strings("listen") ?? defaultListen).enumerated() {
            if let address = parseBindAddress(text) {
                listen.append(address)
            } else {
                local.report(file, "listen[\(index)]", "'\(text)' is not an address like 0.0.0.0:8080 or [::]:8080 (port 0–65535)")
            }
        }
        if listen.isEmpty, root.object["listen"] != nil {
            local.report(file, "listen", "needs at least one address")
        }

        let publicURL = root.string("publicURL") ?? "http://localhost:\(listen.first?.port ?? 8080)"
        if !(publicURL.hasPrefix("http://") || publicURL.hasPrefix("https://")) {
            local.report(file, "publicURL", "must start with http:// or https://")
        }
        let dataDirectory = root.string("dataDirectory") ?? "data"
        if dataDirectory.isEmpty { local.report(file, "dataDirectory", "must not be empty") }

        var storage = StorageLocation.sqlite(path: dataDirectory + "/teilhabe.sqlite")
        if let text = root.string("storage") {
            if let parsed = StorageLocation(parsing: text) {
                storage = parsed
            } else {
                local.report(file, "storage", "'\(text)' is not a storage URL (sqlite:<path> or postgresql://…)")
            }
        }

        var logLevel = Logger.Level.info
        if let text = root.string("logLevel") {
            if let level = Logger.Level(rawValue: text) {
                logLevel = level
            } else {
                local.report(file, "logLevel", "'\(text)' is not one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }

        var proxies: [IPAddressRange] = []
        for (index, text) in (root.strings("trustedProxies") ?? []).enumerated() {
            if let range = IPAddressRange(parsing: text) {
                proxies.append(range)
            } else {
                local.report(file, "trustedProxies[\(index)]", "'\(text)' is not an IP address or CIDR range")
            }
        }

        var http = ServerConfiguration(addresses: listen)
        if let threads = root.object("threads") {
            threads.rejectUnknownKeys(["eventLoops", "workers", "workerQueue"])
            // 0 means "choose from the number of cores".
            if let value = threads.integer("eventLoops", in: 0...256), value > 0 { http.eventLoopThreads = value }
            if let value = threads.integer("workers", in: 0...1024), value > 0 { http.workerThreads = value }
            if let value = threads.integer("workerQueue", in: 1...1_000_000) { http.workerQueueLimit = value }
        }
        if let limits = root.object("limits") {
            limits.rejectUnknownKeys([
                "maxRequestLineBytes", "maxHeaderBytes", "maxHeaderCount", "maxBodyBytes",
                "maxConnections", "maxPipelinedRequests",
            ])
            if let value = limits.integer("maxRequestLineBytes", in: 256...1_048_576) { http.maxRequestLineBytes = value }
            if let value = limits.integer("maxHeaderBytes", in: 1024...1_048_576) { http.maxHeaderBytes = value }
            if let value = limits.integer("maxHeaderCount", in: 8...1000) { http.maxHeaderCount = value }
            if let value = limits.integer("maxBodyBytes", in: 0...1_073_741_824) { http.maxBodyBytes = value }
            if let value = limits.integer("maxConnections", in: 1...1_000_000) { http.maxConnections = value }
            if let value = limits.integer("maxPipelinedRequests", in: 1...1024) { http.maxPipelinedRequests = value }
        }
        if let timeouts = root.object("timeouts") {
            timeouts.rejectUnknownKeys(["headerReadSeconds", "bodyReadSeconds", "idleSeconds", "shutdownGraceSeconds"])
            if let value = timeouts.integer("headerReadSeconds", in: 1...3600) { http.headerReadTimeout = .seconds(value) }
            if let value = timeouts.integer("bodyReadSeconds", in: 1...3600) { http.bodyReadTimeout = .seconds(value) }
            if let value = timeouts.integer("idleSeconds", in: 1...86400) { http.idleTimeout = .seconds(value) }
            if let value = timeouts.integer("shutdownGraceSeconds", in: 0...3600) { http.shutdownGracePeriod = .seconds(value) }
        }

        // Secure cookies unless the public address is plain http (local development).
        var sessions = SessionSettings(secureCookies: !publicURL.hasPrefix("http://"))
        if let reader = root.object("sessions") {
            reader.rejectUnknownKeys(["secureCookies", "idleMinutes", "lifetimeDays"])
            if let value = reader.bool("secureCookies") { sessions.secureCookies = value }
            if let value = reader.integer("idleMinutes", in: 1...43_200) { sessions.idleTimeout = .seconds(value * 60) }
            if let value = reader.integer("lifetimeDays", in: 1...365) { sessions.lifetime = .seconds(value * 86_400) }
        }
        let mail = MailSettings.read(root.object("mail"), publicURL: publicURL, file: file, problems: local)
        let jobs = JobSettings.read(root.object("jobs"))

        return ServerSettings(
            listen: listen, publicURL: publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL,
            dataDirectory: dataDirectory, storage: storage,
            migrateOnStart: root.bool("migrateOnStart") ?? true, logLevel: logLevel,
            trustedProxies: proxies, http: http, sessions: sessions, mail: mail, jobs: jobs)
    }

    /// `0.0.0.0:8080`, `127.0.0.1:0`, `[::]:8080`, `[::1]:8080`.
    static func parseBindAddress(_ text: String) -> ServerConfiguration.BindAddress? {
        let host: Substring
        let port: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else { return nil }
            host = text[text.index(after: text.startIndex)..<close]
            port = text[text.index(close, offsetBy: 2)...]
        } else {
            guard let colon = text.lastIndex(of: ":") else { return nil }
            host = text[..<colon]
            port = text[text.index(after: colon)...]
        }
        guard let number = Int(port), (0...65535).contains(number),
              let bytes = IPAddressRange.bytes(of: String(host)),
              text.hasPrefix("[") == (bytes.count == 16) else { return nil }
        return ServerConfiguration.BindAddress(host: String(host), port: number)
    }
}
