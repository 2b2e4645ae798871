import CLinux
#if canImport(Glibc)
import Glibc
#endif

/// One IPv4 or IPv6 address or CIDR range (`10.0.0.0/8`, `::1`, `fd00::/8`), for deciding
/// which peers are trusted proxies.
public struct IPAddressRange: Sendable, Hashable, CustomStringConvertible {
    /// 4 or 16 bytes.
    public let network: [UInt8]
    public let prefixLength: Int

    /// nil when `text` is neither an address nor a range with a valid prefix length.
    public init?(parsing text: String) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = IPAddressRange.bytes(of: String(parts[0])) else { return nil }
        let maximum = address.count * 8
        if parts.count == 2 {
            guard let length = Int(parts[1]), (0...maximum).contains(length) else { return nil }
            prefixLength = length
        } else {
            prefixLength = maximum
        }
        network = IPAddressRange.masked(address, prefixLength)
    }

    /// Whether `address` (text form, as a socket reports it) lies in this range. IPv4-mapped
    /// IPv6 addresses (`::ffff:10.0.0.1`) match IPv4 ranges.
    public func contains(_ address: String) -> Bool {
        guard var bytes = IPAddressRange.bytes(of: address) else { return false }
        if bytes.count == 16, network.count == 4, bytes[0..<12] == [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF] {
            bytes = Array(bytes[12...])
        }
        guard bytes.count == network.count else { return false }
        return IPAddressRange.masked(bytes, prefixLength) == network
    }

    public var description: String {
        let text = IPAddressRange.text(of: network)
        return prefixLength == network.count * 8 ? text : "\(text)/\(prefixLength)"
    }

    /// The 4 or 16 bytes of an IPv4 or IPv6 address in text form.
    public static func bytes(of text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { Array($0) }
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { Array($0) }
        }
        return nil
    }

    private static func text(of bytes: [UInt8]) -> String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let family = bytes.count == 4 ? AF_INET : AF_INET6
        _ = bytes.withUnsafeBytes { inet_ntop(family, $0.baseAddress, &buffer, socklen_t(buffer.count)) }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private static func masked(_ bytes: [UInt8], _ prefixLength: Int) -> [UInt8] {
        bytes.enumerated().map { index, byte in
            let bitsHere = max(0, min(8, prefixLength - index * 8))
            return bitsHere == 8 ? byte : byte & ~(UInt8(0xFF) >> bitsHere)
        }
    }
}
