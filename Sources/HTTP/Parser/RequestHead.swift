/// What the parser has learned from a request head so far: the request line, the fields in
/// order, and the facts about framing and connection handling that the fields carry.
struct RequestHead {
    var method = Method.get
    var target = ""
    var version = Version.http1_1
    var fields: [Headers.Field] = []

    /// The agreed value of every Content-Length field; nil when there was none.
    var contentLength: Int?
    var hasTransferEncoding = false
    /// How many codings named `chunked`, and whether the last coding was `chunked`.
    var chunkedCodings = 0
    var lastCodingIsChunked = false
    /// The first coding other than `chunked`, which this server does not decode.
    var unsupportedCoding: String?
    var hostCount = 0
    var connectionClose = false
    var connectionKeepAlive = false
    var expectsContinue = false
    var unsupportedExpectation: String?

    /// Persistence per RFC 9112 §9.3: 1.1 stays open unless told otherwise, 1.0 only if asked.
    var keepAlive: Bool {
        if connectionClose { return false }
        return version == .http1_1 || connectionKeepAlive
    }
}

extension RequestHead {
    /// Records what a field means for framing and connection handling (RFC 9112 §6, §9.6;
    /// RFC 9110 §7.2, §10.1.1). Field names compare case-insensitively.
    mutating func note(name: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) -> RequestError? {
        switch name.count {
        case 4 where name.equalsIgnoringASCIICase("host"):
            hostCount += 1
            guard value.allSatisfy(\.isHostCharacter) else {
                return RequestError(.badRequest, "Host header field '\(value.string)' is not a valid host")
            }
        case 6 where name.equalsIgnoringASCIICase("expect"):
            if value.equalsIgnoringASCIICase("100-continue") {
                expectsContinue = true
            } else if unsupportedExpectation == nil {
                unsupportedExpectation = value.string
            }
        case 10 where name.equalsIgnoringASCIICase("connection"):
            value.forEachListElement { option in
                if option.equalsIgnoringASCIICase("close") { connectionClose = true }
                if option.equalsIgnoringASCIICase("keep-alive") { connectionKeepAlive = true }
            }
        case 14 where name.equalsIgnoringASCIICase("content-length"):
            return noteContentLength(value)
        case 17 where name.equalsIgnoringASCIICase("transfer-encoding"):
            hasTransferEncoding = true
            value.forEachListElement { coding in
                if coding.equalsIgnoringASCIICase("chunked") {
                    chunkedCodings += 1
                    lastCodingIsChunked = true
                } else {
                    lastCodingIsChunked = false
                    if unsupportedCoding == nil { unsupportedCoding = coding.string }
                }
            }
        default:
            break
        }
        return nil
    }

    /// Content-Length may repeat (or be a list) only with one value (RFC 9110 §8.6); a value
    /// too large for an Int is kept as `Int.max`, so that it is refused as too large.
    private mutating func noteContentLength(_ value: UnsafeRawBufferPointer) -> RequestError? {
        var error: RequestError?
        var sawElement = false
        value.forEachListElement { element in
            guard error == nil else { return }
            sawElement = true
            guard element.allSatisfy(\.isDecimalDigit) else {
                error = RequestError(.badRequest, "Content-Length '\(value.string)' is not a number")
                return
            }
            var length = 0
            for digit in element {
                let (shifted, overflow) = length.multipliedReportingOverflow(by: 10)
                guard !overflow, shifted <= Int.max - Int(digit &- 0x30) else {
                    length = Int.max
                    break
                }
                length = shifted + Int(digit &- 0x30)
            }
            if let existing = contentLength, existing != length {
                error = RequestError(.badRequest, "conflicting Content-Length values")
                return
            }
            contentLength = length
        }
        if !sawElement, error == nil {
            error = RequestError(.badRequest, "Content-Length is empty")
        }
        return error
    }
}

extension UnsafeRawBufferPointer {
    /// Calls `body` with each non-empty, trimmed element of a comma-separated list (RFC 9110 §5.6.1).
    func forEachListElement(_ body: (UnsafeRawBufferPointer) -> Void) {
        var start = 0
        while start <= count {
            let end = firstIndex(of: UInt8(ascii: ","), from: start) ?? count
            let element = slice(start..<end).trimmingOptionalWhitespace()
            if !element.isEmpty { body(element) }
            start = end + 1
        }
    }
}
