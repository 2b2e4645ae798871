/// One client connection, owned by exactly one event loop and touched only on its thread.
final class Connection {
    enum TimeoutKind {
        /// A request head has started arriving but is not complete.
        case header
        /// The head is complete; the body is still arriving.
        case body
        /// Keep-alive: nothing received since the last response was written.
        case idle
        /// The client is not reading what we write.
        case write
        /// We closed our side after an error or `Connection: close` and wait for the client's.
        case linger
    }

    /// A dispatched request whose response has not been serialized yet. Responses are
    /// written strictly in this order, whatever order they are produced in.
    struct PendingResponse {
        var sequence: UInt32
        var response: Response?
        var isHead: Bool
        var keepAlive: Bool
        var version: Version
    }

    let fd: Int32
    let slot: Int
    /// Slot and generation, so that a late worker result never reaches a newer connection in the same slot.
    let key: UInt64
    let info: ConnectionInfo

    var parser: RequestParser
    /// Received bytes the parser has not consumed: an incomplete head or chunk line, or
    /// whole requests waiting because `maxPipelinedRequests` are in flight.
    var unparsed: [UInt8] = []
    /// Parsing stopped for lack of room, not for lack of bytes.
    var inputStalled = false
    var pending: [PendingResponse] = []
    var nextSequence: UInt32 = 0
    var output = OutputQueue()

    /// Edge-triggered readiness as last reported by epoll and not yet used up.
    var readable = false
    var writable = true
    /// epoll reported the client's FIN (or a hang-up); reads go on until they return 0.
    var peerHangUp = false
    /// The client sent FIN and we have read up to it.
    var inputClosed = false
    /// No further requests are read; the connection closes once `pending` is answered.
    var closing = false
    /// The engine refused a request; the client may still be sending its body.
    var refused = false
    var lingering = false
    var lingerDiscarded = 0
    var isOpen = true
    /// A head asked for `100 Continue`, to be sent once earlier responses are out.
    var continueRequested = false

    /// Bytes were written while the client was slow to read, which extends the write deadline.
    var madeWriteProgress = false
    /// `nextSequence` when the current deadline was armed.
    var deadlineSequence: UInt32 = 0
    var timeoutKind: TimeoutKind?
    var deadline: UInt64 = 0
    var previousInDeadlineList: Connection?
    var nextInDeadlineList: Connection?

    init(fd: Int32, slot: Int, key: UInt64, info: ConnectionInfo, limits: ParserLimits) {
        self.fd = fd
        self.slot = slot
        self.key = key
        self.info = info
        self.parser = RequestParser(limits: limits)
    }

    /// Nothing of a next request has arrived.
    var isBetweenRequests: Bool { unparsed.isEmpty && parser.isBetweenRequests }
}
