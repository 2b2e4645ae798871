import Foundation
import Synchronization

/// Real third-party peers for tests, from PyPI: parsers (icalendar, feedparser), validators
/// (openapi-spec-validator) and servers (aiosmtpd). `require` installs a missing package with
/// `pip install --user` once per test run, so `swift test` works on a fresh machine; the
/// README says so.
public enum PythonTool {
    public struct Result: Sendable {
        public var status: Int32
        public var output: String
        public var errors: String
    }

    private static let installed = Mutex<Set<String>>([])

    /// Makes sure `module` imports, installing `package` (default: the module name) if not.
    public static func require(_ module: String, package: String? = nil) throws {
        if installed.withLock({ $0.contains(module) }) { return }
        if try run(["-c", "import \(module)"]).status != 0 {
            let install = try run(["-m", "pip", "install", "--quiet", "--user", package ?? module])
            guard install.status == 0, try run(["-c", "import \(module)"]).status == 0 else {
                throw TestServerError("cannot install the Python package \(package ?? module): \(install.errors)")
            }
        }
        installed.withLock { _ = $0.insert(module) }
    }

    /// Runs `python3 <arguments>` with `input` on standard input.
    public static func run(_ arguments: [String], input: [UInt8] = []) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(Data(input))
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        let errors = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, output: String(decoding: output, as: UTF8.self),
            errors: String(decoding: errors, as: UTF8.self))
    }

    /// Runs a Python script given as text, with `input` on standard input.
    public static func script(_ source: String, input: [UInt8] = []) throws -> Result {
        try run(["-c", source], input: input)
    }
}
