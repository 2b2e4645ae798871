import Kernel

/// Echo's sample stories for demo regions: published, in several languages, one of them
/// with an English translation left outdated by a later edit, so the translation worklist
/// has something to show.
enum EchoDemo {
    static let content = DemoContent { demo in
        let content = demo.services.content
        let languages = Set(demo.region.languageCodes)
        // The stories are written in German first; a region without German gets none.
        guard languages.contains("de") else { return }
        func texts(_ all: [String: ContentTexts]) -> [String: ContentTexts] { all.filter { languages.contains($0.key) } }

        try content.create(NewContentItem(
            module: EchoStories.module, kind: EchoStories.kind, slug: "reparatur-cafe", originalLanguage: "de",
            texts: texts([
                "de": ContentTexts(
                    title: "Reparatur-Café im Nachbarschaftshaus",
                    summary: "Jeden ersten Samstag reparieren Ehrenamtliche aus sechs Ländern Handys, Laptops und Fahrräder.",
                    body: """
                    Angefangen hat es mit einem kaputten Handy. Heute kommen **jeden ersten Samstag** bis zu 40 Menschen \
                    ins Nachbarschaftshaus.

                    ## Was wir machen

                    - Handys und Laptops einrichten und reparieren
                    - Fahrräder flicken
                    - erklären, wie man Termine bei Ämtern online bucht

                    Wer mithelfen will, meldet sich beim [Nachbarschaftshaus](https://example.org).
                    """),
                "en": ContentTexts(
                    title: "Repair café at the neighbourhood centre",
                    summary: "Every first Saturday, volunteers from six countries repair phones, laptops and bikes.",
                    body: """
                    It started with one broken phone. Today up to 40 people come to the neighbourhood centre \
                    **every first Saturday**.

                    ## What we do

                    - set up and repair phones and laptops
                    - fix bikes
                    - explain how to book appointments with public offices online
                    """),
                "ar": ContentTexts(
                    title: "مقهى الإصلاح في بيت الجيران",
                    summary: "في أول سبت من كل شهر يصلح متطوعون من ست دول الهواتف والحواسيب والدراجات.",
                    body: "بدأ الأمر بهاتف مكسور. اليوم يأتي حتى 40 شخصًا إلى بيت الجيران **في أول سبت من كل شهر**."),
            ]),
            status: .published), in: demo.transaction)

        try content.create(NewContentItem(
            module: EchoStories.module, kind: EchoStories.kind, slug: "frauen-digital", originalLanguage: "de",
            texts: texts([
                "de": ContentTexts(
                    title: "Frauen digital: ein Kurs in fünf Sprachen",
                    summary: "Ein Verein von Migrantinnen bringt Frauen das Smartphone näher – auf Türkisch, Arabisch, Farsi, Ukrainisch und Deutsch.",
                    body: """
                    Zehn Abende, jeweils zwei Stunden, immer mittwochs. Die Kursleiterinnen sprechen die Sprachen der \
                    Teilnehmerinnen und kennen ihre Fragen: *Wie schreibe ich eine E-Mail an die Schule? Wie finde ich \
                    einen Arzttermin?*

                    Am Ende bekommt jede Teilnehmerin eine Bescheinigung.
                    """),
                "tr": ContentTexts(
                    title: "Dijital kadınlar: beş dilde bir kurs",
                    summary: "Göçmen kadınların derneği kadınlara akıllı telefon kullanımını öğretiyor.",
                    body: "On akşam, her biri iki saat, her çarşamba. Eğitmenler katılımcıların dillerini konuşuyor."),
                "uk": ContentTexts(
                    title: "Жінки в цифровому світі: курс п'ятьма мовами",
                    summary: "Об'єднання мігранток навчає жінок користуватися смартфоном.",
                    body: "Десять вечорів по дві години, щосереди. Викладачки говорять мовами учасниць."),
            ]),
            status: .published), in: demo.transaction)

        let festival = try content.create(NewContentItem(
            module: EchoStories.module, kind: EchoStories.kind, slug: "fest-der-vereine", originalLanguage: "de",
            texts: texts([
                "de": ContentTexts(
                    title: "Fest der Vereine",
                    summary: "Zwölf Migrantenorganisationen stellten sich auf dem Marktplatz vor.",
                    body: "Musik, Essen aus vielen Küchen und Gespräche: Zwölf Vereine zeigten, was sie das Jahr über leisten."),
                "en": ContentTexts(
                    title: "Festival of associations",
                    summary: "Twelve migrant organisations presented themselves on the market square.",
                    body: "Music, food from many kitchens and conversations."),
            ]),
            status: .published), in: demo.transaction)
        // A later change to the German text leaves the English one outdated.
        try content.saveTexts(
            ContentTexts(
                title: "Fest der Vereine",
                summary: "Zwölf Migrantenorganisationen und das Integrationsbüro stellten sich auf dem Marktplatz vor.",
                body: """
                Musik, Essen aus vielen Küchen und Gespräche: Zwölf Vereine zeigten, was sie das Jahr über leisten. \
                Das Integrationsbüro beriet zu Sprachkursen und Ehrenamt.
                """),
            language: "de", of: festival, minor: false, author: nil, in: demo.transaction)
    }
}
