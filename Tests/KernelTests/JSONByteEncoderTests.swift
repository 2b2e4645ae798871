import Foundation
import Testing
@testable import Kernel

/// The API's encoder must say exactly what Foundation's JSONEncoder says with the API's
/// conventions (sorted keys, ISO 8601 dates, unescaped slashes), only faster.
@Suite struct JSONByteEncoderTests {
    struct Place: Codable, Equatable {
        var name: String
        var coordinates: [Double]?
        var note: String?
    }

    enum Format: Codable, Equatable {
        case online(link: String)
        case inPerson(Place)
        case hybrid
    }

    struct Workshop: Codable, Equatable {
        var id: Int64
        var title: String
        var startsAt: Date
        var capacity: Int
        var open: Bool
        var format: Format
        var languages: [String]
        var answers: [String: String]
        var trainers: [[String: Int]]
        var price: Double
        var url: URL
    }

    class Base: Codable {
        var kind = "base"
    }

    final class Derived: Base {
        var extra = 7
        enum CodingKeys: String, CodingKey { case extra }
        override init() { super.init() }
        required init(from decoder: any Decoder) throws { fatalError("not decoded in tests") }
        override func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(extra, forKey: .extra)
            try super.encode(to: container.superEncoder())
        }
    }

    func foundation<T: Encodable>(_ value: T) throws -> [UInt8] {
        Array(try JSONCoding.encoder().encode(value))
    }

    @Test func jsonValueObjectsAreWrittenWithKeysInUTF8ByteOrder() {
        let object = JSONValue.object(["b": 1, "a": 2, "ab": 3, "": 4, "ä": 5, "Z": 6, "aa": 7, "a\u{0}": 8].mapValues { .integer($0) })
        #expect(String(decoding: object.encoded(), as: UTF8.self) == #"{"":4,"Z":6,"a":2,"a\u0000":8,"aa":7,"ab":3,"b":1,"ä":5}"#)
    }

    @Test func everyControlCharacterIsEscapedAsFoundationEscapesIt() throws {
        let text = String(decoding: Array(0x00...0x7F as ClosedRange<UInt8>), as: UTF8.self) + "/ü\u{2028}😀"
        let expected = try foundation([text])
        #expect(try JSONByteEncoder().encode([text]) == expected)
        #expect(JSONValue.array([.string(text)]).encoded() == expected)
    }

    /// The escaper skips eight plain bytes at a time: a character to escape must be found at
    /// every offset within and across those words, beside ASCII and multi-byte text.
    @Test func escapingFindsEveryCharacterAtEveryOffset() throws {
        for special in ["\"", "\\", "\n", "\u{0}", "\u{1f}", "\t", "\u{8}", "\u{c}", "\u{7f}"] {
            for filler in ["a", "ü", " ", "~", "!", "]", "[", "#"] {
                for length in 0...20 {
                    for position in 0...length {
                        var characters = Array(repeating: filler, count: length)
                        characters.insert(special, at: position)
                        let text = characters.joined()
                        #expect(JSONValue.string(text).encoded() == (try foundation(text)), "\(Array(text.utf8))")
                    }
                }
            }
        }
    }

    @Test func matchesFoundationByteForByte() throws {
        let workshop = Workshop(
            id: 42, title: "Digitale Grundlagen: \"Smartphone\" & E-Mail / مقدمة\n\u{01}", startsAt: Date(timeIntervalSince1970: 1_795_000_000.5),
            capacity: 20, open: true, format: .inPerson(Place(name: "Lernort Nord", coordinates: [53.55, 9.99], note: nil)),
            languages: ["de", "ar"], answers: ["z": "last", "a": "first", "m": "middle"], trainers: [["b": 2, "a": 1]],
            price: 12.5, url: URL(string: "https://example.org/a?b=c")!)
        #expect(try JSONByteEncoder().encode(workshop) == foundation(workshop))
        let list = ["items": [workshop, workshop]]
        #expect(try JSONByteEncoder().encode(list) == foundation(list))
        for format in [Format.online(link: "https://meet.example/x"), .hybrid] {
            #expect(try JSONByteEncoder().encode(format) == foundation(format))
        }
        #expect(try JSONByteEncoder().encode([1.0, -0.25, 1e20, 3]) == foundation([1.0, -0.25, 1e20, 3]))
        #expect(try JSONByteEncoder().encode(Derived()) == foundation(Derived()))
        #expect(try JSONByteEncoder().encode([String: Int]()) == foundation([String: Int]()))
        #expect(try JSONByteEncoder().encode(Optional<Int>.none) == foundation(Optional<Int>.none))
    }

    @Test func refusesNonFiniteNumbers() {
        #expect(throws: EncodingError.self) { try JSONByteEncoder().encode([Double.nan]) }
        #expect(throws: EncodingError.self) { try JSONByteEncoder().encode(["x": Double.infinity]) }
    }
}
