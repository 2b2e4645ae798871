import Foundation

/// Writes the modules' demo content into demo regions when the server starts (see
/// `DemoContent`). `kernel_demo_content` remembers which module wrote into which region.
enum DemoContentArea {
    static let area = KernelArea(
        id: "demo",
        migrations: [
            Migration("001-create-demo-content", sql: """
                CREATE TABLE kernel_demo_content (
                    region TEXT NOT NULL,
                    module TEXT NOT NULL,
                    written_at BIGINT NOT NULL,
                    PRIMARY KEY (region, module)
                );
                """),
        ],
        start: { services in try write(services) })

    /// Writes what is missing: each module's content in each demo region enabling it, once.
    /// A module whose content fails is logged and skipped; the others still get theirs.
    static func write(_ services: KernelServices) throws {
        for region in services.regions.values.sorted(by: { $0.id < $1.id }) where region.demoContent {
            for manifest in services.registry.manifests {
                guard let demo = manifest.demo, let settings = region.modules[manifest.id] else { continue }
                do {
                    let wrote = try services.storage.write(.region(region.id)) { db -> Bool in
                        let written = try db.scalar(Int64.self, """
                            SELECT COUNT(*) FROM kernel_demo_content WHERE region = \(region.id) AND module = \(manifest.id)
                            """) ?? 0
                        guard written == 0 else { return false }
                        let now = services.clock.now()
                        try demo.write(DemoContext(module: manifest.id, region: region, settings: settings, services: services, transaction: db, now: now))
                        try db.execute("""
                            INSERT INTO kernel_demo_content (region, module, written_at) VALUES (\(region.id), \(manifest.id), \(now))
                            """)
                        return true
                    }
                    guard wrote else { continue }
                    services.logger.info("demo content written", ["region": .string(region.id), "module": .string(manifest.id)])
                } catch {
                    services.logger.error(
                        "demo content failed", ["region": .string(region.id), "module": .string(manifest.id), "error": .string(String(describing: error))])
                }
            }
        }
    }
}
