import Foundation
import Testing

/// `TEILHABE_MODULES=… swift build` links only the named modules and what they require.
/// This builds a real second binary (in `.build-trimmed`, kept between runs so later runs
/// are incremental) and asks it what it holds.
@Suite struct TrimmedBuildTests {
    @Test(.timeLimit(.minutes(30)))
    func trimmedBinaryHoldsOnlyTheChosenModulesAndTheirDependencies() throws {
        let root = Binary.repositoryRoot
        let build = Process()
        build.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        build.arguments = ["swift", "build", "--product", "teilhabe", "--scratch-path", root + "/.build-trimmed"]
        build.currentDirectoryURL = URL(fileURLWithPath: root)
        var environment = ProcessInfo.processInfo.environment
        environment["TEILHABE_MODULES"] = "Mentoring,Newsletter"
        build.environment = environment
        let log = Pipe()
        build.standardOutput = log
        build.standardError = log
        try build.run()
        let output = String(decoding: log.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        build.waitUntilExit()
        try #require(build.terminationStatus == 0, "trimmed build failed:\n\(output.suffix(4000))")

        let modules = Process()
        modules.executableURL = URL(fileURLWithPath: root + "/.build-trimmed/debug/teilhabe")
        modules.arguments = ["modules"]
        let listing = Pipe()
        modules.standardOutput = listing
        try modules.run()
        let text = String(decoding: listing.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        modules.waitUntilExit()
        let ids = text.split(separator: "\n").compactMap { $0.split(separator: " ").first.map(String.init) }
        // Mentoring requires LearningSites, so it comes along; nothing else does.
        #expect(ids == ["learning-sites", "mentoring", "newsletter"])
    }
}
