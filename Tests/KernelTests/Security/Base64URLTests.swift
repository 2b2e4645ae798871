import Foundation
import Kernel
import Testing

/// The byte-by-byte base64url agrees with Foundation's base64 for every length and refuses
/// what no encoding produces.
@Suite struct Base64URLTests {
    @Test func encodingMatchesFoundationAndDecodesBack() {
        var generator = SystemRandomNumberGenerator()
        for length in 0...100 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let expected = Data(bytes).base64EncodedString()
                .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
            let encoded = Base64URL.encode(bytes)
            #expect(encoded == expected, "length \(length)")
            #expect(Base64URL.decode(encoded) == bytes, "length \(length)")
        }
        #expect(Base64URL.encode(Array("any carnal pleas".utf8)) == "YW55IGNhcm5hbCBwbGVhcw")
        #expect(Base64URL.encode([0xFB, 0xFF]) == "-_8")
    }

    @Test func anythingButUnpaddedBase64URLIsRefused() {
        #expect(Base64URL.decode("YW55=") == nil, "padding")
        #expect(Base64URL.decode("YW+5") == nil, "the standard alphabet's +")
        #expect(Base64URL.decode("YW55I") == nil, "a length no encoding has")
        #expect(Base64URL.decode("-_9") == nil, "unused bits set")
        #expect(Base64URL.decode("") == [])
    }
}
