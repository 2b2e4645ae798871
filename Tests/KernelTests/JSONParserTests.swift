import Foundation
@testable import Kernel
import Testing

/// `JSONValue.parse` reads with the kernel's own `JSONParser`; these tests hold it to what
/// `JSONDecoder` (decoding `JSONValue`) gives for the same text, accepted or refused.
@Suite("JSONParser")
struct JSONParserTests {
    static func reference(_ text: [UInt8]) -> JSONValue? {
        try? JSONDecoder().decode(JSONValue.self, from: Data(text))
    }

    static let accepted = [
        #"{"a":1,"b":[true,false,null],"c":{"d":"e"}}"#, #"  [ 1 , 2 ]  "#, "\t\n\r 7", #""plain""#,
        #""escapes \" \\ \/ \b \f \n \r \t""#, #""\u00e9\u0041\u20AC\ud83d\ude00""#, #""Straße Київ مرحبا 😀""#,
        "0", "-0", "-0.0", "1.0", "1e2", "1E+2", "0.1e1", "1.5", "-1.5e3", "1e-400", "123456789012345678",
        "9223372036854775807", "-9223372036854775808", "9223372036854775808", "-9223372036854775809",
        "1e18", "3.14159", "2.5e-3", "[]", "{}", "[[[]]]", #"{"a":1,"a":2}"#, #"{"":""}"#, "null", "true", "false",
        "\u{FEFF}{\"bom\":1}", #""\u0000""#, "\"\u{7F}\"",
    ]

    static let refused = [
        "", " ", "01", "-01", "1.", ".5", "-", "+1", "1e", "1e+", "1E400", "-1e400", "NaN", "Infinity",
        "[1 2]", #"{"a" 1}"#, #"{a:1}"#, "{'a':1}", #""unterminated"#, "\"tab\tinside\"", "\"line\nbreak\"",
        #""\ud800""#, #""\udc00""#, #""\ud800\u0041""#, #""\x41""#, #""\u00G0""#, #""\u12""#, "tru", "nul", "[", "{", "]",
        "1 2", "[1]]", #"{"a":}"#, "[,1]",
    ]

    @Test("accepted texts give the values JSONDecoder gives")
    func acceptedTexts() throws {
        for text in Self.accepted {
            let bytes = Array(text.utf8)
            let expected = try #require(Self.reference(bytes), "JSONDecoder refuses \(text.debugDescription)")
            #expect(try JSONValue.parse(bytes) == expected, "\(text.debugDescription)")
            #expect(try JSONValue.parse(text) == expected, "\(text.debugDescription)")
        }
    }

    @Test("refused texts are refused, as by JSONDecoder")
    func refusedTexts() {
        for text in Self.refused {
            let bytes = Array(text.utf8)
            #expect(Self.reference(bytes) == nil, "JSONDecoder accepts \(text.debugDescription)")
            #expect(throws: JSONParser.Failure.self, "\(text.debugDescription)") { try JSONValue.parse(bytes) }
        }
    }

    @Test("trailing commas are refused (RFC 8259), though JSONDecoder reads them")
    func trailingCommas() {
        for text in ["[1,]", #"{"a":1,}"#, #"{"a":[true,],"b":2}"#] {
            #expect(throws: JSONParser.Failure.self, "\(text)") { try JSONValue.parse(text) }
        }
    }

    @Test("invalid UTF-8 in a string is refused")
    func invalidUTF8() {
        for bytes: [UInt8] in [[0x22, 0xFF, 0x22], [0x22, 0xC3, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22], [0x22, 0x5C, 0x6E, 0xC0, 0xAF, 0x22]] {
            #expect(Self.reference(bytes) == nil)
            #expect(throws: JSONParser.Failure.self) { try JSONValue.parse(bytes) }
        }
    }

    @Test("nesting deeper than 512 levels is refused, 512 are read")
    func depth() throws {
        let deepest = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        #expect(try JSONValue.parse(deepest) == Self.reference(Array(deepest.utf8)))
        let tooDeep = String(repeating: "[", count: 513) + String(repeating: "]", count: 513)
        #expect(throws: JSONParser.Failure.self) { try JSONValue.parse(tooDeep) }
        let tooDeepObjects = String(repeating: #"{"a":"#, count: 10_000)
        #expect(throws: JSONParser.Failure.self) { try JSONValue.parse(tooDeepObjects) }
    }

    @Test("an error names the byte where the text goes wrong")
    func errorOffset() {
        #expect(throws: JSONParser.Failure.self) { try JSONValue.parse(#"{"a":[1,2,x]}"#) }
        do {
            _ = try JSONValue.parse(#"{"a":[1,2,x]}"#)
        } catch let failure as JSONParser.Failure {
            #expect(failure.offset == 10)
            #expect(failure.description.contains("byte 10"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("random documents read back as written, and mangled ones as JSONDecoder reads them")
    func randomDocuments() throws {
        var generator = SeededGenerator(seed: 0x7E11_4ABE)
        for _ in 0..<400 {
            let value = Self.randomValue(depth: 0, using: &generator)
            let text = value.encoded()
            let parsed = try JSONValue.parse(text)
            #expect(parsed == Self.reference(text), "\(String(decoding: text, as: UTF8.self))")
            // One byte changed, removed or doubled: accepted or refused exactly as JSONDecoder does.
            var mangled = text
            let index = Int.random(in: 0..<mangled.count, using: &generator)
            switch Int.random(in: 0..<3, using: &generator) {
            case 0: mangled[index] = Array(#"{}[],:"\ 0-.eE1tfnu"#.utf8).randomElement(using: &generator) ?? 0
            case 1: mangled.remove(at: index)
            default: mangled.insert(mangled[index], at: index)
            }
            let mangledText = String(decoding: mangled, as: UTF8.self)
            // Trailing commas are the one known difference (see trailingCommas).
            if mangledText.contains(/,\s*[\]}]/) { continue }
            #expect((try? JSONValue.parse(mangled)) == Self.reference(mangled), "\(mangledText)")
        }
    }

    static func randomValue(depth: Int, using generator: inout SeededGenerator) -> JSONValue {
        let strings = ["", "a", "Grüße", "Привет", "سلام", "tab\there", "quote\"back\\slash", "😀 emoji", "\u{1}", "line\nbreak"]
        switch Int.random(in: 0..<(depth > 3 ? 5 : 7), using: &generator) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &generator))
        case 2: return .integer(Int64.random(in: -1_000_000_000_000...1_000_000_000_000, using: &generator))
        case 3: return .number(Double(Int.random(in: -100_000...100_000, using: &generator)) / 7.0 + 0.5)
        case 4: return .string(strings.randomElement(using: &generator) ?? "")
        case 5: return .array((0..<Int.random(in: 0..<5, using: &generator)).map { _ in randomValue(depth: depth + 1, using: &generator) })
        default:
            var members: [String: JSONValue] = [:]
            for _ in 0..<Int.random(in: 0..<5, using: &generator) {
                members[strings.randomElement(using: &generator) ?? ""] = randomValue(depth: depth + 1, using: &generator)
            }
            return .object(members)
        }
    }
}

/// A small deterministic generator (SplitMix64), so that a failing document can be found again.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
