/// Which way a language's script runs; `dir` on the `html` element.
public enum TextDirection: String, Sendable {
    case leftToRight = "ltr"
    case rightToLeft = "rtl"

    /// Right-to-left for languages written in Arabic or Hebrew script by default.
    public init(language: String) {
        let primary = PluralRules.primarySubtag(of: language).lowercased()
        self = TextDirection.rightToLeftLanguages.contains(primary) ? .rightToLeft : .leftToRight
    }

    private static let rightToLeftLanguages: Set<String> = [
        "ar", "fa", "he", "ur", "ps", "ckb", "dv", "yi", "sd", "ug", "prs",
    ]
}

/// Language names as their speakers write them, for the language switcher.
public enum LanguageNames {
    public static func autonym(of language: String) -> String {
        autonyms[language] ?? autonyms[String(PluralRules.primarySubtag(of: language))] ?? language
    }

    private static let autonyms: [String: String] = [
        "de": "Deutsch", "en": "English", "ar": "العربية", "fa": "فارسی", "tr": "Türkçe",
        "uk": "Українська", "ru": "Русский", "fr": "Français", "es": "Español", "it": "Italiano",
        "pl": "Polski", "ro": "Română", "bg": "Български", "ku": "Kurdî", "ckb": "کوردی",
        "ps": "پښتو", "prs": "دری", "ti": "ትግርኛ", "so": "Soomaali", "sq": "Shqip", "sr": "Српски",
        "hr": "Hrvatski", "bs": "Bosanski", "vi": "Tiếng Việt", "zh": "中文", "el": "Ελληνικά", "ur": "اردو",
    ]
}
