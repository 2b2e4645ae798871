import Foundation
import Kernel
#if canImport(Glibc)
import Glibc
#endif

/// The signed-in visitor of the session scenarios: a region admin of `demo` created in the
/// database before the server starts, signed in over HTTP like any client.
enum BenchmarkAccount {
    static let email = "benchmark@example.org"
    static let password = "benchmark password, long enough"

    static func create(in storage: any Storage) throws {
        let hash = try PasswordHasher().hash(password)
        try storage.write { db in
            let account = try Accounts.create(
                email: try EmailAddress(email), displayName: "Benchmark", language: nil, passwordHash: hash, confirmed: true,
                now: Date(), in: db)
            try Memberships.set([Membership(role: .regionAdmin)], of: account.id, in: "demo", now: Date(), db: db)
        }
    }

    /// Signs in through `POST /api/v1/demo/de/sign-in` and returns `name=value` of the session cookie.
    static func signIn(port: Int) throws -> String {
        let body = #"{"email": "\#(email)", "password": "\#(password)"}"#
        let request = "POST /api/v1/demo/de/sign-in HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
        let socket = try Executable.connect(port: port)
        defer { close(socket) }
        let bytes = Array(request.utf8)
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { throw BenchmarkError("sign-in: sending failed") }
            sent += count
        }
        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(socket, &buffer, buffer.count, 0)
            if count <= 0 { break }
            response += buffer[..<count]
        }
        let text = String(decoding: response, as: UTF8.self)
        guard text.hasPrefix("HTTP/1.1 200"),
              let line = text.split(separator: "\r\n").first(where: { $0.lowercased().hasPrefix("set-cookie:") }),
              let pair = line.dropFirst("set-cookie:".count).split(separator: ";").first else {
            throw BenchmarkError("sign-in failed: \(text.prefix(300))")
        }
        return pair.trimmingCharacters(in: .whitespaces)
    }

    /// The time of one password hash with the production parameters: median of ten.
    static func passwordHashTiming() -> String {
        let hasher = PasswordHasher()
        var timings: [Double] = []
        for _ in 0..<10 {
            let start = ContinuousClock.now
            _ = try? hasher.hash(password)
            let elapsed = ContinuousClock.now - start
            timings.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)
        }
        timings.sort()
        let median = (timings[4] + timings[5]) / 2
        return String(
            format: "password hash (scrypt %@): median %.0f ms of 10 (min %.0f, max %.0f); target 50–250 ms: %@",
            hasher.parameters.description, median, timings[0], timings[9], (50...250).contains(median) ? "met" : "MISSED")
    }
}
