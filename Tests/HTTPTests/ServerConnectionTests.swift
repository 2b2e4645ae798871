import HTTP
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Connection semantics over real sockets: persistence, pipelining, HEAD, 100-continue, chunked.
@Suite struct ServerConnectionTests {
    @Test(arguments: ["127.0.0.1", "::1"])
    func keepsHTTP11ConnectionsOpenAndClosesWhenAsked(host: String) throws {
        let server = try TestServer(host: host)
        let client = try server.connect()
        try client.send("GET /hello HTTP/1.1\r\nHost: test\r\n\r\n")
        let first = try client.readResponse()
        #expect(first.status == 200)
        #expect(first.text == "hello")
        #expect(first.header("Connection") == nil)
        #expect(first.header("Content-Length") == "5")

        try client.send("GET /hello HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n")
        let second = try client.readResponse()
        #expect(second.text == "hello")
        #expect(second.header("Connection") == "close")
        #expect(try client.isClosedWithoutData())
    }

    @Test func keepsHTTP10ConnectionsOpenOnlyWhenAsked() throws {
        let server = try TestServer()
        let asking = try server.connect()
        try asking.send("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        #expect(try asking.readResponse().header("Connection") == "keep-alive")
        try asking.send("GET /hello HTTP/1.0\r\n\r\n")
        #expect(try asking.readResponse().header("Connection") == "close")
        #expect(try asking.isClosedWithoutData())
    }

    @Test func writesPipelinedResponsesInRequestOrder() throws {
        let server = try TestServer()
        let client = try server.connect()
        // The gated request occupies a worker; the immediate one is answered at once on the
        // loop, yet must wait behind it on the wire.
        try client.send("GET /gated HTTP/1.1\r\nHost: t\r\n\r\nGET /hello HTTP/1.1\r\nHost: t\r\n\r\nGET /slow/10 HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(eventually { server.server.workerPool.load.running >= 1 })
        server.gate.open()
        #expect(try client.readResponse().text == "gated")
        #expect(try client.readResponse().text == "hello")
        #expect(try client.readResponse().text == "slow 10")
    }

    @Test func answersEveryRequestOfAHalfClosedPipeline() throws {
        let server = try TestServer { $0.maxPipelinedRequests = 2 }
        let client = try server.connect()
        let requests = (1...6).map { _ in "GET /hello HTTP/1.1\r\nHost: t\r\n\r\n" }.joined()
        try client.send(requests)
        client.finishSending()
        for _ in 1...6 { #expect(try client.readResponse().text == "hello") }
        #expect(try client.isClosedWithoutData())
    }

    @Test func answersHeadWithGetsHeadersAndNoBody() throws {
        let server = try TestServer()
        let client = try server.connect()
        try client.send("HEAD /hello HTTP/1.1\r\nHost: t\r\n\r\n")
        let head = try client.readResponse(head: true)
        #expect(head.status == 200)
        #expect(head.header("Content-Length") == "5")
        #expect(head.header("Content-Type") == "text/plain; charset=utf-8")
        // Had a body been sent, it would now be read as the next status line.
        try client.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try client.readResponse().text == "hello")
    }

    @Test func sends100ContinueOnlyForAcceptableRequests() throws {
        let server = try TestServer()
        let client = try server.connect()
        try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n")
        let interim = try client.readResponse()
        #expect(interim.status == 100)
        try client.send("ping")
        let final = try client.readResponse()
        #expect(final.status == 200)
        #expect(final.text == "ping")

        let tooLarge = try server.connect()
        try tooLarge.send("POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 999999\r\n\r\n")
        let refused = try tooLarge.readResponse()
        #expect(refused.status == 413)
        #expect(try tooLarge.isClosedWithoutData())
    }

    @Test func receivesChunkedUploadsSplitAcrossWrites() throws {
        let server = try TestServer()
        let client = try server.connect()
        let parts = [
            "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n4;",
            "ext=1\r\nWiki\r\n5\r", "\npedia\r\n", "E\r\n in\r\n\r\nchunks.\r\n0\r\nX-Trailer: 1\r\n", "\r\n",
        ]
        for part in parts {
            try client.send(part)
            usleep(20_000)
        }
        let response = try client.readResponse()
        #expect(response.status == 200)
        #expect(response.text == "Wikipedia in\r\n\r\nchunks.")
    }

    @Test func setsDateAndNeverAContentLengthOnBodylessStatuses() throws {
        let server = try TestServer()
        let response = try server.request("GET /empty HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(response.status == 204)
        #expect(response.header("Content-Length") == nil)
        let date = try #require(response.header("Date"))
        // IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT"
        #expect(date.count == 29)
        #expect(date.hasSuffix(" GMT"))
        #expect(date.dropFirst(3).hasPrefix(", "))
    }

    @Test func writesLargeBodiesCompletely() throws {
        let server = try TestServer()
        let client = try server.connect()
        let size = 3_000_000
        try client.send("GET /large/\(size) HTTP/1.1\r\nHost: t\r\n\r\nGET /large/20000 HTTP/1.1\r\nHost: t\r\n\r\n")
        let large = try client.readResponse()
        #expect(large.body.count == size)
        #expect(large.body.enumerated().allSatisfy { $0.element == UInt8(truncatingIfNeeded: $0.offset % 251) })
        #expect(try client.readResponse().body.count == 20000)
    }

    @Test func neutralisesLineBreaksInHandlerHeaderValues() throws {
        let server = try TestServer()
        let response = try server.request("GET /injected HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(response.header("Set-Cookie") == nil)
        #expect(response.header("X-Note") == "a  Set-Cookie: evil=1")
        #expect(response.text == "ok")
    }

    @Test func servesIPv4ClientsOnADualStackWildcard() throws {
        let server = try TestServer(host: "::")
        let viaIPv4 = try TestClient(host: "127.0.0.1", port: server.port)
        try viaIPv4.send("GET /remote HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try viaIPv4.readResponse().text == "127.0.0.1")
        let viaIPv6 = try TestClient(host: "::1", port: server.port)
        try viaIPv6.send("GET /remote HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try viaIPv6.readResponse().text == "::1")
    }

    @Test func bindsIPv4AndIPv6WildcardsSideBySide() throws {
        let first = try TestServer(host: "0.0.0.0")
        let port = first.port
        first.server.shutdown()
        let server = HTTPServer(
            configuration: ServerConfiguration(
                addresses: [.init(host: "0.0.0.0", port: port), .init(host: "::", port: port)],
                eventLoopThreads: 1, workerThreads: 1
            ),
            responder: TestResponder()
        )
        try server.start()
        defer { server.shutdown() }
        #expect(server.boundPorts == [port, port])
        for host in ["127.0.0.1", "::1"] {
            let client = try TestClient(host: host, port: port)
            try client.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try client.readResponse().text == "hello")
        }
    }
}
