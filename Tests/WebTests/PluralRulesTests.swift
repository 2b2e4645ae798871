import Testing
import Web

/// CLDR plural categories, checked against the examples in CLDR's plurals.xml.
@Suite struct PluralRulesTests {
    @Test(arguments: [
        (0, PluralCategory.zero), (1, .one), (2, .two), (3, .few), (10, .few), (11, .many), (26, .many), (99, .many),
        (100, .other), (101, .other), (102, .other), (103, .few), (110, .few), (111, .many), (1000, .other), (1003, .few),
    ])
    func arabic(count: Int, category: PluralCategory) {
        #expect(PluralRules.category(for: count, language: "ar") == category)
    }

    @Test(arguments: ["ru", "uk"])
    func russianAndUkrainian(language: String) throws {
        let table: [(Int, PluralCategory)] = [
            (0, .many), (1, .one), (2, .few), (3, .few), (4, .few), (5, .many), (10, .many), (11, .many), (12, .many),
            (14, .many), (15, .many), (20, .many), (21, .one), (22, .few), (24, .few), (25, .many), (101, .one),
            (111, .many), (112, .many), (122, .few), (1001, .one),
        ]
        for (count, category) in table {
            #expect(PluralRules.category(for: count, language: language) == category, "\(language) \(count)")
        }
        #expect(PluralRules.category(for: try #require(PluralOperands(decimal: "1.5")), language: language) == .other)
        #expect(PluralRules.category(for: try #require(PluralOperands(decimal: "21.0")), language: language) == .other)
    }

    @Test func persianCountsZeroAndOneAsOne() throws {
        #expect(PluralRules.category(for: 0, language: "fa") == .one)
        #expect(PluralRules.category(for: 1, language: "fa") == .one)
        #expect(PluralRules.category(for: 2, language: "fa") == .other)
        #expect(PluralRules.category(for: 11, language: "fa") == .other)
        #expect(PluralRules.category(for: try #require(PluralOperands(decimal: "0.5")), language: "fa") == .one)
        #expect(PluralRules.category(for: try #require(PluralOperands(decimal: "1.5")), language: "fa") == .other)
    }

    @Test func turkishCountsOnlyOneAsOne() throws {
        #expect(PluralRules.category(for: 0, language: "tr") == .other)
        #expect(PluralRules.category(for: 1, language: "tr") == .one)
        #expect(PluralRules.category(for: 2, language: "tr") == .other)
        #expect(PluralRules.category(for: try #require(PluralOperands(decimal: "1.0")), language: "tr") == .one)
    }

    @Test(arguments: ["de", "en", "en-GB"])
    func germanAndEnglishNeedVisibleIntegerOne(language: String) throws {
        #expect(PluralRules.category(for: 0, language: language) == .other)
        #expect(PluralRules.category(for: 1, language: language) == .one)
        #expect(PluralRules.category(for: 2, language: language) == .other)
        #expect(PluralRules.category(for: 21, language: language) == .other)
        #expect(PluralRules.category(for: try #require(PluralOperands(decimal: "1.0")), language: language) == .other)
    }

    @Test func negativeNumbersUseTheirMagnitude() {
        #expect(PluralRules.category(for: -1, language: "en") == .one)
        #expect(PluralRules.category(for: -22, language: "ru") == .few)
        #expect(PluralRules.category(for: Int.min, language: "ar") != .zero)
    }

    @Test func operandsOfDecimals() throws {
        let operands = try #require(PluralOperands(decimal: "1.50"))
        #expect(operands.i == 1 && operands.v == 2 && operands.f == 50 && operands.t == 5 && operands.n == 1.5)
        #expect(PluralOperands(decimal: "abc") == nil)
        #expect(PluralOperands(decimal: "1.") == nil)
        #expect(PluralOperands(decimal: "") == nil)
    }

    @Test func categoriesEachLanguageDistinguishes() {
        #expect(PluralRules.categories(of: "ar") == Set(PluralCategory.allCases))
        #expect(PluralRules.categories(of: "ru") == [.one, .few, .many, .other])
        #expect(PluralRules.categories(of: "uk") == [.one, .few, .many, .other])
        for language in ["de", "en", "fa", "tr"] {
            #expect(PluralRules.categories(of: language) == [.one, .other])
        }
    }
}
