import Dispatch
import HTTP
import Synchronization
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Starting, failing to start, and draining on shutdown.
@Suite struct ServerLifecycleTests {
    @Test func reportsBoundPortsForPortZero() throws {
        let server = try TestServer()
        #expect(server.server.boundPorts.count == 1)
        #expect(server.port > 0)
    }

    @Test func namesTheAddressThatIsInUse() throws {
        let first = try TestServer()
        let second = HTTPServer(
            configuration: ServerConfiguration(addresses: [.init(host: "127.0.0.1", port: first.port)], eventLoopThreads: 1, workerThreads: 1),
            responder: TestResponder()
        )
        defer { second.shutdown() }
        #expect(throws: HTTPServerError.addressInUse(.init(host: "127.0.0.1", port: first.port))) { try second.start() }
        #expect(HTTPServerError.addressInUse(.init(host: "::", port: 8080)).description == "address in use: [::]:8080")
    }

    @Test func refusesHostNames() throws {
        let server = HTTPServer(
            configuration: ServerConfiguration(addresses: [.init(host: "localhost", port: 0)], eventLoopThreads: 1, workerThreads: 1),
            responder: TestResponder()
        )
        defer { server.shutdown() }
        #expect(throws: HTTPServerError.invalidAddress(.init(host: "localhost", port: 0))) { try server.start() }
    }

    @Test func refusesAnEmptyAddressList() throws {
        let server = HTTPServer(
            configuration: ServerConfiguration(addresses: [], eventLoopThreads: 1, workerThreads: 1),
            responder: TestResponder()
        )
        defer { server.shutdown() }
        #expect(throws: HTTPServerError.addressCount(0)) { try server.start() }
    }

    @Test func drainsInFlightRequestsOnShutdown() throws {
        let test = try TestServer()
        let server = test.server
        let busy = try test.connect()
        try busy.send("GET /gated HTTP/1.1\r\nHost: t\r\n\r\n")
        let idle = try test.connect()
        try idle.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try idle.readResponse().text == "hello")
        #expect(eventually { server.workerPool.load.running == 1 })

        let finished = DispatchSemaphore(value: 0)
        ThreadLauncher.start(name: "test-shutdown") {
            server.shutdown()
            finished.signal()
        }
        // The idle keep-alive connection is closed; new connections are refused.
        #expect(try idle.isClosedWithoutData())
        #expect(eventually { (try? TestClient(host: "127.0.0.1", port: test.port)) == nil })
        #expect(finished.wait(timeout: .now()) == .timedOut, "shutdown waits for the in-flight request")

        test.gate.open()
        let response = try busy.readResponse()
        #expect(response.text == "gated")
        #expect(response.header("Connection") == "close")
        #expect(try busy.isClosedWithoutData())
        #expect(finished.wait(timeout: .now() + 10) == .success)
        server.waitUntilStopped()
        #expect(server.statistics.openConnections == 0)
    }

    @Test func givesUpOnStuckRequestsAfterTheGracePeriod() throws {
        let test = try TestServer { $0.shutdownGracePeriod = .milliseconds(300) }
        let client = try test.connect()
        try client.send("GET /gated HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(eventually { test.server.workerPool.load.running == 1 })
        test.server.shutdown()
        #expect(try client.isClosedWithoutData())
        test.gate.open()
    }

    @Test func drainsOnSIGTERM() throws {
        let server = HTTPServer(
            configuration: ServerConfiguration(addresses: [.init(host: "127.0.0.1", port: 0)], eventLoopThreads: 1, workerThreads: 1),
            responder: TestResponder()
        )
        let waiter = Mutex<pthread_t?>(nil)
        let returned = DispatchSemaphore(value: 0)
        // ThreadLauncher threads block SIGTERM from their start, and the signal below is sent
        // to this thread alone, so no other thread of the test process can receive it.
        ThreadLauncher.start(name: "test-signals") {
            waiter.withLock { $0 = pthread_self() }
            try? server.runUntilSignalled()
            returned.signal()
        }
        #expect(eventually { !server.boundPorts.isEmpty })
        let port = server.boundPorts[0]
        let client = try TestClient(host: "127.0.0.1", port: port)
        try client.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try client.readResponse().text == "hello")

        let thread = try #require(waiter.withLock { $0 })
        #expect(pthread_kill(thread, SIGTERM) == 0)
        #expect(returned.wait(timeout: .now() + 10) == .success)
        #expect(try client.isClosedWithoutData())
        #expect((try? TestClient(host: "127.0.0.1", port: port)) == nil)
    }

    @Test func shutdownWithoutStartAndTwiceIsHarmless() throws {
        let server = HTTPServer(configuration: ServerConfiguration(eventLoopThreads: 1, workerThreads: 1), responder: TestResponder())
        server.shutdown()
        server.shutdown()
        server.waitUntilStopped()
        #expect(throws: HTTPServerError.alreadyStarted) { try server.start() }
    }
}
