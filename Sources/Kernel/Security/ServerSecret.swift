import CCrypto
import Foundation

/// The server's signing key: 32 random bytes in `<dataDirectory>/secret.key` (mode 0600),
/// created on first start. Signed links and tokens stay valid across restarts and across
/// instances sharing the data directory; deleting the file invalidates all of them.
public struct ServerSecret: Sendable {
    let key: [UInt8]

    public static let fileName = "secret.key"

    public init(key: [UInt8]) {
        self.key = key
    }

    /// Reads the secret from `directory`, creating it when absent.
    public static func loadOrCreate(in directory: String) throws -> ServerSecret {
        let path = (directory as NSString).appendingPathComponent(fileName)
        if let data = FileManager.default.contents(atPath: path) {
            guard data.count == 32 else {
                throw ServerSecretError("\(path) holds \(data.count) bytes, expected 32; restore it or delete it to make a new one (all signed links then stop working)")
            }
            return ServerSecret(key: Array(data))
        }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let key = SecureRandom.bytes(32)
        guard FileManager.default.createFile(atPath: path, contents: Data(key), attributes: [.posixPermissions: 0o600]) else {
            throw ServerSecretError("cannot write \(path)")
        }
        return ServerSecret(key: key)
    }

    /// HMAC-SHA256 of `message` under this secret.
    public func authenticate(_ message: [UInt8]) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        key.withUnsafeBufferPointer { key in
            message.withUnsafeBufferPointer { message in
                _ = HMAC(EVP_sha256(), key.baseAddress, Int32(key.count), message.baseAddress, message.count, &output, &length)
            }
        }
        return Array(output.prefix(Int(length)))
    }
}

public struct ServerSecretError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

/// Compares two byte strings in time independent of where they differ.
public func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    guard a.count == b.count else { return false }
    return a.withUnsafeBytes { x in b.withUnsafeBytes { y in CRYPTO_memcmp(x.baseAddress, y.baseAddress, a.count) == 0 } }
}
