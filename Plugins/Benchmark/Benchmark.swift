import Foundation
import PackagePlugin

/// `swift package benchmark [scenario…] [--duration s] [--connections n]`: builds `teilhabe`
/// and the benchmark driver in release mode, then runs the driver against the shipped
/// configuration. The figures go to standard output; record them in
/// Documentation/Benchmarks.md.
@main
struct Benchmark: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        var binaries: [String: URL] = [:]
        for product in ["teilhabe", "teilhabe-benchmark"] {
            print("building \(product) (release)…")
            let result = try packageManager.build(.product(product), parameters: .init(configuration: .release, echoLogs: false))
            guard result.succeeded, let artifact = result.builtArtifacts.first(where: { $0.kind == .executable }) else {
                Diagnostics.error("building \(product) failed:\n\(result.logText)")
                return
            }
            binaries[product] = artifact.url
        }
        guard let server = binaries["teilhabe"], let driver = binaries["teilhabe-benchmark"] else { return }
        let process = Process()
        process.executableURL = driver
        process.arguments = [
            "--server", server.path,
            "--configuration", context.package.directoryURL.appending(path: "Configuration").path,
        ] + arguments
        try process.run()
        process.waitUntilExit()
        if process.terminationStatus != 0 {
            Diagnostics.error("the benchmark driver exited with \(process.terminationStatus)")
        }
    }
}
