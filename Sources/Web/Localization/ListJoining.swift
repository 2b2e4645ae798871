/// Joins the items of a short list (languages, equipment, topics) as the reader's language
/// writes such lists: with the Arabic comma `،` in Arabic, Persian, Urdu, Pashto, Kurdish
/// (Sorani) and Uyghur, with `, ` elsewhere (CLDR's unit list pattern, without the "and").
public enum ListJoining {
    public static func join(_ items: [String], language: String) -> String {
        items.joined(separator: separator(for: language))
    }

    public static func separator(for language: String) -> String {
        arabicCommaLanguages.contains(PluralRules.primarySubtag(of: language).lowercased()) ? "، " : ", "
    }

    private static let arabicCommaLanguages: Set<String> = ["ar", "fa", "prs", "ur", "ps", "ckb", "ug", "sd"]
}
