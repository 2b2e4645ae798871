// Drives a release build of `teilhabe` with wrk and prints the figures recorded in
// Documentation/Benchmarks.md. Run through `swift package benchmark` (which builds both in
// release mode), or directly:
//   teilhabe-benchmark --server .build/release/teilhabe --configuration Configuration [scenario…]
import Foundation

let options: BenchmarkOptions
do {
    options = try BenchmarkOptions.parse(Array(CommandLine.arguments.dropFirst()))
} catch {
    FileHandle.standardError.write(Data("teilhabe-benchmark: \(error)\n\n\(BenchmarkOptions.usage)".utf8))
    exit(2)
}
do {
    if !options.scenarios.isEmpty { try BenchmarkRun(options: options).run() }
    if !options.workloads.isEmpty {
        if !options.scenarios.isEmpty { print("") }
        try WorkloadRun(options: options).run(options.workloads)
    }
} catch {
    FileHandle.standardError.write(Data("teilhabe-benchmark: \(error)\n".utf8))
    exit(1)
}
