// Drives a release build of `teilhabe` with wrk and prints the figures recorded in
// Documentation/Benchmarks.md. Run through `swift package benchmark` (which builds both in
// release mode), or directly:
//   teilhabe-benchmark --server .build/release/teilhabe --configuration Configuration [scenario…]
//   teilhabe-benchmark content --server .build/release/teilhabe [--regions 100 --items 1000 …]
import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.contains("content") {
    do {
        try ContentBenchmark(arguments).run()
        exit(0)
    } catch {
        FileHandle.standardError.write(Data("teilhabe-benchmark content: \(error)\n\n\(ContentBenchmark.usage)".utf8))
        exit(1)
    }
}

if arguments.contains("--help") || arguments.contains("-h") {
    print(BenchmarkOptions.usage, terminator: "")
    exit(0)
}
let options: BenchmarkOptions
do {
    options = try BenchmarkOptions.parse(arguments)
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
