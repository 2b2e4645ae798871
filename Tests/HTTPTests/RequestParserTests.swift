@testable import HTTP
import Testing

/// What the parser produced from a byte stream.
struct ParsedStream {
    var requests: [(request: Request, keepAlive: Bool)] = []
    var error: RequestError?
    var continueRequests = 0
}

/// Feeds `text` to a parser in chunks of `chunkSize` bytes, keeping unconsumed bytes the way
/// a connection does, until the input ends or the parser fails.
func parse(_ text: String, chunkSize: Int? = nil, limits: ParserLimits = .testing) -> ParsedStream {
    parse(Array(text.utf8), chunkSize: chunkSize, limits: limits)
}

func parse(_ bytes: [UInt8], chunkSize: Int? = nil, limits: ParserLimits = .testing) -> ParsedStream {
    var parser = RequestParser(limits: limits)
    var unconsumed: [UInt8] = []
    var result = ParsedStream()
    let size = max(1, chunkSize ?? bytes.count)
    var start = 0
    while start < bytes.count {
        unconsumed += bytes[start..<min(start + size, bytes.count)]
        start += size
        parsing: while !unconsumed.isEmpty {
            let (used, outcome) = unconsumed.withUnsafeBytes { parser.parse($0) }
            unconsumed.removeFirst(used)
            switch outcome {
            case .needMoreData:
                break parsing
            case .expectsContinue:
                result.continueRequests += 1
            case .request(let request, let keepAlive):
                result.requests.append((request, keepAlive))
            case .failed(let error):
                result.error = error
                return result
            }
        }
    }
    return result
}

extension ParserLimits {
    static let testing = ParserLimits(maxRequestLineBytes: 100, maxHeaderBytes: 200, maxHeaderCount: 5, maxBodyBytes: 64)
}

@Suite struct RequestParserTests {
    @Test func parsesASimpleRequest() throws {
        let result = parse("GET /de/workshops?topic=a%20b HTTP/1.1\r\nHost: example.org\r\nAccept: text/html\r\n\r\n")
        let (request, keepAlive) = try #require(result.requests.first)
        #expect(result.error == nil)
        #expect(request.method == .get)
        #expect(request.target == "/de/workshops?topic=a%20b")
        #expect(request.path == "/de/workshops")
        #expect(request.query == "topic=a%20b")
        #expect(request.queryValue("topic") == "a b")
        #expect(request.pathSegments == ["de", "workshops"])
        #expect(request.version == .http1_1)
        #expect(request.headers["host"] == "example.org")
        #expect(request.headers["Accept"] == "text/html")
        #expect(request.body.isEmpty)
        #expect(keepAlive)
    }

    @Test func decodesThePathOnceBySegment() throws {
        let result = parse("GET /a%20b/c%2Fd/%C3%BC/ HTTP/1.1\r\nHost: x\r\n\r\n")
        let request = try #require(result.requests.first?.request)
        #expect(request.pathSegments == ["a b", "c/d", "ü", ""])
        #expect(request.path == "/a%20b/c%2Fd/%C3%BC/")
    }

    @Test(arguments: ["/a%zz", "/a%2", "/%ff", "/ok/%"])
    func refusesMalformedPercentEscapes(path: String) {
        let result = parse("GET \(path) HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(result.error?.status == .badRequest)
        #expect(result.error?.message.contains("percent") == true)
    }

    @Test func parsesEveryRequestOfAPipelinedRead() {
        let one = "GET /one HTTP/1.1\r\nHost: x\r\n\r\n"
        let two = "POST /two HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
        let three = "GET /three HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        let result = parse(one + two + three)
        #expect(result.requests.map(\.request.path) == ["/one", "/two", "/three"])
        #expect(result.requests.map(\.keepAlive) == [true, true, false])
        #expect(result.requests[1].request.body == Array("abc".utf8))
    }

    @Test func givesTheSameResultWhateverTheReadBoundaries() {
        let text = "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"
            + "GET /next HTTP/1.1\r\nHost: x\r\n\r\n"
        for size in [1, 2, 3, 7, 13] {
            let result = parse(text, chunkSize: size)
            #expect(result.error == nil)
            #expect(result.requests.map(\.request.path) == ["/upload", "/next"], "chunk size \(size)")
            #expect(result.requests.first?.request.body == Array("hello".utf8))
        }
    }

    @Test func decodesChunkedBodiesWithExtensionsAndTrailers() {
        let text = "POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "5;name=value\r\nhello\r\n1 ; flag\r\n,\r\n6\r\n world\r\n0\r\nX-Checksum: abc\r\n\r\n"
            + "GET /after HTTP/1.1\r\nHost: x\r\n\r\n"
        for size in [nil, 1, 4] as [Int?] {
            let result = parse(text, chunkSize: size)
            #expect(result.error == nil)
            #expect(result.requests.count == 2)
            #expect(result.requests.first?.request.body == Array("hello, world".utf8))
            #expect(result.requests.first?.request.headers["X-Checksum"] == nil, "trailers are not merged")
            #expect(result.requests.last?.request.path == "/after")
        }
    }

    @Test func acceptsUpperCaseHexChunkSizes() {
        let body = String(repeating: "a", count: 26)
        let result = parse("POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: Chunked\r\n\r\n1A\r\n\(body)\r\n0\r\n\r\n")
        #expect(result.requests.first?.request.body.count == 26)
    }

    @Test func reportsExpectContinueBeforeTheBody() {
        let result = parse("PUT /f HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\nok")
        #expect(result.continueRequests == 1)
        #expect(result.requests.first?.request.body == Array("ok".utf8))
    }

    @Test func ignoresExpectContinueFromHTTP10AndWithoutBody() {
        #expect(parse("PUT /f HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\nok").continueRequests == 0)
        #expect(parse("GET /f HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n\r\n").continueRequests == 0)
    }

    @Test func handlesHTTP10Persistence() {
        let plain = parse("GET / HTTP/1.0\r\n\r\n")
        #expect(plain.requests.first?.keepAlive == false)
        #expect(plain.requests.first?.request.version == .http1_0)
        let asked = parse("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n")
        #expect(asked.requests.first?.keepAlive == true)
    }

    @Test func ignoresEmptyLinesBeforeARequest() {
        let result = parse("\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(result.requests.count == 1)
    }

    @Test func acceptsAbsoluteFormAndAsteriskForm() {
        let absolute = parse("GET http://example.org/a/b?c=d HTTP/1.1\r\nHost: example.org\r\n\r\n")
        #expect(absolute.requests.first?.request.path == "/a/b")
        #expect(absolute.requests.first?.request.query == "c=d")
        let asterisk = parse("OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(asterisk.requests.first?.request.path == "*")
        #expect(parse("GET * HTTP/1.1\r\nHost: x\r\n\r\n").error?.status == .badRequest)
    }

    @Test func acceptsRepeatedEqualContentLengths() {
        let result = parse("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3, 3\r\nContent-Length: 3\r\n\r\nabc")
        #expect(result.requests.first?.request.body == Array("abc".utf8))
    }

    @Test func keepsUnknownMethodsForTheRouter() {
        #expect(parse("PROPFIND / HTTP/1.1\r\nHost: x\r\n\r\n").requests.first?.request.method == Method("PROPFIND"))
    }

    // MARK: - Refusals

    @Test(arguments: [
        ("GET / HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n  folded\r\n\r\n", "folding"),
        ("GET / HTTP/1.1\r\nHost : x\r\n\r\n", "whitespace between header field name"),
        ("GET / HTTP/1.1\r\nHo(st: x\r\n\r\n", "invalid character"),
        ("GET / HTTP/1.1\r\n: x\r\nHost: x\r\n\r\n", "empty field name"),
        ("GET / HTTP/1.1\r\nNoColon\r\n\r\n", "invalid character"),
        ("GET / HTTP/1.1\r\n\r\n", "missing Host"),
        ("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", "more than one Host"),
        ("GET / HTTP/1.1\r\nHost: a b\r\n\r\n", "not a valid host"),
        ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabc", "conflicting Content-Length"),
        ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -3\r\n\r\n", "not a number"),
        ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0x10\r\n\r\n", "not a number"),
        ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length:\r\n\r\n", "empty"),
        ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", "both Transfer-Encoding and Content-Length"),
        ("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", "HTTP/1.0"),
        ("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, chunked\r\n\r\n", "chunked once"),
        ("GET / HTTP/1.1\nHost: x\n\n", "bare LF"),
        ("GET  / HTTP/1.1\r\nHost: x\r\n\r\n", "request target"),
        ("G@T / HTTP/1.1\r\nHost: x\r\n\r\n", "method"),
        ("GET /\u{7F} HTTP/1.1\r\nHost: x\r\n\r\n", "request target"),
        ("GET / HTTP/1.1\r\nHost: x\r\nX-A: a\u{01}b\r\n\r\n", "control character"),
        ("GET / http/1.1\r\nHost: x\r\n\r\n", "malformed HTTP version"),
        ("GET /\r\n\r\n", "METHOD target HTTP/1.1"),
        ("GET relative HTTP/1.1\r\nHost: x\r\n\r\n", "starting with '/'"),
        ("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "hexadecimal"),
        ("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcX\r\n", "CRLF"),
        ("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3 junk\r\nabc\r\n", "chunk extension"),
    ])
    func refusesMalformedRequestsWith400(request: String, expected: String) throws {
        let error = try #require(parse(request).error)
        #expect(error.status == .badRequest)
        #expect(error.message.contains(expected), "\(error.message)")
    }

    @Test func refusesALongRequestLineWith414EvenBeforeItEnds() {
        let target = "/" + String(repeating: "a", count: 120)
        #expect(parse("GET \(target) HTTP/1.1\r\nHost: x\r\n\r\n").error?.status == .uriTooLong)
        #expect(parse("GET \(target)").error?.status == .uriTooLong)
    }

    @Test func refusesLargeHeaderSectionsWith431() {
        let large = "GET / HTTP/1.1\r\nHost: x\r\nX-Big: \(String(repeating: "b", count: 250))\r\n\r\n"
        #expect(parse(large).error?.status == .requestHeaderFieldsTooLarge)
        #expect(parse(String(large.prefix(240))).error?.status == .requestHeaderFieldsTooLarge, "refused before the line ends")
        let many = "GET / HTTP/1.1\r\nHost: x\r\n" + (1...6).map { "X-\($0): v\r\n" }.joined() + "\r\n"
        let error = parse(many).error
        #expect(error?.status == .requestHeaderFieldsTooLarge)
        #expect(error?.message.contains("more than 5 header fields") == true)
    }

    @Test func refusesLargeBodiesWith413() {
        let declared = parse("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 65\r\n\r\n")
        #expect(declared.error?.status == .contentTooLarge, "refused from the header, before any body byte")
        #expect(parse("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999999\r\n\r\n").error?.status == .contentTooLarge)
        let chunk = String(repeating: "c", count: 40)
        let chunked = "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n28\r\n\(chunk)\r\n28\r\n\(chunk)\r\n0\r\n\r\n"
        #expect(parse(chunked).error?.status == .contentTooLarge)
        #expect(parse("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFFFFF\r\n").error?.status == .contentTooLarge)
    }

    @Test func refusesUnsupportedTransferCodingsWith501() {
        let error = parse("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n").error
        #expect(error?.status == .notImplemented)
        #expect(error?.message.contains("gzip") == true)
    }

    @Test func refusesOtherVersionsWith505() {
        #expect(parse("GET / HTTP/2.0\r\nHost: x\r\n\r\n").error?.status == .httpVersionNotSupported)
        #expect(parse("GET / HTTP/0.9\r\nHost: x\r\n\r\n").error?.status == .httpVersionNotSupported)
        #expect(parse("GET / HTTP/1.2\r\nHost: x\r\n\r\n").requests.first?.request.version == .http1_1)
    }

    @Test func refusesUnknownExpectationsWith417() {
        let error = parse("POST / HTTP/1.1\r\nHost: x\r\nExpect: teapot\r\nContent-Length: 1\r\n\r\nx").error
        #expect(error?.status == .expectationFailed)
        #expect(error?.message.contains("teapot") == true)
    }

    @Test func refusesOversizedTrailersWith431() {
        let trailer = "X-T: \(String(repeating: "t", count: 250))\r\n"
        let text = "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\(trailer)\r\n"
        #expect(parse(text).error?.status == .requestHeaderFieldsTooLarge)
    }
}
