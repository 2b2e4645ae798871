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
            switch scalar.value {
            case 0x064B...0x065F, 0x0670, 0x0640, 0x06D6...0x06ED:
                continue  // harakat, superscript alef, tatweel, Quranic annotation marks
            case 0x200B...0x200D, 0x00AD, 0xFEFF, 0x2060:
                continue  // zero-width characters, soft hyphen
            case 0x0622, 0x0623, 0x0625, 0x0671:
                output.append("\u{0627}")
            case 0x0624:
                output.append("\u{0648}")
            case 0x0626, 0x0649, 0x06CC:
                output.append("\u{064A}")
            case 0x0629:
                output.append("\u{0647}")
            case 0x06A9:
                output.append("\u{0643}")
            case 0x00DF:
                output.append("s")
                output.append("s")
            case 0x1E9E:
                output.append("S")
                output.append("S")
            case 0x0451:
                output.append("\u{0435}")
            case 0x0401:
                output.append("\u{0415}")
            case 0x0131:
                output.append("i")
            default:
                output.append(scalar)
            }
        }
        return String(output)
    }

    /// The words of a normalized text as the tokenizer sees them: runs of letters, digits
    /// and combining marks.
    public static func words(_ text: String) -> [Substring] {
        text.split { character in
            !character.unicodeScalars.contains { scalar in
                switch scalar.properties.generalCategory {
                case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                     .decimalNumber, .letterNumber, .otherNumber, .privateUse:
                    true
                default:
                    false
                }
            }
        }
    }

    /// A normalized word compared as the tokenizer compares it: lowercase, without the
    /// diacritics of Latin letters (Cyrillic й and ї stay letters of their own).
    public static func fold(_ word: some StringProtocol) -> String {
        var output = String.UnicodeScalarView()
        for scalar in String(word).lowercased().decomposedStringWithCanonicalMapping.unicodeScalars {
            if (0x0300...0x036F).contains(scalar.value), let base = output.last, base.value < 0x0250 { continue }
            output.append(scalar)
        }
        return String(output).precomposedStringWithCanonicalMapping
    }
}
