import Foundation
import HTTP
import Synchronization

/// Turns requests into responses: routes them, resolves region, language and caller, checks
/// access, runs the handler where its route says (event loop or worker pool), renders errors,
/// and records one log line and the metrics of every request.
final class KernelResponder: Responder {
    let router: Router<Endpoint>
    let services: KernelServices
    let state: ApplicationState
    let trustedProxies: [IPAddressRange]
    let unmatched: Metrics.RouteCounters
    private let requestIDs = RequestIDGenerator()

    init(router: Router<Endpoint>, services: KernelServices, state: ApplicationState, trustedProxies: [IPAddressRange], metrics: Metrics) {
        self.router = router
        self.services = services
        self.state = state
        self.trustedProxies = trustedProxies
        self.unmatched = metrics.counters(for: "unmatched")
    }

    func respond(to request: Request, connection: ConnectionInfo) -> Responding {
        let started = MonotonicClock.nanoseconds()
        let requestID = requestIDs.id(honouring: request.headers["X-Request-ID"])
        let client = clientAddress(of: request, peer: connection.remoteAddress)
        switch router.match(request) {
        case .matched(let endpoint, let parameters):
            var request = request
            if !parameters.isEmpty { request.parameters = parameters }
            let exchange = Exchange(request: request, requestID: requestID, client: client, started: started, endpoint: endpoint)
            switch endpoint.execution {
            case .eventLoop:
                return .immediately(run(exchange))
            case .worker:
                return .onWorkerPool { [self] in run(exchange) }
            }
        case .methodNotAllowed(let allowed):
            var response = errorResponse(HTTPError(.methodNotAllowed, "\(request.method) is not allowed here"), request: request, surface: nil, requestID: requestID)
            response.headers["Allow"] = allowed.map { $0.rawValue }.joined(separator: ", ")
            return .immediately(finish(response, request: request, requestID: requestID, client: client, started: started, endpoint: nil))
        case .redirect(let location):
            let status: Status = request.method == .get || request.method == .head ? .movedPermanently : .permanentRedirect
            let response = Response.redirect(to: location, status: status)
            return .immediately(finish(response, request: request, requestID: requestID, client: client, started: started, endpoint: nil))
        case .notFound:
            let response = errorResponse(.notFound(), request: request, surface: nil, requestID: requestID)
            return .immediately(finish(response, request: request, requestID: requestID, client: client, started: started, endpoint: nil))
        }
    }

    /// One request on its way through a handler.
    struct Exchange: Sendable {
        var request: Request
        var requestID: String
        var client: String
        var started: UInt64
        var endpoint: Endpoint
    }

    private func run(_ exchange: Exchange) -> Response {
        let request = exchange.request
        let endpoint = exchange.endpoint
        var regionID: String?
        // Kept outside the handler's fate: a rotated session cookie must reach the browser
        // even when the request ends in an error.
        var principal: Principal?
        var csrf: CSRFToken?
        var response: Response
        do {
            switch endpoint.target {
            case .root(let handler):
                response = try handler(request, RootContext(requestID: exchange.requestID, services: services, application: state))
            case .regional(let module, let route):
                regionID = request.parameters["region"].flatMap { services.regions[$0]?.id }
                let (region, language, settings) = try locate(request, module: module)
                // Event-loop routes are public and never look the caller up (that may need storage).
                let caller = route.execution == .eventLoop ? .anonymous : try services.identity.principal(for: request, region: region)
                principal = caller
                try authorize(request, route: route, principal: caller, region: region, language: language)
                let token = services.accounts.csrfToken(for: request, principal: caller)
                csrf = token
                var context = RequestContext(
                    requestID: exchange.requestID, region: region, language: language, module: module,
                    settings: settings, principal: caller, clientAddress: exchange.client, services: services, csrf: token)
                context.requestTarget = request.target
                response = try route.handler(request, context)
            }
        } catch {
            let failure = error as? HTTPError ?? internalError(error, exchange: exchange)
            response = errorResponse(failure, request: request, surface: endpoint.surface, requestID: exchange.requestID)
        }
        for cookie in principal?.responseCookies ?? [] { response.headers.add("Set-Cookie", cookie) }
        if let cookie = csrf?.cookieToSet { response.headers.add("Set-Cookie", cookie) }
        // ETag, 304 and default Cache-Control for successful GETs of every route.
        var guarded = false
        if case .regional(_, let route) = endpoint.target { guarded = route.access != .public }
        response = HTTPCaching.finish(
            response, for: request,
            personalised: principal?.isSignedIn == true || guarded || response.headers.contains("Set-Cookie"),
            surface: endpoint.surface)
        // What a signed-in person sees, and any response setting a cookie, is theirs alone.
        if principal?.isSignedIn == true || response.headers.contains("Set-Cookie"), !response.headers.contains("Cache-Control") {
            response.headers["Cache-Control"] = "private"
        }
        return finish(
            response, request: request, requestID: exchange.requestID, client: exchange.client,
            started: exchange.started, endpoint: endpoint, region: regionID)
    }

    /// Region and language from the URL and the module's settings there. Unknown regions,
    /// languages and modules not enabled there are 404: to the outside they do not exist.
    private func locate(_ request: Request, module: String) throws -> (Region, String, ModuleSettings) {
        guard let regionID = request.parameters["region"], let region = services.regions[regionID] else {
            throw HTTPError.notFound("There is no region at this address")
        }
        guard let language = request.parameters["lang"], region.speaks(language) else {
            throw HTTPError.notFound("This region is not available in that language")
        }
        if module == KernelManifest.id { return (region, language, ModuleSettings(values: [:])) }
        guard let enabled = region.modules[module] else { throw HTTPError.notFound() }
        return (region, language, enabled)
    }

    /// Forgery and access checks, in that order:
    /// - unsafe page requests need their CSRF token (403); unsafe API requests that ride on
    ///   the session cookie must be JSON (415), which no cross-site form can send;
    /// - a route guarded by an action refuses those who do not hold it in the region. The API
    ///   answers 401 to the anonymous and 403 to the signed-in; pages send the anonymous to
    ///   sign in and answer 404 to the signed-in, so that a page does not reveal that it
    ///   exists to someone who may not see it. An account without a role in the region holds
    ///   nothing there, so every guarded route of another region is refused.
    private func authorize(_ request: Request, route: Route, principal: Principal, region: Region, language: String) throws {
        let unsafe = !(request.method == .get || request.method == .head || request.method == .options)
        if unsafe {
            switch route.surface {
            case .page:
                try services.accounts.verifyCSRF(request, principal: principal)
            case .api:
                if case .session = principal.credential {
                    let type = request.headers["Content-Type"]?.lowercasedASCII() ?? ""
                    guard type.hasPrefix("application/json") || (type.hasPrefix("application/") && type.contains("+json")) else {
                        throw HTTPError(.unsupportedMediaType, "requests signed in with the session cookie must send Content-Type: application/json")
                    }
                }
            }
        }
        guard case .action(let action) = route.access, !principal.holds(action) else { return }
        switch route.surface {
        case .api where !principal.isSignedIn:
            throw HTTPError(.unauthorized, "Sign in or send an API token for this", headers: ["WWW-Authenticate": "Bearer"])
        case .api:
            throw HTTPError.forbidden()
        case .page where !principal.isSignedIn:
            let next = request.target
            throw HTTPError(
                .seeOther, "Sign in to see this page.",
                headers: ["Location": "/\(region.id)/\(language)/sign-in?next=\(PercentDecoding.encode(next))"])
        case .page:
            throw HTTPError.notFound()
        }
    }

    private func internalError(_ error: any Error, exchange: Exchange) -> HTTPError {
        services.logger.error("handler failed", [
            "request_id": .string(exchange.requestID), "route": .string(exchange.endpoint.label),
            "error": .string(String(describing: error)),
        ])
        if case StorageError.busy = error {
            return HTTPError(.serviceUnavailable, "The server is busy; please try again", headers: ["Retry-After": "1"])
        }
        return HTTPError(.internalServerError, "Something went wrong on our side (request \(exchange.requestID))")
    }

    /// Errors as JSON for the API, as a small page for people.
    private func errorResponse(_ error: HTTPError, request: Request, surface: Route.Surface?, requestID: String) -> Response {
        let isAPI = surface == .api || (surface == nil && request.pathSegments.first == "api")
        var response: Response
        if isAPI {
            var body: [String: JSONValue] = ["status": .integer(Int64(error.status.code)), "message": .string(error.message), "requestId": .string(requestID)]
            if let field = error.field { body["field"] = .string(field) }
            response = .json(JSONValue.object(["error": .object(body)]).encoded(), status: error.status)
        } else {
            response = ErrorPage.response(for: error, request: request, services: services, requestID: requestID)
        }
        for field in error.headers { response.headers[field.name] = field.value }
        return response
    }

    /// Adds the headers every response carries, records metrics and writes the log line.
    private func finish(
        _ response: Response, request: Request, requestID: String, client: String,
        started: UInt64, endpoint: Endpoint?, region: String? = nil
    ) -> Response {
        var response = response
        response.headers.add("X-Request-ID", requestID)
        if !response.headers.contains("X-Content-Type-Options") { response.headers.add("X-Content-Type-Options", "nosniff") }
        if response.headers["Content-Type"]?.hasPrefix("text/html") == true {
            if !response.headers.contains("Content-Security-Policy") {
                response.headers["Content-Security-Policy"] = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'"
            }
            if !response.headers.contains("Referrer-Policy") { response.headers["Referrer-Policy"] = "same-origin" }
        }
        let elapsed = MonotonicClock.nanoseconds() &- started
        (endpoint?.counters ?? unmatched).record(status: response.status.code, seconds: Double(elapsed) * 1e-9)
        if services.logger.level <= .info {
            services.logger.write(bytes: RequestLogLine.encode(RequestLogLine.Fields(
                time: Date(), requestID: requestID, method: request.method.rawValue, path: request.path,
                route: endpoint?.label ?? "unmatched", status: response.status.code, durationNanoseconds: elapsed,
                bytes: response.body.count, client: client, region: region)))
        }
        return response
    }

    /// The client's address: the peer, unless the peer is a trusted proxy, then the last
    /// address in `X-Forwarded-For` that is not itself a trusted proxy.
    func clientAddress(of request: Request, peer: String) -> String {
        guard !trustedProxies.isEmpty, trustedProxies.contains(where: { $0.contains(peer) }) else { return peer }
        let forwarded = request.headers.values("X-Forwarded-For")
            .flatMap { $0.split(separator: ",") }
            .map { String($0.trimmingASCIIWhitespace()) }
        for address in forwarded.reversed() {
            guard IPAddressRange.bytes(of: address) != nil else { return peer }  // garbage: trust nothing
            if !trustedProxies.contains(where: { $0.contains(address) }) { return address }
        }
        return forwarded.first ?? peer
    }
}

/// Request ids: the client's `X-Request-ID` when it is a sane token, otherwise a process
/// prefix and a counter (unique per process, cheap, and sortable in logs).
final class RequestIDGenerator: Sendable {
    private let prefix: [UInt8]
    private let counter = Atomic<UInt64>(0)

    init() {
        prefix = Array(String(UInt32.random(in: 0...UInt32.max), radix: 16).utf8) + [UInt8(ascii: "-")]
    }

    func id(honouring given: String?) -> String {
        if let given, (1...128).contains(given.utf8.count),
           given.utf8.allSatisfy({ byte in
               (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                   || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
           }) {
            return given
        }
        let number = counter.add(1, ordering: .relaxed).newValue
        let digits = max(1, (64 - number.leadingZeroBitCount + 3) / 4)
        return String(unsafeUninitializedCapacity: prefix.count + digits) { buffer in
            _ = buffer.initialize(from: prefix)
            let hex = Array("0123456789abcdef".utf8)
            for position in 0..<digits {
                buffer[prefix.count + digits - 1 - position] = hex[Int(number >> (4 * UInt64(position)) & 0xF)]
            }
            return prefix.count + digits
        }
    }
}
