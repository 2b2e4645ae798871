import Foundation

/// What new-module needs to know about the package on disk: its files, its targets, the ids
/// existing modules declare and the kernel contract version.
struct PackageFacts {
    let root: URL
    /// Every target of the package as SwiftPM evaluated it (a trimmed `TEILHABE_MODULES`
    /// leaves modules out, which is why the module list is read from Package.swift's text).
    let targetNames: [String]

    func url(_ relativePath: String) -> URL { root.appending(path: relativePath) }

    func read(_ relativePath: String) throws(ScaffoldError) -> String {
        do {
            return try String(contentsOf: url(relativePath), encoding: .utf8)
        } catch {
            throw .packageManifest("cannot read \(relativePath): \(error.localizedDescription)")
        }
    }

    /// The entry of `folder` whose name equals `name` ignoring case (two modules differing only
    /// in case would collide on case-insensitive file systems).
    func existingEntry(named name: String, in folder: String) -> String? {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: url(folder).path)) ?? []
        return entries.first { $0.lowercased() == name.lowercased() }.map { folder + "/" + $0 }
    }

    /// Module ids declared by the manifests under Sources/Modules, with the file declaring each.
    /// Read from the source text (`ModuleManifest(id: "…"`); boot validation stays the authority.
    func declaredModuleIDs() -> [(id: String, file: String, folder: String)] {
        let modulesFolder = "Sources/Modules"
        let folders = ((try? FileManager.default.contentsOfDirectory(atPath: url(modulesFolder).path)) ?? []).sorted()
        var found: [(id: String, file: String, folder: String)] = []
        for folder in folders {
            let files = ((try? FileManager.default.contentsOfDirectory(atPath: url("\(modulesFolder)/\(folder)").path)) ?? [])
                .filter { $0.hasSuffix(".swift") }.sorted()
            for file in files {
                let path = "\(modulesFolder)/\(folder)/\(file)"
                guard let text = try? String(contentsOf: url(path), encoding: .utf8),
                      let id = Self.manifestID(in: text) else { continue }
                found.append((id, path, folder))
            }
        }
        return found
    }

    /// `KernelVersion.current` from Sources/Kernel/Modules/Module.swift, as (major, minor, patch).
    func kernelVersion() -> (Int, Int, Int)? {
        guard let text = try? String(contentsOf: url("Sources/Kernel/Modules/Module.swift"), encoding: .utf8),
              let range = text.range(of: "static let current: SemanticVersion = \"") else { return nil }
        let parts = text[range.upperBound...].prefix { $0 != "\"" }.split(separator: ".").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        return (parts[0], parts[1], parts[2])
    }

    private static func manifestID(in text: String) -> String? {
        guard let call = text.range(of: "ModuleManifest(") else { return nil }
        let rest = text[call.upperBound...].drop { $0.isWhitespace }
        guard rest.hasPrefix("id:") else { return nil }
        let value = rest.dropFirst(3).drop { $0.isWhitespace }
        guard value.first == "\"" else { return nil }
        return String(value.dropFirst().prefix { $0 != "\"" })
    }
}
