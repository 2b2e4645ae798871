import HTTP
import Testing

/// Overload: too many connections are refused, a full worker queue answers 503.
@Suite struct ServerCapacityTests {
    @Test func closesConnectionsBeyondTheLimit() throws {
        let server = try TestServer { $0.maxConnections = 2 }
        let first = try server.connect()
        let second = try server.connect()
        for client in [first, second] {
            try client.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try client.readResponse().text == "hello")
        }
        let third = try server.connect()
        try third.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try third.readUntilClosed().isEmpty, "the third connection is closed unanswered")
        #expect(server.server.statistics.refusedConnections == 1)
        #expect(server.server.statistics.openConnections == 2)

        try first.send("GET /hello HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
        _ = try first.readResponse()
        #expect(eventually { server.server.statistics.openConnections == 1 })
        let fourth = try server.connect()
        try fourth.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try fourth.readResponse().text == "hello")
    }

    @Test func answers503WithRetryAfterWhenTheWorkerQueueIsFull() throws {
        let server = try TestServer {
            $0.workerThreads = 1
            $0.workerQueueLimit = 1
        }
        let running = try server.connect()
        try running.send("GET /gated HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(eventually { server.server.workerPool.load.running == 1 })
        let queued = try server.connect()
        try queued.send("GET /gated HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(eventually { server.server.workerPool.load.queued == 1 })

        let refused = try server.connect()
        try refused.send("GET /slow/1 HTTP/1.1\r\nHost: t\r\n\r\n")
        let busy = try refused.readResponse()
        #expect(busy.status == 503)
        #expect(busy.header("Retry-After") == "1")
        #expect(server.observedEngineResponses.first?.path == "/slow/1")

        // Requests answered on the loop are still served while the workers are busy.
        try refused.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try refused.readResponse().text == "hello")

        server.gate.open()
        #expect(try running.readResponse().text == "gated")
        #expect(try queued.readResponse().text == "gated")
    }
}
