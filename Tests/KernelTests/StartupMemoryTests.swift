import Foundation
@testable import Kernel
import Testing

@Suite struct StartupMemoryTests {
    @Test func onlyTheExecutablesCodeMappingsAreChosen() {
        let maps = """
            55d0c0000000-55d0c0400000 r--p 00000000 fe:00 123 /srv/teilhabe/teilhabe
            55d0c0400000-55d0c1800000 r-xp 00400000 fe:00 123 /srv/teilhabe/teilhabe
            55d0c1800000-55d0c1900000 r--p 01800000 fe:00 123 /srv/teilhabe/teilhabe
            55d0c1900000-55d0c1a00000 rw-p 01900000 fe:00 123 /srv/teilhabe/teilhabe
            7f0000000000-7f0000100000 r-xp 00000000 fe:00 456 /usr/lib/x86_64-linux-gnu/libc.so.6
            7f0000200000-7f0000300000 r-xp 00000000 fe:00 789 /srv/teilhabe/teilhabe-other
            7f0000400000-7f0000500000 rw-p 00000000 00:00 0
            7ffd00000000-7ffd00021000 rw-p 00000000 00:00 0                          [stack]
            """
        #expect(StartupMemory.codeMappings(in: maps, of: "/srv/teilhabe/teilhabe") == [0x55d0_c040_0000..<0x55d0_c180_0000])
        #expect(StartupMemory.codeMappings(in: maps, of: "/srv/other").isEmpty)
    }

    /// Releasing this very test process's code: its resident file pages shrink, and the code
    /// still runs afterwards (mapped again on use).
    @Test func releasedCodeStillRuns() throws {
        func residentFileKilobytes() throws -> Int {
            let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
            let line = try #require(status.split(separator: "\n").first { $0.hasPrefix("RssFile:") })
            return try #require(Int(line.split(separator: " ", omittingEmptySubsequences: true)[1]))
        }
        let before = try residentFileKilobytes()
        let released = StartupMemory.release()
        #expect(released.codeBytes > 1_000_000)
        #expect(try residentFileKilobytes() < before)
        #expect(JSONValue.object(["still": .string("running")]).encoded() == Array(#"{"still":"running"}"#.utf8))
    }
}
