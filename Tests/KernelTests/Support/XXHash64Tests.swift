import Kernel
import Testing

/// XXH64 against the values of the reference implementation (Python's `xxhash` 3.x, which
/// wraps it), over every path: short tails of 1, 4 and 8 bytes, and 32-byte stripes.
@Suite struct XXHash64Tests {
    static let data: [UInt8] = (0..<1000).map { UInt8(($0 * 7 + 3) % 256) }

    static let reference: [(Int, UInt64)] = [
        (0, 0xef46db3751d8e999), (1, 0x1f25c8d0bc1f4bb6), (3, 0x31d2363f52e564c9), (4, 0x9bb64b7d66ee9fda),
        (5, 0xc7608efddb7051fe), (7, 0x9a7b149959ce60d8), (8, 0xdab99d95c6f90092), (9, 0x170bb6bf975b4c02),
        (12, 0xd52e407833af5133), (15, 0x1b47cb8243cc8e32), (16, 0x434850232b787be2), (17, 0x1efa7025f1b97a7a),
        (31, 0xa2aa5f33cc4a6119), (32, 0x23c3c17ef790fd97), (33, 0x50a7cfc7ba588784), (35, 0xa5b3456011d2913b),
        (40, 0xb620306b253d76b6), (63, 0x5e3e54b431c7493c), (64, 0x0eb64b3ef6eeb01f), (65, 0xa383b724b2bd12f1),
        (100, 0xa61f8d4c170fe531), (255, 0x39ae55a29989206f), (1000, 0x5f235fa033f1a3fb),
    ]

    @Test func matchesTheReferenceImplementation() {
        for (length, expected) in Self.reference {
            #expect(XXHash64.hash(Array(Self.data.prefix(length))) == expected, "length \(length)")
        }
        #expect(XXHash64.hash(Array("abc".utf8)) == 0x44bc2cf5ad770999)
        #expect(XXHash64.hash(Array("Nobody inspects the spammish repetition".utf8)) == 0xfbcea83c8a378bf1)
    }

    @Test func everyByteCounts() {
        let base = Array(Self.data.prefix(100))
        var seen: Set<UInt64> = [XXHash64.hash(base)]
        for index in base.indices {
            var changed = base
            changed[index] ^= 1
            seen.insert(XXHash64.hash(changed))
        }
        #expect(seen.count == 101)
    }
}
