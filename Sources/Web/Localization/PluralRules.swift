/// A CLDR plural category: which form of a counted phrase a language uses for a number.
public enum PluralCategory: String, Sendable, Hashable, CaseIterable, Comparable {
    case zero, one, two, few, many, other

    public static func < (lhs: PluralCategory, rhs: PluralCategory) -> Bool {
        allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
    }
}

/// The CLDR plural operands of a number (Unicode TR35, "Plural Operand Meanings"):
/// n absolute value, i integer digits, v count of visible fraction digits, f visible
/// fraction digits as an integer, t the same without trailing zeros.
public struct PluralOperands: Sendable, Equatable {
    public var n: Double
    public var i: Int
    public var v: Int
    public var f: Int
    public var t: Int

    public init(_ integer: Int) {
        let magnitude = integer.magnitude > UInt(Int.max) ? Int.max : Int(integer.magnitude)
        n = Double(magnitude)
        i = magnitude
        v = 0
        f = 0
        t = 0
    }

    /// Operands of a decimal as written, such as `"1.50"` (v = 2, f = 50, t = 5); nil when it
    /// is not a plain decimal number.
    public init?(decimal: String) {
        var text = Substring(decimal)
        if text.first == "-" || text.first == "+" { text = text.dropFirst() }
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let integerPart = parts.first, !integerPart.isEmpty, integerPart.allSatisfy(\.isASCIIDigit),
              let integer = Int(integerPart) else { return nil }
        let fraction = parts.count == 2 ? parts[1] : ""
        guard fraction.allSatisfy(\.isASCIIDigit), fraction.count <= 18, parts.count == 1 || !fraction.isEmpty else { return nil }
        let trimmed = fraction.reversed().drop { $0 == "0" }.reversed()
        i = integer
        v = fraction.count
        f = Int(fraction) ?? 0
        t = Int(String(trimmed)) ?? 0
        n = Double("\(integer).\(fraction.isEmpty ? "0" : String(fraction))") ?? Double(integer)
    }

    /// Whether n is a whole number (CLDR ranges such as `n % 100 = 3..10` match only those).
    var nIsInteger: Bool { n.rounded(.towardZero) == n }
    func n(modulo divisor: Int) -> Double { n.truncatingRemainder(dividingBy: Double(divisor)) }
}

/// CLDR plural rules (release 46) for the languages Teilhabe ships catalogs in. A language
/// without rules here follows English, which has the same one/other split as most others.
public enum PluralRules {
    public static func category(for count: Int, language: String) -> PluralCategory {
        category(for: PluralOperands(count), language: language)
    }

    public static func category(for operands: PluralOperands, language: String) -> PluralCategory {
        let o = operands
        switch primarySubtag(of: language) {
        case "ar":
            // zero: n = 0; one: n = 1; two: n = 2; few: n % 100 = 3..10; many: n % 100 = 11..99
            guard o.nIsInteger else { return .other }
            let hundreds = o.n(modulo: 100)
            if o.n == 0 { return .zero }
            if o.n == 1 { return .one }
            if o.n == 2 { return .two }
            if (3...10).contains(hundreds) { return .few }
            if (11...99).contains(hundreds) { return .many }
            return .other
        case "ru", "uk":
            // one: v = 0 and i % 10 = 1 and i % 100 != 11; few: v = 0 and i % 10 = 2..4 and
            // i % 100 != 12..14; many: v = 0 and (i % 10 = 0 or 5..9, or i % 100 = 11..14)
            guard o.v == 0 else { return .other }
            let tens = o.i % 10, hundreds = o.i % 100
            if tens == 1 && hundreds != 11 { return .one }
            if (2...4).contains(tens) && !(12...14).contains(hundreds) { return .few }
            return .many
        case "fa":
            // one: i = 0 or n = 1
            return o.i == 0 || o.n == 1 ? .one : .other
        case "tr":
            // one: n = 1
            return o.n == 1 ? .one : .other
        default:
            // de, en: one: i = 1 and v = 0
            return o.i == 1 && o.v == 0 ? .one : .other
        }
    }

    /// The categories `language` distinguishes; a counted message in that language needs a
    /// form for each.
    public static func categories(of language: String) -> Set<PluralCategory> {
        switch primarySubtag(of: language) {
        case "ar": [.zero, .one, .two, .few, .many, .other]
        case "ru", "uk": [.one, .few, .many, .other]
        default: [.one, .other]
        }
    }

    static func primarySubtag(of language: String) -> Substring {
        language.split(separator: "-", maxSplits: 1).first ?? Substring(language)
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
