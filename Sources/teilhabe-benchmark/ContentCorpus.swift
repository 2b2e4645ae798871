import Foundation
import Kernel

/// Made-up texts in seven languages for the content benchmark: titles, summaries and bodies
/// drawn from forty common words per language (each in most texts) and six hundred rarer
/// made-up words (each in a few percent of texts), so that searches match a realistic share
/// of a region's items. Deterministic for a given seed.
struct ContentCorpus {
    static let languages: [Region.Language] = [
        .init(code: "de", source: nil), .init(code: "en", source: "de"), .init(code: "tr", source: "de"),
        .init(code: "uk", source: "de"), .init(code: "ru", source: "de"), .init(code: "ar", source: "en"),
        .init(code: "fa", source: "en"),
    ]

    static let vocabulary: [String: [String]] = [
        "de": ["Nachbarschaft", "Garten", "Sprachcafé", "Fahrradwerkstatt", "Begegnung", "Straßenfest", "Bibliothek", "Beratung",
               "Frauen", "Jugendliche", "Küche", "Musik", "Theater", "Sport", "Schule", "Arbeit", "Wohnung", "Familie",
               "Gesundheit", "Ehrenamt", "Verein", "Stadtteil", "Kinder", "Sommer", "Winter", "Markt", "Fußball", "Nähen",
               "Deutschkurs", "Mentoring", "Übersetzung", "Willkommen", "gemeinsam", "kochen", "lernen", "feiern", "helfen",
               "erzählen", "Zukunft", "Heimat"],
        "en": ["neighbourhood", "garden", "language", "bicycle", "meeting", "festival", "library", "advice", "women", "youth",
               "kitchen", "music", "theatre", "sports", "school", "work", "housing", "family", "health", "volunteering",
               "association", "district", "children", "summer", "winter", "market", "football", "sewing", "course", "mentoring",
               "translation", "welcome", "together", "cooking", "learning", "celebrate", "helping", "stories", "future", "home"],
        "tr": ["mahalle", "bahçe", "dil", "bisiklet", "buluşma", "şenlik", "kütüphane", "danışmanlık", "kadınlar", "gençler",
               "mutfak", "müzik", "tiyatro", "spor", "okul", "iş", "konut", "aile", "sağlık", "gönüllülük", "dernek", "semt",
               "çocuklar", "yaz", "kış", "pazar", "futbol", "dikiş", "kurs", "çeviri", "hoşgeldiniz", "birlikte", "yemek",
               "öğrenmek", "kutlamak", "yardım", "hikâye", "gelecek", "memleket", "komşu"],
        "uk": ["сусідство", "сад", "мова", "велосипед", "зустріч", "свято", "бібліотека", "консультація", "жінки", "молодь",
               "кухня", "музика", "театр", "спорт", "школа", "робота", "житло", "сім'я", "здоров'я", "волонтерство",
               "об'єднання", "район", "діти", "літо", "зима", "ринок", "футбол", "шиття", "курс", "переклад", "ласкаво",
               "разом", "готувати", "вчитися", "святкувати", "допомагати", "історії", "майбутнє", "дім", "їжа"],
        "ru": ["соседство", "сад", "язык", "велосипед", "встреча", "праздник", "библиотека", "консультация", "женщины",
               "молодёжь", "кухня", "музыка", "театр", "спорт", "школа", "работа", "жильё", "семья", "здоровье",
               "волонтёрство", "объединение", "район", "дети", "лето", "зима", "рынок", "футбол", "шитьё", "курс", "перевод",
               "добро", "вместе", "готовить", "учиться", "праздновать", "помогать", "истории", "будущее", "дом", "ёлка"],
        "ar": ["الجيران", "الحديقة", "اللغة", "الدراجة", "لقاء", "مهرجان", "المكتبة", "استشارة", "النساء", "الشباب", "المطبخ",
               "موسيقى", "المسرح", "الرياضة", "المدرسة", "العمل", "السكن", "العائلة", "الصحة", "التطوع", "الجمعية", "الحي",
               "الأطفال", "الصيف", "الشتاء", "السوق", "كرة", "الخياطة", "دورة", "الترجمة", "أهلاً", "معًا", "الطبخ", "التعلّم",
               "الاحتفال", "المساعدة", "قصص", "المستقبل", "الوطن", "إبراهيم"],
        "fa": ["همسایگی", "باغ", "زبان", "دوچرخه", "دیدار", "جشنواره", "کتابخانه", "مشاوره", "زنان", "جوانان", "آشپزخانه",
               "موسیقی", "تئاتر", "ورزش", "مدرسه", "کار", "مسکن", "خانواده", "سلامت", "داوطلبی", "انجمن", "محله", "کودکان",
               "تابستان", "زمستان", "بازار", "فوتبال", "خیاطی", "دوره", "ترجمه", "خوش‌آمدید", "باهم", "آشپزی", "یادگیری",
               "جشن", "کمک", "داستان‌ها", "آینده", "خانه", "می‌خواهم"],
    ]

    /// Syllables for made-up rarer words in each script, so texts have a long tail of words
    /// (as real texts do) besides the common ones above.
    static let syllables: [String: [String]] = [
        "de": ["ber", "gen", "wald", "haus", "lich", "ung", "stra", "ken", "mar", "tin", "dor", "fel", "ste", "nach", "bar", "kei", "ten", "schu", "mü", "rö"],
        "en": ["ton", "ber", "ly", "ing", "stone", "field", "mar", "ket", "wood", "ham", "bridge", "ford", "shire", "ley", "wick", "by", "ton", "row", "dale", "sea"],
        "tr": ["lar", "ler", "ka", "ya", "baş", "çe", "gül", "şe", "dağ", "yol", "kal", "ır", "öz", "ün", "ma", "ne", "si", "to", "ğa", "ış"],
        "uk": ["ва", "ко", "ни", "ра", "ст", "ли", "по", "ме", "ка", "за", "ті", "бу", "ї", "ґа", "до", "ро", "ше", "го", "лі", "єв"],
        "ru": ["ва", "ко", "ни", "ра", "ст", "ли", "по", "ме", "ка", "за", "ти", "бу", "ё", "жа", "до", "ро", "ше", "го", "лы", "щи"],
        "ar": ["مد", "ر", "س", "كت", "ب", "قل", "م", "ح", "ي", "ن", "و", "ع", "ل", "ف", "ج", "ص", "ط", "ش", "خ", "ز"],
        "fa": ["پا", "چه", "ژا", "گل", "ر", "س", "کت", "ب", "م", "ی", "ن", "و", "د", "ف", "ش", "خ", "ز", "ه", "ت", "ک"],
    ]

    static let rareWordsPerLanguage = 600

    /// The long tail: made-up words of two to four syllables, the same for every run.
    static let rareWords: [String: [String]] = {
        var words: [String: [String]] = [:]
        for (language, syllables) in ContentCorpus.syllables {
            var generator = ContentCorpus(seed: UInt64(language.unicodeScalars.reduce(7) { $0 &* 31 &+ $1.value }))
            var list: [String] = []
            var seen: Set<String> = []
            while list.count < rareWordsPerLanguage {
                let word = (0..<(2 + generator.next(3))).map { _ in syllables[generator.next(syllables.count)] }.joined()
                if seen.insert(word).inserted { list.append(word) }
            }
            words[language] = list
        }
        return words
    }()

    private var state: UInt64

    init(seed: UInt64) {
        state = seed | 1
    }

    /// xorshift64*: fast, deterministic, good enough for picking words.
    mutating func next(_ bound: Int) -> Int {
        state ^= state >> 12
        state ^= state << 25
        state ^= state >> 27
        return Int((state &* 2_685_821_657_736_338_717) >> 33) % bound
    }

    /// Six in ten words from the common vocabulary, four in ten from the long tail.
    mutating func words(_ count: Int, language: String) -> String {
        let common = Self.vocabulary[language] ?? []
        let rare = Self.rareWords[language] ?? []
        return (0..<count).map { _ in next(10) < 6 ? common[next(common.count)] : rare[next(rare.count)] }.joined(separator: " ")
    }

    /// A published Echo story with texts in every corpus language, German the original.
    mutating func story(number: Int, slug: String, publishAt: Date) -> NewContentItem {
        var texts: [String: ContentTexts] = [:]
        for language in Self.languages { texts[language.code] = self.texts(language: language.code, number: number) }
        return NewContentItem(
            module: "echo", kind: "story", slug: slug, originalLanguage: "de", texts: texts, status: .published, publishAt: publishAt)
    }

    /// A title, a summary and a body of two paragraphs with a little markup.
    mutating func texts(language: String, number: Int) -> ContentTexts {
        let title = words(4, language: language).capitalizingFirstLetter + " \(number)"
        let summary = words(18, language: language) + "."
        let body = words(40, language: language) + " **" + words(2, language: language) + "**.\n\n"
            + words(35, language: language) + " [" + words(2, language: language) + "](https://example.org/\(number))."
        return ContentTexts(title: title, summary: summary, body: body)
    }
}

extension String {
    var capitalizingFirstLetter: String { prefix(1).uppercased() + dropFirst() }
}
