import CLinux
import Foundation
import Glibc

/// Hands back, once the server has started, the memory only starting needed.
///
/// Starting runs code from nearly every part of the binary once (configuration, migrations,
/// every module's registration, catalogs in seven languages, ICU's set-up) and the kernel maps
/// code in 64 KB windows around each page that runs, so a started server has 17–19 MB of its
/// 20 MB of machine code resident, of which serving touches a fraction. Those pages are clean
/// and backed by the executable file: telling the kernel they are not needed
/// (`MADV_DONTNEED`) unmaps them, and any that run later are mapped again from the page cache
/// on first use (a minor fault, no disk read). Data pages are never touched (they may hold
/// writes). Freed heap from start-up goes back through `malloc_trim`.
enum StartupMemory {
    /// Sets the allocator up before the server's threads start. glibc gives every thread
    /// that allocates under contention an arena of its own (up to eight per core) and keeps
    /// freed memory in each; a server whose threads hand buffers to one another needs few:
    /// one per core holds the resident heap about 2 MB lower after the benchmark's runs
    /// at no measurable cost in requests per second (Benchmarks.md). Freed tops of the heap above
    /// 64 KB go back to the system, and blocks from 128 KB up are mapped on their own
    /// (fixed values: glibc's own raise the mapping threshold after large frees).
    static func configureAllocator(cores: Int = ProcessInfo.processInfo.activeProcessorCount) {
        clinux_tune_malloc(Int32(max(2, cores)), 64 * 1024, 128 * 1024)
    }

    /// What was released, for the start log line.
    struct Released: Equatable {
        var codeBytes: Int
        var heapTrimmed: Bool
    }

    static func release() -> Released {
        Released(codeBytes: releaseOwnCode(), heapTrimmed: clinux_malloc_trim() == 1)
    }

    /// Unmaps the executable's code pages (its `r-xp` mappings); returns their size.
    static func releaseOwnCode() -> Int {
        guard let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"),
              let maps = try? String(contentsOfFile: "/proc/self/maps", encoding: .utf8) else { return 0 }
        var released = 0
        for mapping in codeMappings(in: maps, of: executable) {
            if madvise(UnsafeMutableRawPointer(bitPattern: mapping.lowerBound), Int(mapping.upperBound - mapping.lowerBound), MADV_DONTNEED) == 0 {
                released += Int(mapping.upperBound - mapping.lowerBound)
            }
        }
        return released
    }

    /// The address ranges of `path`'s read-and-execute mappings in a `/proc/<pid>/maps` text
    /// (`start-end perms offset dev inode path`). Only code qualifies: `r--p` may be RELRO
    /// (relocated, then made read-only), which reverting to the file would corrupt.
    static func codeMappings(in maps: String, of path: String) -> [Range<UInt>] {
        maps.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ", maxSplits: 5, omittingEmptySubsequences: true)
            guard fields.count == 6, fields[1] == "r-xp",
                  fields[5].trimmingCharacters(in: .whitespaces) == path else { return nil }
            let bounds = fields[0].split(separator: "-")
            guard bounds.count == 2, let start = UInt(bounds[0], radix: 16), let end = UInt(bounds[1], radix: 16), start < end else {
                return nil
            }
            return start..<end
        }
    }
}
