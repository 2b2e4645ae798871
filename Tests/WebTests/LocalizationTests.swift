import Testing
@testable import Web

@Suite struct LocalizationTests {
    let catalog = Catalog(messages: [
        "en": [
            "greeting": .text("Hello, {name}!"),
            "places": .plural([.one: "{count} place left", .other: "{count} places left"]),
            "only.english": .text("English only"),
        ],
        "de": [
            "greeting": .text("Hallo, {name}!"),
            "places": .plural([.one: "Noch {count} Platz frei", .other: "Noch {count} Plätze frei"]),
        ],
        "ar": [
            "places": .plural([
                .zero: "لا توجد أماكن", .one: "بقي مكان واحد", .two: "بقي مكانان", .few: "بقيت {count} أماكن",
                .many: "بقي {count} مكانًا", .other: "بقي {count} مكان",
            ]),
        ],
    ])

    @Test func fallbackGoesRequestedThenRegionDefaultThenEnglish() {
        #expect(Localizer.fallbackLanguages(requested: "ar", regionDefault: "de") == ["ar", "de", "en"])
        #expect(Localizer.fallbackLanguages(requested: "de", regionDefault: "de") == ["de", "en"])
        #expect(Localizer.fallbackLanguages(requested: "en", regionDefault: "de") == ["en", "de"])
        let arabicInGermanRegion = Localizer(catalog: catalog, languages: ["ar", "de", "en"])
        #expect(arabicInGermanRegion.text("greeting", ["name": "Leyla"]) == "Hallo, Leyla!")
        #expect(arabicInGermanRegion.text("only.english") == "English only")
        let arabicInEnglishRegion = Localizer(catalog: catalog, languages: ["ar", "en"])
        #expect(arabicInEnglishRegion.text("greeting", ["name": "Leyla"]) == "Hello, Leyla!")
    }

    @Test func englishIsTheLastResortEvenWhenNotInTheChain() {
        let localizer = Localizer(catalog: catalog, languages: ["fa"])
        #expect(localizer.text("only.english") == "English only")
    }

    @Test func aKeyNoLanguageHasShowsItself() {
        #expect(Localizer(catalog: catalog, languages: ["de", "en"]).text("no.such.key") == "no.such.key")
    }

    @Test func pluralsUseTheRulesOfTheLanguageTheTextIsIn() {
        let arabic = Localizer(catalog: catalog, languages: ["ar", "en"])
        #expect(arabic.plural("places", count: 0) == "لا توجد أماكن")
        #expect(arabic.plural("places", count: 2) == "بقي مكانان")
        #expect(arabic.plural("places", count: 3) == "بقيت 3 أماكن")
        #expect(arabic.plural("places", count: 11) == "بقي 11 مكانًا")
        #expect(arabic.plural("places", count: 100) == "بقي 100 مكان")
        // Russian has no text here: the German fallback is chosen by German rules (21 → other).
        let russian = Localizer(catalog: catalog, languages: ["ru", "de", "en"])
        #expect(russian.plural("places", count: 21) == "Noch 21 Plätze frei")
        #expect(russian.plural("places", count: 1) == "Noch 1 Platz frei")
    }

    @Test func placeholdersAreFilledAndUnknownOnesStayVisible() {
        #expect(Placeholders.format("{a} and {b} and {c}", ["a": "1", "b": "2"]) == "1 and 2 and {c}")
        #expect(Placeholders.format("{ not a placeholder } {x", ["x": "y"]) == "{ not a placeholder } {x")
        #expect(Placeholders.format("{{name}}", ["name": "N"]) == "{N}")
        #expect(Placeholders.names(in: "{b} {a} {b} {1x} {_ok}") == ["b", "a", "_ok"])
    }

    @Test func valuesAreInsertedAsTheyAreAndEscapedOnlyWhenRendered() {
        let localizer = Localizer(catalog: catalog, languages: ["en"])
        let greeting = localizer.text("greeting", ["name": "<b>{name}</b>"])
        #expect(greeting == "Hello, <b>{name}</b>!")
        #expect(text(greeting).string == "Hello, &lt;b&gt;{name}&lt;/b&gt;!")
    }

    @Test func generatedAccessorsReadTheEmbeddedCatalog() {
        let german = WebStrings(languages: ["de", "en"])
        #expect(german.skipLink == "Zum Inhalt springen")
        #expect(german.accountSignedInAs(name: "Ayşe") == "Angemeldet als Ayşe")
        #expect(german.formErrorSummary(count: 1) == "Bitte prüfen Sie diese Angabe")
        #expect(german.formErrorSummary(count: 3) == "Bitte prüfen Sie diese 3 Angaben")
        let russian = WebStrings(languages: ["ru", "de", "en"])
        #expect(russian.formErrorSummary(count: 22) == "Пожалуйста, проверьте 22 поля")
        #expect(russian.formErrorSummary(count: 25) == "Пожалуйста, проверьте 25 полей")
        let arabic = WebStrings(languages: ["ar", "de", "en"])
        #expect(arabic.formErrorSummary(count: 2) == "يرجى التحقق من حقلين")
        #expect(arabic.formErrorSummary(count: 11) == "يرجى التحقق من 11 حقلًا")
    }

    @Test func textDirectionAndAutonyms() {
        #expect(TextDirection(language: "ar") == .rightToLeft)
        #expect(TextDirection(language: "fa") == .rightToLeft)
        #expect(TextDirection(language: "fa-AF") == .rightToLeft)
        for language in ["de", "en", "tr", "uk", "ru"] { #expect(TextDirection(language: language) == .leftToRight) }
        #expect(LanguageNames.autonym(of: "uk") == "Українська")
        #expect(LanguageNames.autonym(of: "de-AT") == "Deutsch")
        #expect(LanguageNames.autonym(of: "xx") == "xx")
    }
}

@Suite struct CatalogAuditTests {
    @Test func theWebCatalogIsComplete() {
        #expect(CatalogAudit.problems(in: WebStrings.catalog, named: "Web") == [])
        #expect(Set(WebStrings.catalog.languages).isSuperset(of: Catalog.requiredLanguages))
    }

    @Test func missingKeysStrayKeysAndPlaceholderDriftAreReported() {
        let catalog = Catalog(messages: [
            "en": ["a": .text("A {name}"), "b": .text("B"), "n": .plural([.one: "{count} x", .other: "{count} xs"])],
            "de": ["a": .text("A {nome}"), "extra": .text("?"), "n": .plural([.one: "{count} x", .other: "{count} xs"])],
            "ru": ["a": .text("A {name}"), "b": .text("B"), "n": .plural([.one: "{count} x", .other: "{count} xs"])],
            "ar": ["a": .text("A {name}"), "b": .plural([.other: "B"]), "n": .text("{count}")],
        ])
        let problems = CatalogAudit.problems(in: catalog, named: "sample", requiredLanguages: ["en", "de", "ru", "ar", "tr"])
        #expect(problems.contains("sample: has no tr catalog (tr.json)"))
        #expect(problems.contains("sample: de lacks 'b'"))
        #expect(problems.contains("sample: de has 'extra', which English lacks"))
        #expect(problems.contains("sample: de 'a' has placeholders {nome} but English has {name}"))
        #expect(problems.contains("sample: ru 'n' lacks the plural form 'few'"))
        #expect(problems.contains("sample: ru 'n' lacks the plural form 'many'"))
        #expect(problems.contains("sample: ar 'n' is a plain text but English counts (plural forms)"))
        #expect(problems.contains("sample: ar 'b' has plural forms but English is a plain text"))
        #expect(problems.count == 8)
    }

    @Test func aCatalogWithoutEnglishIsReported() {
        let catalog = Catalog(messages: ["de": ["a": .text("A")]])
        #expect(CatalogAudit.problems(in: catalog, named: "x") == ["x: has no English catalog (en.json)"])
        #expect(CatalogAudit.problems(in: .empty, named: "x") == [])
    }

    @Test func pluralFormsALanguageDoesNotUseAreReported() {
        let catalog = Catalog(messages: [
            "en": ["n": .plural([.one: "{count}", .other: "{count}"])],
            "tr": ["n": .plural([.one: "{count}", .few: "{count}", .other: "{count}"])],
        ])
        #expect(CatalogAudit.problems(in: catalog, named: "x", requiredLanguages: ["en", "tr"])
            == ["x: tr 'n' has the plural form 'few', which tr does not use"])
    }
}

@Suite struct ListJoiningTests {
    @Test func arabicScriptLanguagesUseTheArabicComma() {
        #expect(ListJoining.join(["Deutsch", "العربية", "فارسی"], language: "ar") == "Deutsch، العربية، فارسی")
        #expect(ListJoining.join(["a", "b"], language: "fa-IR") == "a، b")
        #expect(ListJoining.join(["a", "b"], language: "ckb") == "a، b")
        for language in ["de", "en", "tr", "uk", "ru", "en-GB"] {
            #expect(ListJoining.join(["a", "b", "c"], language: language) == "a, b, c")
        }
        #expect(ListJoining.join([], language: "ar") == "")
        #expect(ListJoining.join(["allein"], language: "ar") == "allein")
    }
}
