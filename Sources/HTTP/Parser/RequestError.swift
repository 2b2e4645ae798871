/// Why the engine refused a request: the status it answers with and a sentence naming the
/// part of the request that was wrong, sent as the plain-text body.
struct RequestError: Error, Equatable, Sendable {
    var status: Status
    var message: String

    init(_ status: Status, _ message: String) {
        self.status = status
        self.message = message
    }
}

/// The limits the parser enforces, taken from `ServerConfiguration`.
struct ParserLimits: Sendable {
    var maxRequestLineBytes: Int
    var maxHeaderBytes: Int
    var maxHeaderCount: Int
    var maxBodyBytes: Int
    /// Longest chunk-size line, extensions included (not configurable: real clients send a few bytes).
    var maxChunkLineBytes = 4096

    init(maxRequestLineBytes: Int, maxHeaderBytes: Int, maxHeaderCount: Int, maxBodyBytes: Int) {
        self.maxRequestLineBytes = maxRequestLineBytes
        self.maxHeaderBytes = maxHeaderBytes
        self.maxHeaderCount = maxHeaderCount
        self.maxBodyBytes = maxBodyBytes
    }

    init(_ configuration: ServerConfiguration) {
        self.init(
            maxRequestLineBytes: configuration.maxRequestLineBytes,
            maxHeaderBytes: configuration.maxHeaderBytes,
            maxHeaderCount: configuration.maxHeaderCount,
            maxBodyBytes: configuration.maxBodyBytes
        )
    }
}
