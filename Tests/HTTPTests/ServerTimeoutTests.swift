import HTTP
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Slow and idle clients are cut off by deadlines; they hold no worker meanwhile.
@Suite struct ServerTimeoutTests {
    @Test func answers408WhenTheHeadDoesNotArriveInTime() throws {
        let server = try TestServer { $0.headerReadTimeout = .milliseconds(300) }
        let client = try server.connect()
        try client.send("GET /hello HTTP/1.1\r\nHost: t\r\n")
        let response = try client.readResponse()
        #expect(response.status == 408)
        #expect(response.header("Connection") == "close")
        #expect(try client.isClosedWithoutData())
        #expect(server.server.workerPool.load == (0, 0))
    }

    @Test func closesSilentlyWhenNothingArrivesAfterConnecting() throws {
        let server = try TestServer { $0.headerReadTimeout = .milliseconds(300) }
        let client = try server.connect()
        #expect(try client.isClosedWithoutData())
        #expect(server.server.statistics.rejectedRequests.isEmpty)
    }

    @Test func answers408WhenTheBodyDoesNotArriveInTime() throws {
        let server = try TestServer { $0.bodyReadTimeout = .milliseconds(300) }
        let client = try server.connect()
        try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nabc")
        let response = try client.readResponse()
        #expect(response.status == 408)
        #expect(response.text.contains("body"))
        #expect(try client.isClosedWithoutData())
    }

    @Test func aTrickleOfBytesDoesNotExtendTheHeaderDeadline() throws {
        let server = try TestServer { $0.headerReadTimeout = .milliseconds(400) }
        let client = try server.connect()
        var closed = false
        // Keep sending a byte every 50 ms for up to 10 s; the server must cut us off.
        for _ in 0..<200 {
            do {
                try client.send("X")
            } catch {
                closed = true
                break
            }
            usleep(50_000)
            if server.server.statistics.rejectedRequests[.requestTimeout] == 1 {
                closed = true
                break
            }
        }
        #expect(closed)
    }

    @Test func keepsBusyKeepAliveConnectionsOpenPastTheIdleTimeout() throws {
        let server = try TestServer { $0.idleTimeout = .milliseconds(500) }
        let client = try server.connect()
        let end = ContinuousClock.now + .milliseconds(1500)
        var answered = 0
        while ContinuousClock.now < end {
            try client.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try client.readResponse().text == "hello")
            answered += 1
        }
        #expect(answered > 1)
        #expect(server.server.statistics.acceptedConnections == 1)
    }

    @Test func cutsOffManySlowClientsWithoutHoldingWorkers() throws {
        let server = try TestServer { $0.headerReadTimeout = .milliseconds(300) }
        let clients = try (0..<50).map { _ in try server.connect() }
        for client in clients { try client.send("GET /slow/1 HTTP/1.1\r\nHost: t\r\nX-Partial: ") }
        #expect(server.server.workerPool.load == (0, 0))
        for client in clients {
            #expect(try client.readResponse().status == 408)
            #expect(try client.isClosedWithoutData())
        }
        #expect(server.server.statistics.rejectedRequests[.requestTimeout] == 50)
    }

    @Test func closesConnectionsWhoseClientStopsReading() throws {
        let server = try TestServer { $0.idleTimeout = .milliseconds(300) }
        let client = try TestClient(host: server.host, port: server.port, receiveBufferSize: 4096)
        let size = 8 * 1024 * 1024
        try client.send("GET /large/\(size) HTTP/1.1\r\nHost: t\r\n\r\n")
        // Not reading: the server's writes stall, and after the idle timeout it gives up.
        #expect(eventually { server.server.statistics.openConnections == 0 })
        #expect(try client.readUntilClosed().count < size)
    }

    @Test func closesIdleKeepAliveConnections() throws {
        let server = try TestServer { $0.idleTimeout = .milliseconds(300) }
        let client = try server.connect()
        try client.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try client.readResponse().text == "hello")
        #expect(try client.isClosedWithoutData())
        #expect(eventually { server.server.statistics.openConnections == 0 })
    }
}
