import Foundation

/// Folds spelling variants that SQLite's `unicode61 remove_diacritics 2` tokenizer keeps
/// apart, applied to indexed text and to queries alike, so that a reader finds a word
/// however it was typed:
///
/// - Arabic script (ar, fa): harakat, Quranic marks and tatweel are dropped (the tokenizer
///   would split words at them); alef with hamza or madda (أ إ آ ٱ) becomes bare alef,
///   hamza on waw/yeh (ؤ ئ) the bare letter, alef maksura and Farsi yeh (ى ی) Arabic yeh,
///   teh marbuta (ة) heh, keheh (ک) kaf — the usual normalisation of Arabic retrieval.
/// - Zero-width joiners and non-joiners (Persian half-spaces), soft hyphens and BOMs are
///   dropped, so `می‌خواهم` and `میخواهم` are one word.
/// - German ß/ẞ becomes ss; Russian ё becomes е; Turkish dotless ı becomes i.
///
/// Latin diacritics (ä → a, é → e) and case are left to the tokenizer.
public enum SearchNormalization {
    public static func normalize(_ text: String) -> String {
        var output = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let (first, second) = normalized(scalar)
            if let first { output.append(first) }
            if let second { output.append(second) }
        }
        return String(output)
    }

    /// `scalar` as `normalize` writes it: nothing (dropped), one scalar, or two (ß → ss).
    @inline(__always)
    static func normalized(_ scalar: Unicode.Scalar) -> (Unicode.Scalar?, Unicode.Scalar?) {
        switch scalar.value {
        case 0x064B...0x065F, 0x0670, 0x0640, 0x06D6...0x06ED:
            return (nil, nil)  // harakat, superscript alef, tatweel, Quranic annotation marks
        case 0x200B...0x200D, 0x00AD, 0xFEFF, 0x2060:
            return (nil, nil)  // zero-width characters, soft hyphen
        case 0x0622, 0x0623, 0x0625, 0x0671: return ("\u{0627}", nil)
        case 0x0624: return ("\u{0648}", nil)
        case 0x0626, 0x0649, 0x06CC: return ("\u{064A}", nil)
        case 0x0629: return ("\u{0647}", nil)
        case 0x06A9: return ("\u{0643}", nil)
        case 0x00DF: return ("s", "s")
        case 0x1E9E: return ("S", "S")
        case 0x0451: return ("\u{0435}", nil)
        case 0x0401: return ("\u{0415}", nil)
        case 0x0131: return ("i", nil)
        default: return (scalar, nil)
        }
    }

    /// The words of a text as the tokenizer sees them: runs of letters, digits and the
    /// combining marks on them. Scanned by scalars, so no grapheme breaking is needed.
    public static func words(_ text: String) -> [Substring] {
        var words: [Substring] = []
        let scalars = text.unicodeScalars
        var start: String.Index?
        var index = scalars.startIndex
        while index < scalars.endIndex {
            if isWordScalar(scalars[index]) {
                if start == nil { start = index }
            } else if let wordStart = start {
                words.append(Substring(scalars[wordStart..<index]))
                start = nil
            }
            index = scalars.index(after: index)
        }
        if let wordStart = start { words.append(Substring(scalars[wordStart..<scalars.endIndex])) }
        return words
    }

    /// A digit or a Latin letter; the fast path that scanners inline before `isWordScalar`.
    @inline(__always)
    static func isASCIIWordCharacter(_ value: UInt32) -> Bool {
        (0x30...0x39).contains(value) || (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value)
    }

    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 { return isASCIIWordCharacter(value) }
        // The letters of the site's languages without a property lookup: Latin-1 and
        // Extended-A/B (but × and ÷), Cyrillic, Arabic and Persian letters and digits.
        if (0x00C0...0x024F).contains(value) { return value != 0xD7 && value != 0xF7 }
        if (0x0400...0x0481).contains(value) || (0x048A...0x04FF).contains(value) { return true }
        if (0x0621...0x064A).contains(value) || (0x0660...0x0669).contains(value) || (0x066E...0x06D3).contains(value)
            || (0x06F0...0x06FF).contains(value) {
            return true
        }
        // Letters and the marks on them are Alphabetic (a binary property: one table lookup).
        if scalar.properties.isAlphabetic || (0x0300...0x036F).contains(value) { return true }
        switch scalar.properties.generalCategory {
        case .decimalNumber, .letterNumber, .otherNumber, .privateUse, .nonspacingMark, .spacingMark, .enclosingMark:
            return true
        default:
            return false
        }
    }

    /// A normalized word compared as the tokenizer compares it: lowercase, without the
    /// diacritics of Latin letters (Cyrillic й and ї stay letters of their own).
    public static func fold(_ word: some StringProtocol) -> String {
        var output = String.UnicodeScalarView()
        for scalar in word.unicodeScalars {
            if let folded = folded(scalar, after: output.last) { output.append(folded) }
        }
        return String(output)
    }

    /// `scalar` lowercased and without Latin diacritics; nil for a combining diacritic on a
    /// Latin letter (`previous`), which folding drops.
    @inline(__always)
    static func folded(_ scalar: Unicode.Scalar, after previous: Unicode.Scalar?) -> Unicode.Scalar? {
        let value = scalar.value
        if value < 0x80 {
            return (0x41...0x5A).contains(value) ? Unicode.Scalar(UInt8(value + 0x20)) : scalar
        }
        if (0x0300...0x036F).contains(value) {
            if let previous, previous.value < 0x0250 { return nil }
            return scalar
        }
        if (0x00C0..<0x0250).contains(value) {
            let base = latinBases[Int(value - 0x00C0)]
            if base != UInt8(ascii: ".") { return Unicode.Scalar(base) }
        }
        // Cyrillic capitals map by a fixed offset; Arabic script has no case.
        if (0x0410...0x042F).contains(value) { return Unicode.Scalar(value + 0x20) ?? scalar }
        if (0x0400...0x040F).contains(value) { return Unicode.Scalar(value + 0x50) ?? scalar }
        if (0x0430...0x045F).contains(value) || (0x0600...0x06FF).contains(value) { return scalar }
        guard scalar.properties.changesWhenLowercased else { return scalar }
        return scalar.properties.lowercaseMapping.unicodeScalars.first ?? scalar
    }

    /// The base letter of each Latin letter from U+00C0 to U+024F (`.` for letters without
    /// one, such as ß or ł), lowercased: what removing its diacritics leaves.
    private static let latinBases = Array(
        "aaaaaa.ceeeeiiii.nooooo..uuuuy..aaaaaa.ceeeeiiii.nooooo..uuuuy.yaaaaaaccccccccdd..eeeeeeeeeegggggggghh..iiiiiiiii...jjkk.llllll....nnnnnn...oooooo..rrrrrrsssssssstttt..uuuuuuuuuuuuwwyyyzzzzzz.................................oo.............uu............................aaiioouuuuuuuuuu.aaaa....ggkkoooo..j...gg..nnaa....aaaaeeeeiiiioooorrrruuuusstt..hh......aaeeooooooooyy............................"
            .utf8)
}
