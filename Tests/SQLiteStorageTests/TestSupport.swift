import Foundation
import Kernel
import Synchronization
@testable import SQLiteStorage

/// A fresh folder per test, removed with everything in it when the test ends.
final class TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("teilhabe-sqlite-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    func path(_ name: String) -> String {
        url.appendingPathComponent(name).path
    }

    func openStorage(_ name: String = "teilhabe.sqlite", readers: Int = 4) throws -> SQLiteStorage {
        try SQLiteStorage(path: path(name), readers: readers)
    }
}

/// Runs `body(index)` on `count` threads started together and waits for all of them.
/// Returns the errors the bodies threw, described.
func onThreads(_ count: Int, _ body: @escaping @Sendable (Int) throws -> Void) -> [String] {
    let errors = Mutex<[String]>([])
    let group = DispatchGroup()
    for index in 0..<count {
        group.enter()
        let thread = Thread {
            do {
                try body(index)
            } catch {
                errors.withLock { $0.append("thread \(index): \(error)") }
            }
            group.leave()
        }
        thread.start()
    }
    group.wait()
    return errors.withLock { $0 }
}

/// A value threads can share in tests.
final class Shared<Value: Sendable>: Sendable {
    private let storage: Mutex<Value>
    init(_ value: Value) { storage = Mutex(value) }
    var value: Value {
        get { storage.withLock { $0 } }
        set { storage.withLock { $0 = newValue } }
    }
    func update(_ change: (inout Value) -> Void) { storage.withLock { change(&$0) } }
}
