import Foundation
import Kernel
import TeilhabeTesting

/// A server with two regions, `north` and `south`, each enabling every module.
enum TwoRegions {
    static func server(clock: any TimeSource = SystemTime(), server: [String: JSONValue] = [:], logToFile: Bool = false) throws -> TestServer {
        let ids = allModules.map { $0.manifest.id }
        return try TestServer(
            modules: allModules,
            regions: ["north": TestServer.demoRegion(id: "north", enabling: ids), "south": TestServer.demoRegion(id: "south", enabling: ids)],
            server: server, clock: clock, logToFile: logToFile)
    }
}
