import HTTP
import Kernel
import TeilhabeTesting
import Testing
import Web

/// A module with a few pages, to drive the kernel's page rendering over real HTTP.
struct ProbeModule: Module {
    static let manifest = ModuleManifest(
        id: "probe", version: "1.0.0", kernel: "0.1.0"..<"0.2.0",
        routes: [
            .page(.get, "/probe/register", access: .public, summary: "A registration form", handler: showForm),
            .page(.post, "/probe/register", access: .public, summary: "Submit the registration form", handler: submitForm),
            .page(.get, "/probe/broken", access: .public, summary: "Fails unexpectedly") { _, _ in throw ProbeFailure() },
            .page(.get, "/probe/forbidden", access: .public, summary: "Refuses") { _, _ in throw HTTPError.forbidden() },
            .page(.post, "/probe/upload", access: .public, summary: "Refuses large files") { _, _ in
                throw HTTPError(.contentTooLarge, "The file is larger than 2 MB", field: "file")
            },
        ])

    struct ProbeFailure: Error {}

    @Sendable static func showForm(_ request: Request, _ context: RequestContext) throws -> Response {
        let notices = request.queryValue("done") == nil ? [] : [Notice(.success, "Danke!")]
        return render(context, state: FormState(), status: .ok, notices: notices)
    }

    @Sendable static func submitForm(_ request: Request, _ context: RequestContext) throws -> Response {
        let data = try request.formData()
        var state = FormState(data)
        if (data["name"] ?? "").isEmpty { state.addError("Bitte geben Sie Ihren Namen ein", field: "name") }
        if !(data["email"] ?? "").contains("@") { state.addError("Die E-Mail-Adresse braucht ein @", field: "email") }
        if state.hasErrors { return render(context, state: state, status: .unprocessableContent, notices: []) }
        return .redirect(to: context.pageURL("/probe/register?done=1"))
    }

    static func render(_ context: RequestContext, state: FormState, status: Status, notices: [Notice]) -> Response {
        context.page(title: "Anmeldung", status: status, notices: notices) { page in
            Form(action: context.pageURL("/probe/register"), state: state, in: page) { form in
                form.text("name", label: "Name", required: true, autocomplete: "name")
                form.email("email", label: "E-Mail", required: true)
                form.submit("Senden")
            }
        }
    }
}

@Suite(.serialized) final class PageTests {
    let server: TestServer

    init() throws {
        server = try TestServer(modules: [ProbeModule.self])
    }

    deinit { server.stop() }

    @Test func aRejectedFormComesBackWithTheInputKeptAndErrorsBesideTheFields() throws {
        let client = server.client()
        // As a browser: the form's CSRF token and cookie come with the page.
        var browser = TestSession()
        let token = try server.csrfToken(for: &browser)
        let response = try client.sendForm(
            "/demo/de/probe/register", [("name", ""), ("email", #"ayse"<script>"#), ("_csrf", token)], headers: browser.headers)
        #expect(response.status == 422)
        #expect(response.headers["Content-Type"] == "text/html; charset=utf-8")
        #expect(response.headers["Content-Language"] == "de")
        let page = response.text
        #expect(page.contains(#"<h2 id="error-summary-title">Bitte prüfen Sie diese 2 Angaben</h2>"#))
        #expect(page.contains(##"<a href="#field-name">Bitte geben Sie Ihren Namen ein</a>"##))
        #expect(page.contains(#"<input class="input" type="text" id="field-name" name="name" value="" autocomplete="name" aria-describedby="field-name-error" aria-invalid="true" required>"#))
        #expect(page.contains(#"value="ayse&quot;&lt;script&gt;" dir="auto""#))
        #expect(page.contains(#"aria-describedby="field-email-error" aria-invalid="true" required>"#))
        #expect(!page.contains("<script>"))

        let accepted = try client.sendForm(
            "/demo/de/probe/register", [("name", "Ayşe"), ("email", "ayse@example.org"), ("_csrf", token)], headers: browser.headers)
        #expect(accepted.status == 303)
        #expect(accepted.headers["Location"] == "/demo/de/probe/register?done=1")
        let thanked = try client.send(.get, "/demo/de/probe/register?done=1")
        #expect(thanked.text.contains(#"<div class="notice notice-success" role="status"><strong>Erledigt: </strong>Danke!</div>"#))
    }

    @Test func pagesCarryTheirLanguageDirectionAndTheSamePageInOtherLanguages() throws {
        let response = try server.client().send(.get, "/demo/ar/probe/register?step=2")
        #expect(response.status == 200)
        #expect(response.headers["Content-Language"] == "ar")
        let page = response.text
        #expect(page.contains(#"<html lang="ar" dir="rtl">"#))
        #expect(page.contains(#"<a href="/demo/de/probe/register?step=2" hreflang="de" lang="de">Deutsch</a>"#))
        #expect(page.contains(#"<a href="/demo/ar/probe/register?step=2" hreflang="ar" lang="ar" aria-current="true">العربية</a>"#))
        #expect(page.contains(#"<form class="search" role="search" method="get" action="/demo/ar/search">"#))
        #expect(page.contains(##"<a class="skip" href="#main">انتقل إلى المحتوى</a>"##))
        #expect(page.contains(#"<link rel="stylesheet" href="\#(Stylesheet.url)">"#))
    }

    @Test func errorPagesUseTheLanguageOfTheURL() throws {
        let client = server.client()
        let missing = try client.send(.get, "/demo/ar/nothing/here")
        #expect(missing.status == 404)
        #expect(missing.headers["Content-Language"] == "ar")
        #expect(missing.text.contains(#"<html lang="ar" dir="rtl">"#))
        #expect(missing.text.contains("<h1>الصفحة غير موجودة</h1>"))
        #expect(missing.text.contains(#"<a href="/demo/en/nothing/here" hreflang="en" lang="en">English</a>"#))

        let broken = try client.send(.get, "/demo/de/probe/broken")
        #expect(broken.status == 500)
        #expect(broken.text.contains("<h1>Etwas ist schiefgelaufen</h1>"))
        let requestID = try #require(broken.headers["X-Request-ID"])
        #expect(broken.text.contains("Wenn Sie uns kontaktieren, nennen Sie bitte diese Nummer: \(requestID)"))

        let forbidden = try client.send(.get, "/demo/en/probe/forbidden")
        #expect(forbidden.status == 403)
        #expect(forbidden.text.contains("<h1>Not allowed</h1>"))

        let method = try client.send(.delete, "/demo/de/probe/register")
        #expect(method.status == 405)
        #expect(method.headers["Allow"] == "GET, HEAD, POST")
        #expect(method.text.contains("<h1>Das geht hier nicht</h1>"))

        var browser = TestSession()
        let token = try server.csrfToken(for: &browser)
        let large = try client.send(.post, "/demo/de/probe/upload", headers: browser.headers + [("X-CSRF-Token", token)])
        #expect(large.status == 413)
        #expect(large.text.contains("<h1>Zu viele Daten</h1>"))
        #expect(large.text.contains(#"<p class="details">Details: The file is larger than 2 MB</p>"#))
    }

    @Test func errorPagesOutsideARegionLanguageFollowAcceptLanguage() throws {
        let client = server.client()
        let persian = try client.send(.get, "/nowhere/else", headers: [("Accept-Language", "fa-IR, en;q=0.5")])
        #expect(persian.status == 404)
        #expect(persian.text.contains(#"<html lang="fa" dir="rtl">"#))
        #expect(persian.text.contains("<h1>صفحه پیدا نشد</h1>"))
        #expect(persian.headers["Vary"] == "Accept-Language")

        let english = try client.send(.get, "/nowhere/else")
        #expect(english.text.contains(#"<html lang="en" dir="ltr">"#))
        #expect(english.text.contains("<h1>Page not found</h1>"))

        // A language the region does not speak: the region's best match for the reader.
        let unknownLanguage = try client.send(.get, "/demo/xx/probe/register", headers: [("Accept-Language", "ar")])
        #expect(unknownLanguage.status == 404)
        #expect(unknownLanguage.text.contains("<h1>الصفحة غير موجودة</h1>"))
        #expect(unknownLanguage.text.contains(#"<a href="/demo/de/probe/register" hreflang="de" lang="de">Deutsch</a>"#))
    }

    @Test func apiErrorsKeepTheirJSONShape() throws {
        let response = try server.client().send(.get, "/api/v1/demo/ar/nothing", headers: [("Accept-Language", "ar")])
        #expect(response.status == 404)
        #expect(response.headers["Content-Type"] == "application/json")
        let error = try #require(try response.json()["error"])
        #expect(error["status"]?.integerValue == 404)
        #expect(error["message"]?.stringValue == "Not found")
        #expect(error["requestId"]?.stringValue == response.headers["X-Request-ID"])
    }

    @Test func theStylesheetIsCachedForAYearAndRevalidatedByETag() throws {
        let client = server.client()
        let css = try client.send(.get, Stylesheet.url)
        #expect(css.status == 200)
        #expect(css.headers["Content-Type"] == "text/css; charset=utf-8")
        #expect(css.headers["Cache-Control"] == "public, max-age=31536000, immutable")
        let tag = try #require(css.headers["ETag"])
        #expect(tag == "\"\(Stylesheet.fingerprint)\"")
        #expect(css.body == Stylesheet.bytes)

        for condition in [tag, "W/\(tag)", "\"other\", \(tag)", "*"] {
            let revalidated = try client.send(.get, Stylesheet.url, headers: [("If-None-Match", condition)])
            #expect(revalidated.status == 304, "If-None-Match: \(condition)")
            #expect(revalidated.body.isEmpty)
            #expect(revalidated.headers["ETag"] == tag)
        }
        let changed = try client.send(.get, Stylesheet.url, headers: [("If-None-Match", "\"stale\"")])
        #expect(changed.status == 200)
        #expect(try client.send(.get, "/static/teilhabe-0000000000000000.css").status == 404)
        #expect(try client.send(.get, "/static/secret.key").status == 404)
    }
}

@Suite struct RootPageTests {
    @Test func severalRegionsAreListedInTheReadersLanguage() throws {
        let server = try TestServer(modules: [], regions: [
            "north": #"{"id": "north", "names": {"de": "Nord", "uk": "Північ"}, "timeZone": "Europe/Berlin", "languages": [{"code": "de"}, {"code": "uk", "source": "de"}], "modules": {}}"#,
            "south": #"{"id": "south", "names": {"de": "Süd"}, "timeZone": "Europe/Berlin", "languages": [{"code": "de"}], "modules": {}}"#,
        ])
        defer { server.stop() }
        let response = try server.client().send(.get, "/", headers: [("Accept-Language", "uk, de;q=0.8")])
        #expect(response.status == 200)
        #expect(response.headers["Vary"] == "Accept-Language")
        #expect(response.text.contains(#"<html lang="uk" dir="ltr">"#))
        #expect(response.text.contains("<h1>Оберіть свій регіон</h1>"))
        #expect(response.text.contains(#"<h2><a href="/north/uk">Північ</a></h2>"#))
        #expect(response.text.contains(#"<h2><a href="/south/de">Süd</a></h2>"#))

        let home = try server.client().send(.get, "/north/de")
        #expect(home.text.contains("<p>Hier gibt es noch nichts.</p>"))
    }

    @Test func navigationEntriesNeedAnEnglishCatalogText() {
        let manifest = ModuleManifest(
            id: "quiet", version: "1.0.0", kernel: "0.1.0"..<"0.2.0",
            navigation: [NavigationEntry(titleKey: "quiet.navigation", path: "/quiet")],
            catalog: Catalog(messages: ["de": ["quiet.navigation": .text("Leise")]]))
        #expect(throws: RegistryError.self) { try ModuleRegistry(manifests: [manifest]) }
        do {
            _ = try ModuleRegistry(manifests: [manifest])
        } catch {
            #expect(error.problems == ["module 'quiet': navigation entry 'quiet.navigation' has no text in the module's Catalogs/en.json"])
        }
    }

    @Test func theKernelCatalogIsComplete() {
        #expect(CatalogAudit.problems(in: KernelManifest.catalog, named: "Kernel") == [])
    }
}
