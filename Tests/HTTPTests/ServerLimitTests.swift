import HTTP
import Testing

/// Requests the engine refuses itself: each gets its status, `Connection: close`, and the
/// connection is closed after the response.
@Suite struct ServerLimitTests {
    @Test(arguments: [
        ("GET /\(String(repeating: "a", count: 300)) HTTP/1.1\r\nHost: t\r\n\r\n", 414),
        ("GET /hello HTTP/1.1\r\nHost: t\r\nX-Big: \(String(repeating: "b", count: 1100))\r\n\r\n", 431),
        ("GET /hello HTTP/1.1\r\nHost: t\r\n" + (1...11).map { "X-\($0): v\r\n" }.joined() + "\r\n", 431),
        ("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5000\r\n\r\n", 413),
        ("GET /hello HTTP/1.1\r\n\r\n", 400),
        ("GET /hello HTTP/1.1\r\nHost: t\r\nX-A: 1\r\n folded\r\n\r\n", 400),
        ("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
        ("GET /a%zz HTTP/1.1\r\nHost: t\r\n\r\n", 400),
        ("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: br\r\n\r\n", 501),
        ("GET /hello HTTP/3.0\r\nHost: t\r\n\r\n", 505),
        ("POST /echo HTTP/1.1\r\nHost: t\r\nExpect: magic\r\nContent-Length: 1\r\n\r\nx", 417),
    ])
    func refusesAndCloses(request: String, status: Int) throws {
        let server = try TestServer()
        let client = try server.connect()
        try client.send(request)
        let response = try client.readResponse()
        #expect(response.status == status)
        #expect(response.header("Connection") == "close")
        #expect(response.text.hasPrefix("\(status) "), "the body names the problem: \(response.text)")
        #expect(try client.isClosedWithoutData())
        #expect(server.server.statistics.rejectedRequests[Status(status)] == 1)
        #expect(server.observedEngineResponses.map(\.status.code) == [status])
    }

    @Test func reportsTheRequestLineOfARefusedRequest() throws {
        let server = try TestServer()
        let client = try server.connect()
        try client.send("POST /echo?x=1 HTTP/1.1\r\nHost: t\r\nContent-Length: 5000\r\n\r\n")
        #expect(try client.readResponse().status == 413)
        let reported = try #require(server.observedEngineResponses.first)
        #expect(reported.method == .post)
        #expect(reported.path == "/echo")
        #expect(reported.reason.contains("5000 bytes exceeds the limit of 4096 bytes"))
        #expect(reported.connection.remoteAddress == "127.0.0.1")
    }

    @Test func answersRequestsBeforeTheBadOneFirst() throws {
        let server = try TestServer()
        let client = try server.connect()
        try client.send("GET /slow/50 HTTP/1.1\r\nHost: t\r\n\r\nGET /hello HTTP/7.0\r\nHost: t\r\n\r\nGET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try client.readResponse().text == "slow 50")
        #expect(try client.readResponse().status == 505)
        #expect(try client.isClosedWithoutData(), "nothing after the refused request is answered")
    }

    @Test func deliversThe413EvenWhileTheClientKeepsSending() throws {
        let server = try TestServer()
        let client = try server.connect()
        try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 100000\r\n\r\n")
        try client.send([UInt8](repeating: 0x61, count: 100_000))
        #expect(try client.readResponse().status == 413)
    }
}
