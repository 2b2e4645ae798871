import Foundation
import Kernel

/// Made-up but plausible texts in seven languages for the content benchmark: titles,
/// summaries and bodies drawn from small vocabularies, so that searches for a word match a
/// realistic share of a region's items. Deterministic for a given seed.
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

    mutating func words(_ count: Int, language: String) -> String {
        let words = Self.vocabulary[language] ?? []
        return (0..<count).map { _ in words[next(words.count)] }.joined(separator: " ")
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
