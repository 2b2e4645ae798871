import Foundation
import Kernel
import SQLiteStorage

/// The Workshops module under load (issue 6): registrations on one workshop from many
/// clients with exact capacity kept, and the public list of a region with 10,000 workshops.
/// Workshops are seeded in the shape the module writes them (row, bookable, texts in the
/// kernel's content store); the registrations themselves go through the real public API.
extension WorkloadRun {
    static let registrationCapacity = 500
    static let listedWorkshops = 10_000
    static let registrationsPerMinuteTarget = 5_000.0
    static let listP95TargetMilliseconds = 20.0

    // MARK: - Registrations

    func workshopRegistrations() throws -> [String] {
        guard let wrk = Executable.find("wrk") else { throw BenchmarkError("wrk is not installed (apt-get install wrk)") }
        let deployment = try BenchmarkDeployment(options: options)
        defer { deployment.remove() }
        let capacity = Self.registrationCapacity
        try WorkshopSeed(deployment: deployment).seed(count: 1, capacity: capacity)
        let server = try deployment.startServer()
        defer { server.stop() }
        let script = deployment.directory + "/register.lua"
        try Self.registrationScript(path: "/api/v1/demo/de/workshops/1/registrations").write(toFile: script, atomically: true, encoding: .utf8)
        let result = try Executable.run(
            wrk, ["-t\(options.threads)", "-c\(options.connections)", "-d\(options.duration)s", "-s", script, "http://127.0.0.1:\(server.port)"],
            environment: deployment.environment)
        guard result.status == 0 else { throw BenchmarkError("wrk failed: \(result.errors)") }
        let figures = try LuaReport(result.output)
        let created = Int(figures.values["created"] ?? 0), refused = Int(figures.values["refused"] ?? 0)
        // Requests still in flight when wrk stops are finished by the server: give it a moment.
        usleep(500_000)
        let bookable = try deployment.read { try $0.scalar(Int64.self, "SELECT bookable_id FROM workshops WHERE id = 1") } ?? -1
        let (registrations, confirmed, waitlisted, ledger, distinct) = try deployment.read { db in
            (try db.scalar(Int.self, "SELECT COUNT(*) FROM workshops_registrations WHERE workshop_id = 1") ?? -1,
             try db.scalar(Int.self, "SELECT COUNT(*) FROM kernel_bookings WHERE bookable_id = \(bookable) AND state = 'confirmed'") ?? -1,
             try db.scalar(Int.self, "SELECT COUNT(*) FROM kernel_bookings WHERE bookable_id = \(bookable) AND state = 'waitlisted'") ?? -1,
             try db.scalar(Int.self, "SELECT confirmed FROM kernel_bookables WHERE id = \(bookable)") ?? -1,
             try db.scalar(Int.self, "SELECT COUNT(DISTINCT email_key) FROM workshops_registrations WHERE workshop_id = 1") ?? -1)
        }
        let exact = confirmed == capacity && ledger == capacity && registrations == confirmed + waitlisted
            && distinct == registrations && created <= registrations && refused == 0
        print("workshop-registrations: \(created) answered 201, \(refused) refused; stored \(registrations) registrations "
            + "(\(distinct) distinct addresses): \(confirmed) confirmed (capacity \(capacity), ledger \(ledger)) + \(waitlisted) waitlisted: "
            + (exact ? "exact" : "NOT EXACT"))
        let perMinute = Double(created) / max(figures.seconds, 0.001) * 60
        let met = perMinute >= Self.registrationsPerMinuteTarget && exact && figures.errors == 0
        return [
            String(format: "%.0f", perMinute), "registrations/min",
            "\(options.connections) clients, p50 \(String(format: "%.1f", figures.p50)) ms, p95 \(String(format: "%.1f", figures.p95)) ms, "
                + "p99 \(String(format: "%.1f", figures.p99)) ms, \(figures.errors) errors; \(confirmed) confirmed + \(waitlisted) waitlisted "
                + (exact ? "(exact capacity: met)" : "(exact capacity: MISSED)")
                + "; target ≥ \(Int(Self.registrationsPerMinuteTarget))/min: \(met ? "met" : "MISSED")",
        ]
    }

    /// Each request a new person with an address of their own (thread number and counter).
    static func registrationScript(path: String) -> String {
        """
        local threads = {}
        setup = function(thread)
          table.insert(threads, thread)
          thread:set("number", #threads)
        end
        init = function(args)
          counter = 0
          created = 0
          refused = 0
        end
        request = function()
          counter = counter + 1
          local body = string.format('{"name": "Person %d-%d", "email": "person-%d-%d@example.org", "language": "de"}',
            number, counter, number, counter)
          return wrk.format("POST", "\(path)", {["Content-Type"] = "application/json"}, body)
        end
        response = function(status, headers, body)
          if status == 201 then created = created + 1 else refused = refused + 1 end
        end
        done = function(summary, latency, requests)
          local e = summary.errors
          local c, r = 0, 0
          for _, thread in ipairs(threads) do
            c = c + thread:get("created")
            r = r + thread:get("refused")
          end
          io.write(string.format("TEILHABE requests=%d duration_us=%d p50_us=%d p95_us=%d p99_us=%d errors=%d created=%d refused=%d\\n",
            summary.requests, summary.duration, latency:percentile(50), latency:percentile(95), latency:percentile(99),
            e.connect + e.read + e.write + e.status + e.timeout, c, r))
        end
        """
    }

    // MARK: - List

    func workshopList() throws -> [String] {
        guard let wrk = Executable.find("wrk") else { throw BenchmarkError("wrk is not installed (apt-get install wrk)") }
        let deployment = try BenchmarkDeployment(options: options)
        defer { deployment.remove() }
        let count = Self.listedWorkshops
        let seeding = Date()
        try WorkshopSeed(deployment: deployment).seed(count: count, capacity: 20)
        print(String(format: "workshop-list: seeded %d workshops in %.1f s", count, Date().timeIntervalSince(seeding)))
        let server = try deployment.startServer()
        defer { server.stop() }
        let path = "/demo/de/workshops"
        try checkList(port: server.port, path: path, environment: deployment.environment)
        let script = deployment.directory + "/list.lua"
        try Self.listScript(path: path).write(toFile: script, atomically: true, encoding: .utf8)
        let url = "http://127.0.0.1:\(server.port)"
        _ = try Executable.run(wrk, ["-t1", "-c\(options.connections)", "-d2s", "-s", script, url], environment: deployment.environment)  // warm-up
        let cpuBefore = ProcessCPU.seconds(pid: server.process.processIdentifier)
        let result = try Executable.run(
            wrk, ["-t\(options.threads)", "-c\(options.connections)", "-d\(options.duration)s", "-s", script, url],
            environment: deployment.environment)
        guard result.status == 0 else { throw BenchmarkError("wrk failed: \(result.errors)") }
        let figures = try LuaReport(result.output)
        let cpu = (ProcessCPU.seconds(pid: server.process.processIdentifier) - cpuBefore) * 1000 / max(figures.requests, 1)
        let met = figures.p95 < Self.listP95TargetMilliseconds && figures.errors == 0
        return [
            String(format: "%.0f", figures.requestsPerSecond), "pages/s",
            "GET \(path) with \(count) workshops, \(options.connections) clients: p50 \(String(format: "%.2f", figures.p50)) ms, "
                + "p95 \(String(format: "%.2f", figures.p95)) ms, p99 \(String(format: "%.2f", figures.p99)) ms, "
                + "server CPU \(String(format: "%.2f", cpu)) ms/page, \(figures.errors) errors; "
                + "target p95 < \(Int(Self.listP95TargetMilliseconds)) ms: \(met ? "met" : "MISSED")",
        ]
    }

    /// The page must list the seeded workshops (20 on a page, the soonest first; the demo
    /// region's two samples may be among them) with a link to the next page: a benchmark of
    /// an empty list would be fast and meaningless.
    func checkList(port: Int, path: String, environment: [String: String]) throws {
        guard let curl = Executable.find("curl") else { throw BenchmarkError("curl is needed to check the list page") }
        let result = try Executable.run(curl, ["-sf", "http://127.0.0.1:\(port)\(path)"], environment: environment)
        let shown = result.output.components(separatedBy: WorkshopSeed.titlePrefix).count - 1
        guard result.status == 0, shown >= 18, result.output.contains("Workshop 1:"), result.output.contains("after=") else {
            throw BenchmarkError("\(path) does not list the seeded workshops (\(shown) shown): \(result.output.prefix(300))")
        }
    }

    static func listScript(path: String) -> String {
        """
        request = function()
          return wrk.format("GET", "\(path)")
        end
        done = function(summary, latency, requests)
          local e = summary.errors
          io.write(string.format("TEILHABE requests=%d duration_us=%d p50_us=%d p95_us=%d p99_us=%d errors=%d\\n",
            summary.requests, summary.duration, latency:percentile(50), latency:percentile(95), latency:percentile(99),
            e.connect + e.read + e.write + e.status + e.timeout))
        end
        """
    }
}

/// Workshops written as the module's editor writes them, in one transaction: the row (open,
/// published, one two-hour session stored as the module stores schedules, a free address,
/// held in German and English), its bookable in the kernel's ledger, and its texts (German
/// original, English translation) in the content store.
struct WorkshopSeed {
    static let titlePrefix = "Digitale Werkzeuge im Ehrenamt"
    /// The configuration folder (for the demo region's file) and the migrated database.
    let configuration: String
    let databasePath: String

    init(configuration: String, databasePath: String) {
        self.configuration = configuration
        self.databasePath = databasePath
    }

    init(deployment: BenchmarkDeployment) {
        self.init(configuration: deployment.options.configuration, databasePath: deployment.databasePath)
    }

    func seed(count: Int, capacity: Int) throws {
        let region = try DemoRegion.read(configuration: configuration)
        let storage = try SQLiteStorage(path: databasePath)
        defer { storage.close() }
        let store = SQLContentStore(regions: ["demo": region], clock: SystemTime(), searchIndex: FTS5SearchIndex())
        try store.prepare(in: storage)
        let now = Date()
        // One a day at 18:00 UTC from tomorrow on: none ends before the run.
        let first = Calendar(identifier: .gregorian).startOfDay(for: now).addingTimeInterval(86_400 + 18 * 3600)
        try storage.write(.region("demo")) { db in
            for number in 1...count {
                let start = first.addingTimeInterval(Double(number - 1) * 86_400 / Double(max(1, count / 3_650)))
                let end = start.addingTimeInterval(7_200)
                let title = "\(Self.titlePrefix) – Workshop \(number): Teil \(number % 12 + 1)"
                let schedule = String(decoding: try JSONEncoder().encode(try Recurrence(start: start, duration: 7_200, timeZone: region.timeZone)), as: UTF8.self)
                guard let id = try db.scalar(Int64.self, """
                    INSERT INTO workshops (id, region, title, starts_at, ends_at, capacity, status, original_language, target_group, format,
                                           address, trainers, languages, schedule, sessions, created_at, updated_at, published_at)
                    VALUES (\(Int64(number)), 'demo', \(title), \(start), \(end), \(capacity), 'open', 'de', 'volunteers-staff', 'in-person',
                            \("Lernort Nord, Hauptstraße \(number % 200 + 1), 50667 Köln"), 'Amira Haddad', ',de,en,', \(schedule), 1, \(now), \(now), \(now))
                    RETURNING id
                    """) else { throw BenchmarkError("could not insert workshop \(number)") }
                let bookable = try db.scalar(Int64.self, """
                    INSERT INTO kernel_bookables (region, owner, reference, title, capacity, confirmed, open_booking, starts_at, ends_at, created_at)
                    VALUES ('demo', 'workshops', \("workshop:\(id)"), \(title), \(capacity), 0, 0, \(start), \(end), \(now))
                    RETURNING id
                    """)
                let content = try store.create(NewContentItem(
                    module: "workshops", kind: "workshop", slug: String(id), originalLanguage: "de",
                    texts: [
                        "de": ContentTexts(
                            title: title, summary: "Einführung in digitale Werkzeuge für Ehrenamtliche, Teil \(number % 12 + 1)",
                            body: "Wir lernen gemeinsam, wie Vereine Termine, Listen und Nachrichten digital organisieren."),
                        "en": ContentTexts(
                            title: "Digital tools for volunteers – workshop \(number)", summary: "An introduction to digital tools, part \(number % 12 + 1)",
                            body: "Together we learn how associations organise dates, lists and messages digitally."),
                    ],
                    status: .published), in: db)
                try db.execute("UPDATE workshops SET bookable_id = \(bookable), content_id = \(content) WHERE region = 'demo' AND id = \(id)")
            }
        }
        try storage.write { db in try db.executeScript("PRAGMA optimize") }
    }
}
