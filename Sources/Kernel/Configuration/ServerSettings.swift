import HTTP

/// The server file, `Configuration/teilhabe.json`, after environment overrides and
/// validation. Every key has a default, so an empty file (`{}`) is a working configuration.
public struct ServerSettings: Sendable {
    public var listen: [ServerConfiguration.BindAddress]
    /// Base URL for links the server sends out (mails, feeds), without a trailing slash.
    public var publicURL: String
    /// Where the server keeps its files (database, secrets, outgoing mail). Relative paths
    /// are resolved against the working directory.
    public var dataDirectory: String
    /// `sqlite:<path>`; a relative path is resolved against the data directory's parent,
    /// i.e. like any other relative path: against the working directory.
    public var storage: StorageLocation
    public var migrateOnStart: Bool
    public var logLevel: Logger.Level
    /// Addresses or CIDR ranges of reverse proxies whose `X-Forwarded-For`/`-Proto` are believed.
    public var trustedProxies: [IPAddressRange]
    /// HTTP engine settings: threads, limits, timeouts.
    public var http: ServerConfiguration
    /// Session lifetimes and cookie flags.
    public var sessions: SessionSettings
    /// How mail leaves the server (`.eml` files by default, or an SMTP relay).
    public var mail: MailSettings
    /// How this instance runs background jobs.
    public var jobs: JobSettings

    public init(
        listen: [ServerConfiguration.BindAddress], publicURL: String, dataDirectory: String,
        storage: StorageLocation, migrateOnStart: Bool, logLevel: Logger.Level,
        trustedProxies: [IPAddressRange], http: ServerConfiguration, sessions: SessionSettings = SessionSettings(),
        mail: MailSettings = MailSettings(), jobs: JobSettings = JobSettings()
    ) {
        self.listen = listen
        self.publicURL = publicURL
        self.dataDirectory = dataDirectory
        self.storage = storage
        self.migrateOnStart = migrateOnStart
        self.logLevel = logLevel
        self.trustedProxies = trustedProxies
        self.http = http
        self.sessions = sessions
        self.mail = mail
        self.jobs = jobs
    }
}

/// Where the data lives.
public enum StorageLocation: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    case postgresql(url: String)

    /// Parses `sqlite:<path>` or `postgresql://…`/`postgres://…`.
    public init?(parsing text: String) {
        if text.hasPrefix("sqlite:") {
            let path = String(text.dropFirst("sqlite:".count))
            guard !path.isEmpty else { return nil }
            self = .sqlite(path: path)
        } else if text.hasPrefix("postgresql://") || text.hasPrefix("postgres://") {
            self = .postgresql(url: text)
        } else {
            return nil
        }
    }

    public var description: String {
        switch self {
        case .sqlite(let path): "sqlite:\(path)"
        case .postgresql: "postgresql://…"
        }
    }
}
