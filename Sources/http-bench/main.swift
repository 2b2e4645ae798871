// A minimal server for measuring the HTTP engine with wrk (branch-only target).
// Usage: http-bench [port] [event-loops] [workers]   (defaults: ServerConfiguration's)
//   GET /plaintext  answered on the event loop
//   GET /work       answered on the worker pool after ~20 µs of computation
import CLinux
import HTTP
#if canImport(Glibc)
import Glibc
#endif

HTTPServer.blockShutdownSignals()

enum Endpoint: Sendable {
    case plaintext, work
}

struct BenchResponder: Responder {
    let router: Router<Endpoint>

    func respond(to request: Request, connection: ConnectionInfo) -> Responding {
        switch router.match(request) {
        case .matched(.plaintext, _):
            return .immediately(.text("Hello, World!"))
        case .matched(.work, _):
            return .onWorkerPool {
                var state: UInt64 = 0x9E37_79B9_7F4A_7C15
                let start = clinux_monotonic_nanoseconds()
                while clinux_monotonic_nanoseconds() - start < 20_000 {
                    state = state &* 6_364_136_223_846_793_005 &+ 1
                }
                return .text("worked \(state & 0xFF)")
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

let arguments = CommandLine.arguments
let port = arguments.count > 1 ? Int(arguments[1]) ?? 8080 : 8080
let defaults = ServerConfiguration()
let loops = arguments.count > 2 ? Int(arguments[2]) ?? defaults.eventLoopThreads : defaults.eventLoopThreads
let workers = arguments.count > 3 ? Int(arguments[3]) ?? defaults.workerThreads : defaults.workerThreads

var router = Router<Endpoint>()
do {
    try router.register(.get, "/plaintext", .plaintext)
    try router.register(.get, "/work", .work)
} catch {
    print(error)
    exit(1)
}
let server = HTTPServer(
    configuration: ServerConfiguration(
        addresses: [.init(host: "127.0.0.1", port: port)], eventLoopThreads: loops, workerThreads: workers
    ),
    responder: BenchResponder(router: router)
)
do {
    print("http-bench on 127.0.0.1:\(port), \(loops) loop(s), \(workers) worker(s)")
    try server.runUntilSignalled()
    print("stopped: \(server.statistics)")
} catch {
    print(error)
    exit(1)
}
