import Foundation
import Kernel
import SQLiteStorage
#if canImport(Glibc)
import Glibc
#endif

/// `teilhabe-benchmark content`: many regions with multilingual content. Generates a
/// configuration of R regions (7 languages each, Echo enabled), seeds I stories per region
/// with texts in every language through the kernel's content store (so versions and search
/// entries are written as in production), starts the server and drives it with wrk, each
/// request for a random region and language:
///
/// - `list-page`: `GET /{region}/{lang}/echo` (20 stories, the region layout)
/// - `list-json`: `GET /api/v1/{region}/{lang}/echo/stories` (20 stories as JSON)
/// - `search-json`: `GET /api/v1/{region}/{lang}/search?q=<word>` (20 ranked hits with snippets)
/// - `search-page`: `GET /{region}/{lang}/search?q=<word>`
///
/// The target for each is p95 < 20 ms. p95 comes from wrk's latency histogram (a Lua `done`
/// hook), since `--latency` prints p50/p75/p90/p99 only.
struct ContentBenchmark {
    var server = ""
    var regions = 100
    var items = 1000
    var duration = 10
    var connections = 32
    var threads = 1
    /// Keep (and reuse) the seeded deployment here instead of a temporary folder.
    var keep: String?
    static let allScenarios = ["list-page", "list-json", "search-json", "search-page"]
    var scenarios = ContentBenchmark.allScenarios

    static let usage = """
        USAGE: teilhabe-benchmark content --server <teilhabe binary> [--regions <n>] [--items <n>]
                                          [--duration <seconds>] [--connections <n>] [--threads <n>] [--keep <folder>]
                                          [--scenarios <list-page,list-json,search-json,search-page>]

        Defaults: 100 regions × 7 languages × 1,000 items, wrk -t1 -c32 -d10s, every scenario.
        --keep seeds once into <folder> and reuses it on later runs (seeding the defaults takes
        minutes); a reused deployment is migrated and its search entries brought up to date
        first (after an upgrade that rebuilds the index, that takes minutes once).

        """

    static let targetP95Milliseconds = 20.0

    init(_ arguments: [String]) throws {
        var index = 0
        func value(_ name: String) throws -> String {
            index += 1
            guard index < arguments.count else { throw BenchmarkError("\(name) needs a value") }
            return arguments[index]
        }
        func number(_ name: String) throws -> Int {
            guard let number = Int(try value(name)), number > 0 else { throw BenchmarkError("\(name) needs a positive number") }
            return number
        }
        while index < arguments.count {
            switch arguments[index] {
            case "content": break
            case "--server": server = try value("--server")
            case "--configuration": _ = try value("--configuration")  // the plugin passes it; content generates its own
            case "--regions": regions = try number("--regions")
            case "--items": items = try number("--items")
            case "--duration": duration = try number("--duration")
            case "--connections": connections = try number("--connections")
            case "--threads": threads = try number("--threads")
            case "--keep": keep = try value("--keep")
            case "--scenarios":
                scenarios = try value("--scenarios").split(separator: ",").map(String.init)
                if let unknown = scenarios.first(where: { !Self.allScenarios.contains($0) }) {
                    throw BenchmarkError("--scenarios: unknown scenario '\(unknown)' (known: \(Self.allScenarios.joined(separator: ", ")))")
                }
            default: throw BenchmarkError("unknown option '\(arguments[index])'")
            }
            index += 1
        }
        guard !server.isEmpty else { throw BenchmarkError("--server is required") }
    }

    func regionID(_ number: Int) -> String { String(format: "r%03d", number) }

    func run() throws {
        guard let wrk = Executable.find("wrk") else { throw BenchmarkError("wrk is not installed (apt-get install wrk)") }
        let directory = keep ?? FileManager.default.temporaryDirectory.appendingPathComponent("teilhabe-content-benchmark-\(UUID().uuidString)").path
        defer { if keep == nil { try? FileManager.default.removeItem(atPath: directory) } }
        let database = directory + "/data/teilhabe.sqlite"
        let port = try Executable.freePort()
        let environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("TEILHABE_") }.merging([
            "TEILHABE_CONFIG": directory + "/Configuration",
            "TEILHABE_DATA": directory + "/data",
            "TEILHABE_STORAGE": "sqlite:\(database)",
            "TEILHABE_LISTEN": "127.0.0.1:\(port)",
        ]) { $1 }

        let marker = directory + "/seeded-\(regions)x\(items)"
        if !FileManager.default.fileExists(atPath: marker) {
            try? FileManager.default.removeItem(atPath: directory)
            try writeConfiguration(into: directory + "/Configuration")
            let migrate = try Executable.run(server, ["migrate"], environment: environment)
            guard migrate.status == 0 else { throw BenchmarkError("teilhabe migrate failed: \(migrate.errors)") }
            try seed(database)
            _ = FileManager.default.createFile(atPath: marker, contents: nil)
        } else {
            print("reusing the seeded deployment in \(directory)")
            // A deployment seeded by an older build: apply its migrations, rebuild search entries.
            for command in [["migrate"], ["content", "reindex"]] {
                let result = try Executable.run(server, command, environment: environment)
                guard result.status == 0 else { throw BenchmarkError("teilhabe \(command.joined(separator: " ")) failed: \(result.errors)") }
            }
        }

        // A server that has been running has its database in the OS cache; read it once so
        // the figures are not those of a cold disk.
        try warmCache(database)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: server)
        process.arguments = ["serve", "--no-migrate"]
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.standardError
        try process.run()
        defer {
            if process.isRunning {
                process.terminate()
                process.waitUntilExit()
            }
        }
        try waitUntilServing(port: port, process: process)
        try checkAnswers(port: port, environment: environment)

        print("content benchmark: \(regions) regions × \(ContentCorpus.languages.count) languages × \(items) items; \(ProcessInfo.processInfo.activeProcessorCount) cores; wrk -t\(threads) -c\(connections) -d\(duration)s; random region and language per request")
        print("")
        var rows: [[String]] = [["scenario", "requests/s", "p50 ms", "p95 ms", "p99 ms", "server CPU ms/req", "errors", "target", "result"]]
        for scenario in scenarios {
            let script = directory + "/\(scenario).lua"
            try luaScript(scenario).write(toFile: script, atomically: true, encoding: .utf8)
            let url = "http://127.0.0.1:\(port)"
            _ = try Executable.run(wrk, ["-t1", "-c\(connections)", "-d2s", "-s", script, url], environment: environment)  // warm-up
            let cpuBefore = ProcessCPU.seconds(pid: process.processIdentifier)
            let result = try Executable.run(
                wrk, ["-t\(threads)", "-c\(connections)", "-d\(duration)s", "-s", script, url], environment: environment)
            guard result.status == 0 else { throw BenchmarkError("wrk failed: \(result.errors)") }
            let figures = try LuaReport(result.output)
            let cpu = (ProcessCPU.seconds(pid: process.processIdentifier) - cpuBefore) * 1000 / max(figures.requests, 1)
            let met = figures.p95 < Self.targetP95Milliseconds && figures.errors == 0
            rows.append([
                scenario, String(format: "%.0f", figures.requestsPerSecond), String(format: "%.2f", figures.p50),
                String(format: "%.2f", figures.p95), String(format: "%.2f", figures.p99), String(format: "%.2f", cpu), String(figures.errors),
                "p95 < \(Int(Self.targetP95Milliseconds)) ms", met ? "met" : "MISSED",
            ])
        }
        print(Table.render(rows))
        let size = (try? FileManager.default.attributesOfItem(atPath: database)[.size] as? Int) ?? 0
        let memory = ProcessMemory(pid: process.processIdentifier)
        print("")
        print(String(format: "database %.0f MB; server resident %.1f MB (peak %.1f MB)", Double(size) / 1_048_576, memory.residentMB, memory.peakMB))
    }

    func warmCache(_ path: String) throws {
        let file = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        defer { try? file.close() }
        while let chunk = try file.read(upToCount: 4 << 20), !chunk.isEmpty {}
    }

    /// Makes sure the measured routes answer with content (a benchmark of empty answers
    /// would be fast and meaningless): a full list page, and hits for a common word.
    func checkAnswers(port: Int, environment: [String: String]) throws {
        guard let curl = Executable.find("curl") else { return }
        let base = "http://127.0.0.1:\(port)/api/v1/\(regionID(1))/de"
        let word = ContentCorpus.vocabulary["de"]?.first ?? "Garten"
        for (url, what) in [("\(base)/echo/stories", "the story list"), ("\(base)/search?q=\(percentEncode(word))", "a search for '\(word)'")] {
            let result = try Executable.run(curl, ["-sf", url], environment: environment)
            guard result.status == 0, result.output.contains("\"slug\"") else {
                throw BenchmarkError("\(what) answered without items (\(url)): \(result.output.prefix(200))")
            }
        }
    }

    func writeConfiguration(into folder: String) throws {
        try FileManager.default.createDirectory(atPath: folder + "/regions", withIntermediateDirectories: true)
        try Data("{\"logLevel\": \"info\"}".utf8).write(to: URL(fileURLWithPath: folder + "/teilhabe.json"))
        let languages = ContentCorpus.languages.map { language in
            language.source.map { "{\"code\": \"\(language.code)\", \"source\": \"\($0)\"}" } ?? "{\"code\": \"\(language.code)\"}"
        }.joined(separator: ", ")
        for number in 1...regions {
            let id = regionID(number)
            let file = """
                {"id": "\(id)", "names": {"de": "Region \(number)", "en": "Region \(number)"}, "timeZone": "Europe/Berlin",
                 "languages": [\(languages)], "modules": {"echo": {}}}
                """
            try Data(file.utf8).write(to: URL(fileURLWithPath: folder + "/regions/\(id).json"))
        }
    }

    /// Stories through the content store, 200 per transaction, every language at once.
    func seed(_ path: String) throws {
        let storage = try SQLiteStorage(path: path)
        defer { storage.close() }
        var regionMap: [String: Region] = [:]
        for number in 1...regions {
            let id = regionID(number)
            regionMap[id] = Region(
                id: id, names: ["de": "Region \(number)"], timeZone: TimeZone(identifier: "Europe/Berlin") ?? .current,
                defaultLanguage: "de", languages: ContentCorpus.languages, modules: [:])
        }
        let start = Date()
        // Hourly publication times ending now, so every story is visible and lists have an order.
        let firstPublication = start.addingTimeInterval(-Double(items) * 3600)
        let store = SQLContentStore(regions: regionMap, clock: SystemTime(), searchIndex: FTS5SearchIndex())
        // Record the language trees first, so the server does not reindex at start.
        try store.prepare(in: storage)
        var corpus = ContentCorpus(seed: 42)
        for number in 1...regions {
            let region = regionID(number)
            var item = 0
            while item < items {
                let batch = min(200, items - item)
                try storage.write(.region(region)) { db in
                    for _ in 0..<batch {
                        item += 1
                        try store.create(
                            corpus.story(number: item, slug: "story-\(item)", publishAt: firstPublication.addingTimeInterval(Double(item) * 3600)),
                            in: db)
                    }
                }
            }
            let elapsed = Date().timeIntervalSince(start)
            print(String(format: "seeded %@ (%d/%d regions, %.0f s)", region, number, regions, elapsed))
        }
        try storage.write { db in try db.executeScript("PRAGMA optimize") }
    }

    /// A wrk script: each request for a random region and language; prints the figures.
    func luaScript(_ scenario: String) -> String {
        let languages = ContentCorpus.languages.map { "\"\($0.code)\"" }.joined(separator: ", ")
        var common: [String] = []
        var rare: [String] = []
        for language in ContentCorpus.languages {
            let encode = { (words: [String]) in words.map { "\"\(self.percentEncode($0))\"" }.joined(separator: ", ") }
            common.append("[\"\(language.code)\"] = {" + encode(ContentCorpus.vocabulary[language.code] ?? []) + "}")
            rare.append("[\"\(language.code)\"] = {" + encode(ContentCorpus.rareWords[language.code] ?? []) + "}")
        }
        let path: String
        switch scenario {
        case "list-page": path = "\"/\" .. region .. \"/\" .. lang .. \"/echo\""
        case "list-json": path = "\"/api/v1/\" .. region .. \"/\" .. lang .. \"/echo/stories\""
        case "search-json": path = "\"/api/v1/\" .. region .. \"/\" .. lang .. \"/search?q=\" .. word"
        default: path = "\"/\" .. region .. \"/\" .. lang .. \"/search?q=\" .. word"
        }
        return """
            local languages = {\(languages)}
            local common = {\(common.joined(separator: ",\n  "))}
            local rare = {\(rare.joined(separator: ",\n  "))}
            math.randomseed(os.time())
            request = function()
              local region = string.format("r%03d", math.random(1, \(regions)))
              local lang = languages[math.random(1, #languages)]
              -- One search in four is for a common word (in most texts), the rest for rarer ones.
              local list = (math.random() < 0.25) and common[lang] or rare[lang]
              local word = list[math.random(1, #list)]
              return wrk.format("GET", \(path))
            end
            done = function(summary, latency, requests)
              local e = summary.errors
              io.write(string.format("TEILHABE requests=%d duration_us=%d p50_us=%d p95_us=%d p99_us=%d errors=%d\\n",
                summary.requests, summary.duration, latency:percentile(50), latency:percentile(95), latency:percentile(99),
                e.connect + e.read + e.write + e.status + e.timeout))
            end
            """
    }

    func percentEncode(_ text: String) -> String {
        text.utf8.map { byte in
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                ? String(UnicodeScalar(byte)) : String(format: "%%%02X", byte)
        }.joined()
    }

    private func waitUntilServing(port: Int, process: Process) throws {
        for _ in 0..<1200 {
            if !process.isRunning { throw BenchmarkError("the server exited with \(process.terminationStatus)") }
            if let socket = try? Executable.connect(port: port) {
                close(socket)
                return
            }
            usleep(50_000)
        }
        throw BenchmarkError("the server did not start listening on port \(port)")
    }
}

/// CPU time a process has used, from /proc/<pid>/stat: a per-request cost that other load
/// on a shared machine does not inflate the way it inflates latency.
enum ProcessCPU {
    static func seconds(pid: Int32) -> Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let afterName = stat.range(of: ") ")?.upperBound else { return 0 }
        let fields = stat[afterName...].split(separator: " ")
        // Fields 14 and 15 of the line (utime, stime) are the 12th and 13th after the name.
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }
}

/// The line the benchmark's wrk script prints.
struct LuaReport {
    var requests = 0.0
    var requestsPerSecond = 0.0
    var p50 = 0.0
    var p95 = 0.0
    var p99 = 0.0
    var errors = 0
    var seconds = 0.0
    /// Every `key=value` of the line, for figures a script adds.
    var values: [String: Double] = [:]

    init(_ output: String) throws {
        guard let line = output.split(separator: "\n").first(where: { $0.hasPrefix("TEILHABE ") }) else {
            throw BenchmarkError("could not read wrk's output:\n\(output)")
        }
        var values: [String: Double] = [:]
        for field in line.split(separator: " ").dropFirst() {
            let pair = field.split(separator: "=")
            if pair.count == 2, let value = Double(pair[1]) { values[String(pair[0])] = value }
        }
        self.values = values
        requests = values["requests"] ?? 0
        seconds = (values["duration_us"] ?? 0) / 1_000_000
        requestsPerSecond = requests / max(seconds, 0.001)
        p50 = (values["p50_us"] ?? 0) / 1000
        p95 = (values["p95_us"] ?? 0) / 1000
        p99 = (values["p99_us"] ?? 0) / 1000
        errors = Int(values["errors"] ?? 0)
    }
}
