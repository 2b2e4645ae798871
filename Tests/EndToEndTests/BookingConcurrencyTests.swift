import Dispatch
import Foundation
import Kernel
import Synchronization
import Testing
import TeilhabeTesting

/// No overbooking under concurrency, over real HTTP: a thousand booking requests for twenty
/// places, sent at once on a thousand connections.
@Suite struct BookingConcurrencyTests {
    @Test func aThousandSimultaneousRequestsForTwentyPlaces() throws {
        // Room for every request at once: no 503 from a full worker queue, no refused connection.
        let server = try TestServer(modules: [], server: [
            "threads": ["workers": 16, "workerQueue": 4096], "limits": ["maxConnections": 4096],
        ])
        defer { server.stop() }
        let bookable = try server.storage.write(.region("demo")) { db in
            try server.application.services.bookings.createBookable(
                NewBookable(owner: "workshops", reference: "workshop:1", title: "Erste Hilfe", capacity: 20, openBooking: true), in: db)
        }

        let threads = 50
        let connectionsPerThread = 20
        let results = Mutex<[(status: Int, state: String?, position: Int?, name: String)]>([])
        let failures = Mutex<[String]>([])
        let connected = DispatchSemaphore(value: 0)
        let start = DispatchSemaphore(value: 0)
        let finished = DispatchGroup()
        let port = server.port
        for thread in 0..<threads {
            finished.enter()
            Thread.detachNewThread {
                defer { finished.leave() }
                var clients: [(TestClient, String)] = []
                do {
                    for index in 0..<connectionsPerThread {
                        let client = TestClient(port: port, timeout: 120)
                        // Connect now (an empty write opens the socket) so that all requests leave together.
                        try client.write([])
                        clients.append((client, "Person \(thread * connectionsPerThread + index)"))
                    }
                } catch {
                    failures.withLock { $0.append("connect: \(error)") }
                }
                connected.signal()
                start.wait()
                for (client, name) in clients {
                    let body = Array("{\"name\": \"\(name)\"}".utf8)
                    let head = "POST /api/v1/demo/de/bookables/\(bookable.id)/bookings HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Content-Type: application/json\r\nContent-Length: \(body.count)\r\nConnection: close\r\n\r\n"
                    do {
                        try client.write(Array(head.utf8) + body)
                    } catch {
                        failures.withLock { $0.append("send: \(error)") }
                    }
                }
                for (client, name) in clients {
                    do {
                        let response = try client.readResponse()
                        let json = try? response.json()
                        results.withLock {
                            $0.append((response.status, json?["booking"]?["state"]?.stringValue,
                                       json?["booking"]?["waitlistPosition"]?.integerValue.map { Int($0) }, name))
                        }
                    } catch {
                        failures.withLock { $0.append("read: \(error)") }
                    }
                    client.close()
                }
            }
        }
        for _ in 0..<threads { connected.wait() }
        for _ in 0..<threads { start.signal() }
        finished.wait()

        #expect(failures.withLock { $0 } == [])
        let answers = results.withLock { $0 }
        #expect(answers.count == 1000)
        #expect(answers.allSatisfy { $0.status == 201 })
        #expect(answers.filter { $0.state == "confirmed" }.count == 20)
        #expect(answers.filter { $0.state == "waitlisted" }.count == 980)
        // Each waitlisted request learned its own place in the queue.
        #expect(Set(answers.compactMap(\.position)) == Set(1...980))

        let bookings = try server.storage.read(.region("demo")) { try server.application.services.bookings.bookings(of: bookable.id, in: $0) }
        #expect(bookings.count == 1000)
        #expect(Set(bookings.map(\.name)) == Set(answers.map(\.name)))
        #expect(bookings.filter { $0.state == .confirmed }.count == 20)
        #expect(bookings.prefix(20).allSatisfy { $0.state == .confirmed })
        #expect(bookings.dropFirst(20).allSatisfy { $0.state == .waitlisted })
        let stored = try server.storage.read(.region("demo")) { try server.application.services.bookings.bookable(bookable.id, in: $0) }
        #expect(stored?.confirmed == 20)
    }
}
