import CCrypto
import Dispatch
import Foundation

/// Password hashing with scrypt (RFC 7914) through libcrypto.
///
/// A stored hash names its parameters: `scrypt$<log2 N>$<r>$<p>$<salt>$<key>` with salt
/// (16 bytes) and key (32 bytes) in base64url. Verifying a hash made with other parameters
/// reports that it needs rehashing, and sign-in then stores a new one, so raising the cost
/// upgrades every account as people sign in.
///
/// The parameters (N = 2^15, r = 8, p = 1) take about 115 ms and 32 MiB per hash on the
/// reference machine (see Documentation/Benchmarks.md): slow for guessing, fine for a person.
/// At most one hash per core runs at a time, so a burst of sign-ins queues instead of
/// exhausting memory.
public struct PasswordHasher: Sendable {
    public struct Parameters: Sendable, Hashable, CustomStringConvertible {
        /// log2 of scrypt's N (CPU and memory cost).
        public var costExponent: Int
        public var blockSize: Int
        public var parallelism: Int

        public init(costExponent: Int, blockSize: Int, parallelism: Int) {
            self.costExponent = costExponent
            self.blockSize = blockSize
            self.parallelism = parallelism
        }

        /// Bytes scrypt needs: 128 · N · r · p.
        var memory: UInt64 { 128 * (UInt64(1) << UInt64(costExponent)) * UInt64(blockSize) * UInt64(parallelism) }

        public var description: String { "N=2^\(costExponent), r=\(blockSize), p=\(parallelism)" }
    }

    /// What new hashes are made with.
    public static let currentParameters = Parameters(costExponent: 15, blockSize: 8, parallelism: 1)

    public let parameters: Parameters
    private let gate: DispatchSemaphore

    public init(parameters: Parameters = PasswordHasher.currentParameters, concurrency: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.parameters = parameters
        gate = DispatchSemaphore(value: max(1, concurrency))
    }

    static let saltLength = 16
    static let keyLength = 32

    /// A new hash of `password` with a fresh salt.
    public func hash(_ password: String) throws -> String {
        let salt = SecureRandom.bytes(Self.saltLength)
        let key = try derive(password, salt: salt, parameters: parameters)
        return Self.format(parameters: parameters, salt: salt, key: key)
    }

    public enum Verification: Sendable, Equatable {
        case invalid
        /// The password matches; `needsRehash` when the hash used other parameters.
        case valid(needsRehash: Bool)
    }

    /// Whether `password` matches `stored`, compared in constant time.
    public func verify(_ password: String, against stored: String) throws -> Verification {
        guard let (storedParameters, salt, key) = Self.parse(stored),
              storedParameters.memory <= 1 << 30 else { return .invalid }
        let derived = try derive(password, salt: salt, parameters: storedParameters)
        guard constantTimeEquals(derived, key) else { return .invalid }
        return .valid(needsRehash: storedParameters != parameters)
    }

    /// Spends the time of one verification without a stored hash, so that answering for an
    /// unknown e-mail address takes as long as for a known one.
    public func spendVerificationTime(_ password: String) throws {
        _ = try derive(password, salt: [UInt8](repeating: 0, count: Self.saltLength), parameters: parameters)
    }

    private func derive(_ password: String, salt: [UInt8], parameters: Parameters) throws -> [UInt8] {
        gate.wait()
        defer { gate.signal() }
        // The same password typed on different keyboards may arrive composed or decomposed.
        let secret = Array(password.precomposedStringWithCanonicalMapping.utf8)
        var key = [UInt8](repeating: 0, count: Self.keyLength)
        let result = secret.withUnsafeBufferPointer { secret in
            secret.withMemoryRebound(to: CChar.self) { secret in
                salt.withUnsafeBufferPointer { salt in
                    EVP_PBE_scrypt(
                        secret.baseAddress, secret.count, salt.baseAddress, salt.count,
                        UInt64(1) << UInt64(parameters.costExponent), UInt64(parameters.blockSize),
                        UInt64(parameters.parallelism), parameters.memory * 2, &key, key.count)
                }
            }
        }
        guard result == 1 else { throw PasswordHashingError(parameters: parameters) }
        return key
    }

    static func format(parameters: Parameters, salt: [UInt8], key: [UInt8]) -> String {
        "scrypt$\(parameters.costExponent)$\(parameters.blockSize)$\(parameters.parallelism)$\(Base64URL.encode(salt))$\(Base64URL.encode(key))"
    }

    static func parse(_ stored: String) -> (Parameters, salt: [UInt8], key: [UInt8])? {
        let fields = stored.split(separator: "$", omittingEmptySubsequences: false)
        guard fields.count == 6, fields[0] == "scrypt",
              let exponent = Int(fields[1]), (1...24).contains(exponent),
              let blockSize = Int(fields[2]), (1...64).contains(blockSize),
              let parallelism = Int(fields[3]), (1...16).contains(parallelism),
              let salt = Base64URL.decode(String(fields[4])), !salt.isEmpty,
              let key = Base64URL.decode(String(fields[5])), key.count == keyLength else { return nil }
        return (Parameters(costExponent: exponent, blockSize: blockSize, parallelism: parallelism), salt, key)
    }
}

/// libcrypto could not run scrypt (it could not allocate the memory the parameters need).
public struct PasswordHashingError: Error, Sendable, CustomStringConvertible {
    public let parameters: PasswordHasher.Parameters
    public var description: String { "scrypt with \(parameters) failed: libcrypto could not allocate \(parameters.memory) bytes" }
}
