import Testing
@testable import Web

func samplePage(language: String = "de", notices: [Notice] = [], signedInName: String? = nil, csrfToken: String? = nil) -> PageContext {
    PageContext(
        language: language, languages: Localizer.fallbackLanguages(requested: language, regionDefault: "de"),
        siteName: "Demo-Region", homeURL: "/demo/\(language)",
        navigation: [
            PageLink(title: "Workshops", url: "/demo/\(language)/workshops", isCurrent: true),
            PageLink(title: "Echo der Vielfalt", url: "/demo/\(language)/echo"),
        ],
        alternates: ["de", "en", "ar", "fa"].map { LanguageAlternate(language: $0, url: "/demo/\($0)/workshops?page=2") },
        searchURL: "/demo/\(language)/search", signedInName: signedInName, signOutURL: signedInName == nil ? nil : "/demo/\(language)/sign-out",
        notices: notices, csrfToken: csrfToken)
}

func render(_ title: String, _ context: PageContext, @HTMLBuilder _ content: () -> HTML = { HTML.empty }) -> String {
    String(decoding: Layout.render(title: title, context: context, content: content()), as: UTF8.self)
}

@Suite struct LayoutTests {
    @Test func germanPageIsLeftToRightWithLandmarksAndHeading() {
        let page = render("Workshops", samplePage())
        #expect(page.hasPrefix(#"<!doctype html><html lang="de" dir="ltr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Workshops – Demo-Region</title>"#))
        #expect(page.contains(#"<link rel="stylesheet" href="\#(Stylesheet.url)">"#))
        #expect(page.contains(##"<a class="skip" href="#main">Zum Inhalt springen</a>"##))
        #expect(page.contains(#"<header class="site-header">"#))
        #expect(page.contains(#"<nav class="primary" aria-label="Hauptmenü">"#))
        #expect(page.contains(#"<main id="main" class="wrap" tabindex="-1"><h1>Workshops</h1>"#))
        #expect(page.contains(#"<footer class="site-footer">"#))
        #expect(!page.contains("<script"))
    }

    @Test(arguments: ["ar", "fa"])
    func arabicScriptPagesAreRightToLeft(language: String) {
        let page = render("عنوان", samplePage(language: language))
        #expect(page.contains(#"<html lang="\#(language)" dir="rtl">"#))
    }

    @Test(arguments: ["de", "en", "tr", "uk", "ru"])
    func otherPagesAreLeftToRight(language: String) {
        #expect(render("T", samplePage(language: language)).contains(#"<html lang="\#(language)" dir="ltr">"#))
    }

    @Test func navigationMarksTheCurrentPage() {
        let page = render("Workshops", samplePage())
        #expect(page.contains(#"<li><a href="/demo/de/workshops" aria-current="page">Workshops</a></li><li><a href="/demo/de/echo">Echo der Vielfalt</a></li>"#))
    }

    @Test func languageSwitcherLinksTheSamePageInEachLanguageInItsOwnScript() {
        let page = render("Workshops", samplePage())
        #expect(page.contains(#"<nav class="languages" aria-label="Sprache">"#))
        #expect(page.contains(#"<a href="/demo/de/workshops?page=2" hreflang="de" lang="de" aria-current="true">Deutsch</a>"#))
        #expect(page.contains(#"<a href="/demo/ar/workshops?page=2" hreflang="ar" lang="ar">العربية</a>"#))
        #expect(page.contains(#"<link rel="alternate" hreflang="fa" href="/demo/fa/workshops?page=2">"#))
        #expect(!page.contains(#"<link rel="alternate" hreflang="de""#))
    }

    @Test func searchIsALabelledGetForm() {
        let page = render("Suche", samplePage())
        #expect(page.contains(#"<form class="search" role="search" method="get" action="/demo/de/search"><label class="visually-hidden" for="site-search">Suche</label><input type="search" id="site-search" name="q" value="" placeholder="Suche"><button type="submit" class="button">Suchen</button></form>"#))
    }

    @Test func noticesComeFirstInMainWithRoles() {
        let page = render("T", samplePage(notices: [Notice(.success, "Gespeichert"), Notice(.error, "Nicht gespeichert")]))
        #expect(page.contains(#"<main id="main" class="wrap" tabindex="-1"><div class="notice notice-success" role="status"><strong>Erledigt: </strong>Gespeichert</div><div class="notice notice-error" role="alert"><strong>Problem: </strong>Nicht gespeichert</div><h1>T</h1>"#))
    }

    @Test func signedInReadersSeeTheirNameAndASignOutFormWithTheToken() {
        let page = render("T", samplePage(signedInName: "Ayşe", csrfToken: "tok123"))
        #expect(page.contains("<span>Angemeldet als Ayşe</span>"))
        #expect(page.contains(#"<form method="post" action="/demo/de/sign-out"><input type="hidden" name="_csrf" value="tok123"><button type="submit" class="link-button">Abmelden</button></form>"#))
        #expect(!render("T", samplePage()).contains("Abmelden"))
    }

    @Test func theTitleIsNotRepeatedOnTheHomePage() {
        #expect(render("Demo-Region", samplePage()).contains("<title>Demo-Region</title>"))
    }

    @Test func homeSectionsAreLabelledRegions() {
        let html = HomeSection(id: "workshops", title: "Nächste Termine", content: element("p") { "…" }).html.string
        #expect(html == #"<section class="home-section" aria-labelledby="section-workshops"><h2 id="section-workshops">Nächste Termine</h2><p>…</p></section>"#)
    }
}

@Suite struct StylesheetTests {
    @Test func isSmallAndVersionedByItsContent() {
        #expect(Stylesheet.bytes.count < 12_000)
        #expect(Stylesheet.fingerprint.count == 16)
        #expect(Stylesheet.url == "/static/teilhabe-\(Stylesheet.fingerprint).css")
        #expect(Stylesheet.fileName == "teilhabe-\(Stylesheet.fingerprint).css")
    }

    @Test func mirrorsForRightToLeftThroughLogicalProperties() {
        let css = Stylesheet.css
        for physical in ["margin-left", "margin-right", "padding-left", "padding-right", "text-align:left", "text-align:right", "float:", "border-left", "border-right", " left:", ";left:", "{left:", "right:"] {
            #expect(!css.contains(physical), "physical property \(physical)")
        }
        #expect(css.contains("margin-inline-start"))
        #expect(css.contains(":focus-visible{outline:3px solid"))
        #expect(css.contains(":lang(ar),:lang(fa){font-family:\"Noto Sans Arabic\""))
        #expect(!css.contains("@font-face") && !css.contains("url("))
    }
}
