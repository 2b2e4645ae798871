/// An incremental HTTP/1.1 request parser over bytes (RFC 9112).
///
/// The caller keeps the bytes the parser has not consumed and presents them again, followed
/// by newly read ones, on the next call. A head is consumed only once it is complete (its
/// scan position is remembered, so each byte is looked at once); body bytes are consumed as
/// they arrive. Limits are checked as early as the bytes allow: a too-long request line is
/// refused before its end arrives, a too-large Content-Length before the body is sent.
struct RequestParser {
    enum Outcome {
        /// Everything given was used or kept; read more.
        case needMoreData
        /// The head asks for `100 Continue` and is acceptable; the body comes next.
        case expectsContinue
        case request(Request, keepAlive: Bool)
        /// The request is refused; the connection must answer and close (the framing is lost).
        case failed(RequestError)
    }

    private enum Stage {
        case head
        case fixedBody(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailers
    }

    /// Progress through a head that has not fully arrived, relative to its first byte.
    private struct HeadScan {
        var scanned = 0
        var lineStart = 0
        var fieldsStart = -1
        var fieldCount = 0
        var sawRequestLine: Bool { fieldsStart >= 0 }
    }

    let limits: ParserLimits
    private var stage = Stage.head
    private var scan = HeadScan()
    private var head = RequestHead()
    private var target = RequestTarget(path: "/", query: nil, segments: [])
    private var body: [UInt8] = []
    private var trailerBytes = 0
    private var trailerCount = 0

    init(limits: ParserLimits) {
        self.limits = limits
    }

    /// True between requests: no byte of the next request has been consumed or scanned.
    var isBetweenRequests: Bool {
        if case .head = stage { return scan.scanned == 0 }
        return false
    }

    /// The method and raw path of the request being parsed, once its request line was read
    /// (for logging a refusal).
    var requestLine: (method: Method, path: String)? {
        guard scan.sawRequestLine || isReadingBody, !head.target.isEmpty else { return nil }
        return (head.method, String(head.target.prefix { $0 != "?" }))
    }

    /// True once the head is complete and the body is being read.
    var isReadingBody: Bool {
        if case .head = stage { return false }
        return true
    }

    /// Parses from the start of `input` and reports how many bytes it consumed.
    mutating func parse(_ input: UnsafeRawBufferPointer) -> (consumed: Int, outcome: Outcome) {
        var offset = 0
        while true {
            switch stage {
            case .head:
                // RFC 9112 §2.2: ignore empty lines before a request line (some clients send
                // an extra CRLF after a body).
                if scan.scanned == 0 {
                    while input.count - offset >= 2, input[offset] == .cr, input[offset + 1] == .lf { offset += 2 }
                }
                switch scanHead(input.slice(offset..<input.count)) {
                case .incomplete:
                    return (offset, .needMoreData)
                case .failed(let error):
                    return (offset, .failed(error))
                case .complete(let length):
                    offset += length
                    switch finishHead() {
                    case .failed(let error):
                        return (offset, .failed(error))
                    case .request(let request, let keepAlive):
                        return (offset, .request(request, keepAlive: keepAlive))
                    case .expectsContinue:
                        return (offset, .expectsContinue)
                    case .needMoreData:
                        continue
                    }
                }

            case .fixedBody(let remaining):
                let taken = min(remaining, input.count - offset)
                body.append(contentsOf: input.slice(offset..<offset + taken))
                offset += taken
                if taken < remaining {
                    stage = .fixedBody(remaining: remaining - taken)
                    return (offset, .needMoreData)
                }
                return (offset, completeRequest())

            case .chunkSize:
                let rest = input.slice(offset..<input.count)
                guard let newline = rest.firstIndex(of: .lf, from: 0) else {
                    if rest.count > limits.maxChunkLineBytes {
                        return (offset, .failed(RequestError(.badRequest, "chunk size line is longer than \(limits.maxChunkLineBytes) bytes")))
                    }
                    return (offset, .needMoreData)
                }
                guard newline > 0, rest[newline - 1] == .cr else {
                    return (offset, .failed(RequestError(.badRequest, "chunk size line ends in a bare LF")))
                }
                switch chunkSize(rest.slice(0..<newline - 1)) {
                case .failure(let error):
                    return (offset, .failed(error))
                case .success(0):
                    stage = .trailers
                case .success(let size):
                    stage = .chunkData(remaining: size)
                }
                offset += newline + 1

            case .chunkData(let remaining):
                let taken = min(remaining, input.count - offset)
                body.append(contentsOf: input.slice(offset..<offset + taken))
                offset += taken
                if taken < remaining {
                    stage = .chunkData(remaining: remaining - taken)
                    return (offset, .needMoreData)
                }
                stage = .chunkDataEnd

            case .chunkDataEnd:
                let available = input.count - offset
                if available >= 1, input[offset] != .cr || (available >= 2 && input[offset + 1] != .lf) {
                    return (offset, .failed(RequestError(.badRequest, "chunk data is not followed by CRLF")))
                }
                guard available >= 2 else { return (offset, .needMoreData) }
                offset += 2
                stage = .chunkSize

            case .trailers:
                let rest = input.slice(offset..<input.count)
                guard let newline = rest.firstIndex(of: .lf, from: 0) else {
                    if trailerBytes + rest.count > limits.maxHeaderBytes + 1 {
                        return (offset, .failed(RequestError(.requestHeaderFieldsTooLarge, "trailer section is larger than \(limits.maxHeaderBytes) bytes")))
                    }
                    return (offset, .needMoreData)
                }
                guard newline > 0, rest[newline - 1] == .cr else {
                    return (offset, .failed(RequestError(.badRequest, "trailer line ends in a bare LF")))
                }
                offset += newline + 1
                if newline == 1 { return (offset, completeRequest()) }
                trailerBytes += newline + 1
                trailerCount += 1
                if trailerBytes > limits.maxHeaderBytes {
                    return (offset, .failed(RequestError(.requestHeaderFieldsTooLarge, "trailer section is larger than \(limits.maxHeaderBytes) bytes")))
                }
                if trailerCount > limits.maxHeaderCount {
                    return (offset, .failed(RequestError(.requestHeaderFieldsTooLarge, "more than \(limits.maxHeaderCount) trailer fields")))
                }
                // Trailer fields are checked for syntax and dropped: merging them into the
                // header fields could let a client smuggle fields past earlier checks.
                if case .failure(let error) = Self.field(rest.slice(0..<newline - 1)) {
                    return (offset, .failed(error))
                }
            }
        }
    }

    // MARK: - Head

    private enum HeadScanResult {
        case incomplete
        case complete(length: Int)
        case failed(RequestError)
    }

    /// Looks for the end of the head line by line, parsing each complete line once.
    private mutating func scanHead(_ input: UnsafeRawBufferPointer) -> HeadScanResult {
        while let newline = input.firstIndex(of: .lf, from: scan.scanned) {
            scan.scanned = newline + 1
            guard newline > scan.lineStart, input[newline - 1] == .cr else {
                return .failed(RequestError(.badRequest, "request head line ends in a bare LF (CRLF required)"))
            }
            let line = input.slice(scan.lineStart..<newline - 1)
            scan.lineStart = newline + 1
            if !scan.sawRequestLine {
                if line.count > limits.maxRequestLineBytes {
                    return .failed(requestLineTooLong)
                }
                scan.fieldsStart = newline + 1
                if let error = parseRequestLine(line) { return .failed(error) }
            } else if line.isEmpty {
                return .complete(length: newline + 1)
            } else {
                scan.fieldCount += 1
                if scan.fieldCount > limits.maxHeaderCount {
                    return .failed(RequestError(.requestHeaderFieldsTooLarge, "more than \(limits.maxHeaderCount) header fields"))
                }
                if newline + 1 - scan.fieldsStart > limits.maxHeaderBytes {
                    return .failed(headerSectionTooLarge)
                }
                switch Self.field(line) {
                case .failure(let error):
                    return .failed(error)
                case .success(let field):
                    if let error = head.note(name: line.slice(0..<field.nameLength), value: field.value) {
                        return .failed(error)
                    }
                    if head.fields.isEmpty { head.fields.reserveCapacity(16) }
                    head.fields.append(Headers.Field(name: field.name, value: field.value.string))
                }
            }
        }
        scan.scanned = input.count
        // The line still arriving may already be over a limit; say so without waiting for its end.
        if !scan.sawRequestLine {
            if input.count - scan.lineStart > limits.maxRequestLineBytes + 1 { return .failed(requestLineTooLong) }
        } else if input.count - scan.fieldsStart > limits.maxHeaderBytes + 1 {
            return .failed(headerSectionTooLarge)
        }
        return .incomplete
    }

    private var requestLineTooLong: RequestError {
        RequestError(.uriTooLong, "request line is longer than \(limits.maxRequestLineBytes) bytes")
    }

    private var headerSectionTooLarge: RequestError {
        RequestError(.requestHeaderFieldsTooLarge, "header section is larger than \(limits.maxHeaderBytes) bytes")
    }

    /// `method SP request-target SP HTTP-version` (RFC 9112 §3).
    private mutating func parseRequestLine(_ line: UnsafeRawBufferPointer) -> RequestError? {
        guard let firstSpace = line.firstIndex(of: .space, from: 0),
              let secondSpace = line.firstIndex(of: .space, from: firstSpace + 1)
        else {
            return RequestError(.badRequest, "request line must be 'METHOD target HTTP/1.1'")
        }
        let method = line.slice(0..<firstSpace)
        guard !method.isEmpty, method.allSatisfy(\.isTokenCharacter) else {
            return RequestError(.badRequest, "request method is not a token")
        }
        let target = line.slice(firstSpace + 1..<secondSpace)
        guard !target.isEmpty, target.allSatisfy(\.isTargetCharacter) else {
            return RequestError(.badRequest, "request target is empty or holds a space, control or non-ASCII byte")
        }
        switch Self.version(line.slice(secondSpace + 1..<line.count)) {
        case .failure(let error):
            return error
        case .success(let version):
            head.version = version
        }
        head.method = Self.method(method)
        head.target = target.string
        return nil
    }

    private static func version(_ bytes: UnsafeRawBufferPointer) -> Result<Version, RequestError> {
        guard bytes.count == 8, bytes.slice(0..<5).equals("HTTP/"), bytes[5].isDecimalDigit,
              bytes[6] == UInt8(ascii: "."), bytes[7].isDecimalDigit
        else {
            return .failure(RequestError(.badRequest, "malformed HTTP version '\(bytes.string)'"))
        }
        guard bytes[5] == UInt8(ascii: "1") else {
            return .failure(RequestError(.httpVersionNotSupported, "\(bytes.string) is not supported; use HTTP/1.1"))
        }
        // RFC 9110 §2.5: a higher minor version is handled as the highest one we implement.
        return .success(bytes[7] == UInt8(ascii: "0") ? .http1_0 : .http1_1)
    }

    /// The common methods reuse their constants instead of building a String.
    private static func method(_ bytes: UnsafeRawBufferPointer) -> Method {
        switch bytes.count {
        case 3 where bytes.equals("GET"): .get
        case 3 where bytes.equals("PUT"): .put
        case 4 where bytes.equals("POST"): .post
        case 4 where bytes.equals("HEAD"): .head
        case 5 where bytes.equals("PATCH"): .patch
        case 6 where bytes.equals("DELETE"): .delete
        case 7 where bytes.equals("OPTIONS"): .options
        default: Method(bytes.string)
        }
    }

    struct FieldLine {
        var name: String
        var nameLength: Int
        var value: UnsafeRawBufferPointer
    }

    /// `field-name ":" OWS field-value OWS` (RFC 9112 §5), strictly: no folding, no space
    /// before the colon, no control characters.
    static func field(_ line: UnsafeRawBufferPointer) -> Result<FieldLine, RequestError> {
        if line[0].isOptionalWhitespace {
            return .failure(RequestError(.badRequest, "header line starts with whitespace (obsolete line folding is not accepted)"))
        }
        var colon = 0
        while colon < line.count, line[colon].isTokenCharacter { colon += 1 }
        guard colon < line.count, line[colon] == UInt8(ascii: ":") else {
            let prefix = line.slice(0..<colon).string
            if colon < line.count, line[colon].isOptionalWhitespace {
                return .failure(RequestError(.badRequest, "whitespace between header field name '\(prefix)' and colon"))
            }
            return .failure(RequestError(.badRequest, "header line '\(prefix)…' has an invalid character before its colon"))
        }
        guard colon > 0 else {
            return .failure(RequestError(.badRequest, "header line has an empty field name"))
        }
        let name = line.slice(0..<colon).string
        let value = line.slice(colon + 1..<line.count).trimmingOptionalWhitespace()
        guard value.allSatisfy(\.isFieldValueCharacter) else {
            return .failure(RequestError(.badRequest, "header field '\(name)' holds a control character"))
        }
        return .success(FieldLine(name: name, nameLength: colon, value: value))
    }

    /// Decides framing and validity once the head is complete (RFC 9112 §6.3, §3.2).
    private mutating func finishHead() -> Outcome {
        if head.hostCount > 1 {
            return .failed(RequestError(.badRequest, "more than one Host header field"))
        }
        if head.version == .http1_1, head.hostCount == 0 {
            return .failed(RequestError(.badRequest, "missing Host header field (required in HTTP/1.1)"))
        }
        let chunked: Bool
        if head.hasTransferEncoding {
            if head.contentLength != nil {
                return .failed(RequestError(.badRequest, "request has both Transfer-Encoding and Content-Length"))
            }
            if head.version == .http1_0 {
                return .failed(RequestError(.badRequest, "Transfer-Encoding is not allowed in an HTTP/1.0 request"))
            }
            if let coding = head.unsupportedCoding {
                return .failed(RequestError(.notImplemented, "transfer coding '\(coding)' is not supported; only chunked is"))
            }
            guard head.chunkedCodings == 1, head.lastCodingIsChunked else {
                return .failed(RequestError(.badRequest, "Transfer-Encoding must name chunked once, as the last coding"))
            }
            chunked = true
        } else {
            chunked = false
        }
        let length = head.contentLength ?? 0
        if length > limits.maxBodyBytes {
            let size = length == Int.max ? "a Content-Length beyond any limit" : "\(length) bytes"
            return .failed(RequestError(.contentTooLarge, "request body of \(size) exceeds the limit of \(limits.maxBodyBytes) bytes"))
        }
        if let expectation = head.unsupportedExpectation {
            return .failed(RequestError(.expectationFailed, "expectation '\(expectation)' is not supported; only 100-continue is"))
        }
        switch RequestTarget.parse(head.target, method: head.method) {
        case .failure(let error):
            return .failed(error)
        case .success(let parsed):
            target = parsed
        }
        if chunked {
            stage = .chunkSize
        } else if length > 0 {
            body.reserveCapacity(min(length, 64 * 1024))
            stage = .fixedBody(remaining: length)
        } else {
            return completeRequest()
        }
        // RFC 9110 §10.1.1: a server ignores 100-continue from an HTTP/1.0 client.
        return head.expectsContinue && head.version == .http1_1 ? .expectsContinue : .needMoreData
    }

    private func chunkSize(_ line: UnsafeRawBufferPointer) -> Result<Int, RequestError> {
        var index = 0, size = 0
        while index < line.count, let digit = line[index].hexDigitValue {
            guard size <= (limits.maxBodyBytes >> 4) + 1 else {
                return .failure(bodyTooLarge)
            }
            size = size << 4 | digit
            index += 1
        }
        guard index > 0 else {
            return .failure(RequestError(.badRequest, "chunk size is not a hexadecimal number"))
        }
        let extensions = line.slice(index..<line.count)
        let rest = extensions.trimmingOptionalWhitespace()
        if !rest.isEmpty, rest[0] != UInt8(ascii: ";") || !rest.allSatisfy(\.isFieldValueCharacter) {
            return .failure(RequestError(.badRequest, "invalid chunk extension after chunk size"))
        }
        if body.count + size > limits.maxBodyBytes { return .failure(bodyTooLarge) }
        return .success(size)
    }

    private var bodyTooLarge: RequestError {
        RequestError(.contentTooLarge, "chunked request body exceeds the limit of \(limits.maxBodyBytes) bytes")
    }

    /// Hands out the finished request and resets for the next one on the connection.
    private mutating func completeRequest() -> Outcome {
        let finished = head
        let request = Request(
            method: finished.method, target: finished.target, path: target.path, query: target.query,
            pathSegments: target.segments, version: finished.version,
            headers: Headers(fields: finished.fields), body: body
        )
        stage = .head
        scan = HeadScan()
        head = RequestHead()
        body = []
        trailerBytes = 0
        trailerCount = 0
        return .request(request, keepAlive: finished.keepAlive)
    }
}

extension UInt8 {
    static let cr = UInt8(ascii: "\r")
    static let lf = UInt8(ascii: "\n")
    static let space = UInt8(ascii: " ")
}

extension UnsafeRawBufferPointer {
    /// Byte-wise equality with an ASCII literal.
    func equals(_ literal: StaticString) -> Bool {
        guard count == literal.utf8CodeUnitCount, let base = baseAddress else {
            return count == 0 && literal.utf8CodeUnitCount == 0
        }
        return memcmp(base, literal.utf8Start, count) == 0
    }
}

#if canImport(Glibc)
import Glibc
#endif
