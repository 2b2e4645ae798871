import Foundation
import HTTP
import Kernel
import Testing
import TeilhabeTesting

/// The content area's pages: search, the translation worklist with upload, history and restore.
@Suite(.serialized) final class ContentPagesEndToEndTests {
    let server: TestServer
    let staff: [(String, String)]

    init() throws {
        server = try TestServer(modules: allModules)
        staff = try server.headers(signedInAs: .staff)
    }

    deinit { server.stop() }

    @discardableResult
    func story(_ slug: String, _ texts: [String: ContentTexts]) throws -> Int64 {
        try server.storage.write(.region("demo")) { db in
            try server.application.services.content.create(
                NewContentItem(module: "echo", kind: "story", slug: slug, originalLanguage: "de", texts: texts, status: .published), in: db)
        }
    }

    @Test func theSearchPageListsResultsWithMarkedSnippets() throws {
        try story("kiez", ["de": ContentTexts(title: "Kiezfest", body: "Das <b>Kiezfest</b> war schön.")])
        let client = server.client()
        let page = try client.send(.get, "/demo/de/search?q=kiezfest").text
        #expect(page.contains("href=\"/demo/de/echo/stories/kiez\""))
        #expect(page.contains("<mark>Kiezfest</mark>"))
        #expect(page.contains("&lt;b&gt;"))
        #expect(page.contains("value=\"kiezfest\""), "the query stays in the search box")
        // An Arabic reader finds the German text and is told its language.
        let arabic = try client.send(.get, "/demo/ar/search?q=kiezfest").text
        #expect(arabic.contains("lang=\"de\""))
        #expect(arabic.contains("Deutsch"))
        let none = try client.send(.get, "/demo/de/search?q=%3Cscript%3Enichts").text
        #expect(none.contains("&lt;script&gt;nichts"))
        #expect(!none.contains("<script>nichts"))
        #expect(try client.send(.get, "/demo/de/search").status == 200)
    }

    @Test func translatorsSeeTheWorklistAndUploadFiles() throws {
        let id = try story("hochladen", ["de": ContentTexts(title: "Hochladen", body: "Text")])
        let client = server.client()
        let anonymous = try client.send(.get, "/demo/de/content/translations?language=en")
        #expect(anonymous.status == 303, "readers are sent to sign in")
        #expect(anonymous.headers["Location"]?.hasPrefix("/demo/de/sign-in") == true)
        let worklist = try client.send(.get, "/demo/de/content/translations?language=en", headers: staff)
        #expect(worklist.status == 200)
        #expect(worklist.text.contains("Hochladen"))
        #expect(worklist.text.contains("/api/v1/demo/de/content/xliff?target=en"))
        #expect(worklist.text.contains("enctype=\"multipart/form-data\""))

        let export = try client.send(.get, "/api/v1/demo/de/content/xliff?target=en", headers: staff)
        let translated = export.text
            .replacingOccurrences(of: "<source>Hochladen</source>", with: "<source>Hochladen</source><target>Upload</target>")
            .replacingOccurrences(of: "<source>Text</source>", with: "<source>Text</source><target>Text EN</target>")
        func upload(_ document: String) throws -> TestResponse {
            let boundary = "----teilhabe\(UUID().uuidString)"
            var body = Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"en.xlf\"\r\nContent-Type: application/xliff+xml\r\n\r\n".utf8)
            body += Array(document.utf8) + Array("\r\n--\(boundary)--\r\n".utf8)
            return try client.send(
                .post, "/demo/de/content/translations?language=en",
                headers: staff + [("Content-Type", "multipart/form-data; boundary=\(boundary)")], body: body)
        }
        let refused = try upload(translated.replacingOccurrences(of: "trgLang=\"en\"", with: "trgLang=\"xx\""))
        #expect(refused.status == 422)
        #expect(refused.text.contains("en.xlf: trgLang &#39;xx&#39; is not a language of region &#39;demo&#39;") || refused.text.contains("en.xlf: trgLang 'xx'"))
        let saved = try upload(translated)
        #expect(saved.status == 200)
        #expect(saved.text.contains("notice-success"))
        let record = try server.storage.read(.region("demo")) { db in try server.application.services.content.record(id, in: db) }
        #expect(record?.texts["en"]?.title == "Upload")
    }

    @Test func editorsSeeTheHistoryAndRestore() throws {
        let id = try story("geschichte", ["de": ContentTexts(title: "Version eins")])
        try server.storage.write(.region("demo")) { db in
            try server.application.services.content.saveTexts(ContentTexts(title: "Version zwei"), language: "de", of: id, minor: false, author: nil, in: db)
        }
        let client = server.client()
        let history = try client.send(.get, "/demo/de/content/items/\(id)/history", headers: staff)
        #expect(history.status == 200)
        #expect(history.text.contains("Version zwei"))
        #expect(history.text.contains("name=\"version\" value=\"1\""))
        let restored = try client.sendForm("/demo/de/content/items/\(id)/restore", [("version", "1")], headers: staff)
        #expect(restored.status == 303)
        let location = try #require(restored.headers["Location"])
        #expect(location == "/demo/de/content/items/\(id)/history?restored=1")
        let after = try client.send(.get, location, headers: staff).text
        #expect(after.contains("notice-success"))
        #expect(try client.send(.get, "/api/v1/demo/de/echo/stories/geschichte").json()["title"] == "Version eins")
        let volunteer = try client.sendForm("/demo/de/content/items/\(id)/restore", [("version", "1")], headers: try server.headers(signedInAs: .volunteer))
        #expect(volunteer.status == 403)
    }
}
