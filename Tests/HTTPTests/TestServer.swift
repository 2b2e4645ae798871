import Dispatch
import HTTP
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A gate that worker-pool handlers wait on, opened by the test: lets tests hold requests
/// "in flight" for as long as they need without guessing durations.
final class Gate: Sendable {
    private let state = Mutex((open: false, waiting: 0))
    private let semaphore = DispatchSemaphore(value: 0)

    func wait() {
        let mustWait = state.withLock { state -> Bool in
            if state.open { return false }
            state.waiting += 1
            return true
        }
        if mustWait { semaphore.wait() }
    }

    func open() {
        let waiting = state.withLock { state -> Int in
            state.open = true
            defer { state.waiting = 0 }
            return state.waiting
        }
        for _ in 0..<waiting { semaphore.signal() }
    }
}

/// The responder the socket tests talk to, routed by the real `Router`.
struct TestResponder: Responder {
    enum Endpoint: Sendable {
        case hello, echo, remote, empty, large, injected, slow, gated
    }

    let gate: Gate
    private let router: Router<Endpoint>

    init(gate: Gate = Gate()) {
        self.gate = gate
        var router = Router<Endpoint>()
        do {
            try router.register(.get, "/hello", .hello)
            try router.register(.post, "/echo", .echo)
            try router.register(.get, "/remote", .remote)
            try router.register(.get, "/empty", .empty)
            try router.register(.get, "/large/{size}", .large)
            try router.register(.get, "/injected", .injected)
            try router.register(.get, "/slow/{milliseconds}", .slow)
            try router.register(.get, "/gated", .gated)
        } catch {
            fatalError("test routes: \(error)")
        }
        self.router = router
    }

    func respond(to request: Request, connection: ConnectionInfo) -> Responding {
        switch router.match(request) {
        case .matched(.hello, _):
            return .immediately(.text("hello"))
        case .matched(.echo, _):
            return .immediately(Response(status: .ok, headers: ["Content-Type": "application/octet-stream"], body: request.body))
        case .matched(.remote, _):
            return .immediately(.text(connection.remoteAddress))
        case .matched(.empty, _):
            return .immediately(Response(status: .noContent))
        case .matched(.large, let parameters):
            let size = parameters["size"].flatMap(Int.init) ?? 0
            return .immediately(Response(body: (0..<size).map { UInt8(truncatingIfNeeded: $0 % 251) }))
        case .matched(.injected, _):
            return .immediately(Response(headers: ["X-Note": "a\r\nSet-Cookie: evil=1"], body: Array("ok".utf8)))
        case .matched(.slow, let parameters):
            let milliseconds = parameters["milliseconds"].flatMap(Int.init) ?? 0
            return .onWorkerPool {
                usleep(UInt32(milliseconds * 1000))
                return .text("slow \(milliseconds)")
            }
        case .matched(.gated, _):
            let gate = gate
            return .onWorkerPool {
                gate.wait()
                return .text("gated")
            }
        case .methodNotAllowed(let allowed):
            var response = Response.text("method not allowed", status: .methodNotAllowed)
            response.headers["Allow"] = allowed.map(\.rawValue).joined(separator: ", ")
            return .immediately(response)
        case .redirect(let location):
            return .immediately(.redirect(to: location, status: .movedPermanently))
        case .notFound:
            return .immediately(.text("not found", status: .notFound))
        }
    }
}

/// A real `HTTPServer` on a free port, with few threads and short limits for tests.
final class TestServer {
    let server: HTTPServer
    let host: String
    let gate: Gate
    private let engineResponses = SendableBox(Mutex<[EngineResponse]>([]))

    var port: Int { server.boundPorts[0] }

    init(host: String = "127.0.0.1", _ configure: (inout ServerConfiguration) -> Void = { _ in }) throws {
        var configuration = ServerConfiguration(
            addresses: [.init(host: host, port: 0)],
            eventLoopThreads: 2,
            workerThreads: 2,
            workerQueueLimit: 16,
            maxRequestLineBytes: 256,
            maxHeaderBytes: 1024,
            maxHeaderCount: 10,
            maxBodyBytes: 4096,
            shutdownGracePeriod: .seconds(10)
        )
        configure(&configuration)
        self.host = host.hasPrefix("::") && host != "::1" ? "::1" : (host == "0.0.0.0" ? "127.0.0.1" : host)
        gate = Gate()
        let responses = engineResponses
        server = HTTPServer(configuration: configuration, responder: TestResponder(gate: gate)) { response in
            responses.value.withLock { $0.append(response) }
        }
        try server.start()
    }

    /// What the server reported through `onEngineResponse`.
    var observedEngineResponses: [EngineResponse] {
        engineResponses.value.withLock { $0 }
    }

    func connect() throws -> TestClient {
        try TestClient(host: host, port: port)
    }

    /// Sends one request on a new connection and reads the response.
    func request(_ raw: String) throws -> TestResponse {
        let client = try connect()
        try client.send(raw)
        return try client.readResponse()
    }

    deinit {
        gate.open()
        server.shutdown()
    }
}

/// Shares a non-copyable synchronised value between the test and the server's observer.
final class SendableBox<Value: ~Copyable>: Sendable where Value: Sendable {
    let value: Value
    init(_ value: consuming Value) { self.value = value }
}

/// Polls `condition` until it holds or `timeout` passes (for state the test cannot wait on directly).
func eventually(timeout: Duration = .seconds(10), _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try condition() { return true }
        usleep(10_000)
    }
    return try condition()
}
