import Kernel
import TeilhabeTesting
import Testing
import Web

/// Every linked module's catalog, and the region pages with every module enabled.
@Suite struct CatalogCompletenessTests {
    @Test func everyLinkedModuleCatalogHasEveryEnglishKeyInEveryLanguage() {
        for module in allModules {
            let manifest = module.manifest
            #expect(CatalogAudit.problems(in: manifest.catalog, named: manifest.id) == [])
            #expect(Set(manifest.catalog.languages).isSuperset(of: Catalog.requiredLanguages), "\(manifest.id) languages")
            for entry in manifest.navigation {
                for language in Catalog.requiredLanguages {
                    #expect(manifest.catalog.message(entry.titleKey, language: language) != nil, "\(manifest.id) \(entry.titleKey) \(language)")
                }
            }
        }
        #expect(CatalogAudit.problems(in: KernelManifest.catalog, named: "kernel") == [])
    }
}

@Suite(.serialized) final class RegionPagesEndToEndTests {
    let server: TestServer

    init() throws {
        let region = """
            {"id": "demo", "names": {"de": "Demo-Region", "ar": "منطقة تجريبية", "fa": "منطقه نمایشی"}, "timeZone": "Europe/Berlin",
             "languages": [{"code": "de"}, {"code": "en", "source": "de"}, {"code": "tr", "source": "de"}, {"code": "uk", "source": "de"},
                           {"code": "ru", "source": "de"}, {"code": "ar", "source": "en"}, {"code": "fa", "source": "en"}],
             "modules": {\(allModules.map { "\"\($0.manifest.id)\": {}" }.joined(separator: ", "))}}
            """
        server = try TestServer(modules: allModules, regions: ["demo": region])
    }

    deinit { server.stop() }

    @Test(arguments: ["de", "en", "tr", "uk", "ru", "ar", "fa"])
    func homePageWithItsStylesheetIsUnder50KB(language: String) throws {
        let client = server.client()
        let home = try client.send(.get, "/demo/\(language)")
        #expect(home.status == 200)
        let css = try client.send(.get, Stylesheet.url)
        #expect(css.status == 200)
        #expect(home.body.count + css.body.count < 50_000, "\(home.body.count) + \(css.body.count) bytes")
        let direction = ["ar", "fa"].contains(language) ? "rtl" : "ltr"
        #expect(home.text.contains(#"<html lang="\#(language)" dir="\#(direction)">"#))
        #expect(!home.text.contains("<script"))
    }

    @Test func homeNavigationIsInTheReadersLanguage() throws {
        let arabic = try server.client().send(.get, "/demo/ar").text
        #expect(arabic.contains("<title>منطقة تجريبية</title>"))
        #expect(arabic.contains(#"<li><a href="/demo/ar/learning-sites">أماكن التعلم الرقمي</a></li>"#))
        #expect(arabic.contains(#"<h3><a href="/demo/ar/echo">صدى التنوع</a></h3>"#))
        #expect(arabic.contains(#"<h2 id="section-offers">ما تجده هنا</h2>"#))
        let russian = try server.client().send(.get, "/demo/ru").text
        #expect(russian.contains(#"<a href="/demo/ru/mentoring">Наставничество</a>"#))
        // The region has no Russian name: the default language's.
        #expect(russian.contains(#"<a class="site-name" href="/demo/ru">Demo-Region</a>"#))
    }
}
