import Foundation
import Kernel
import Testing
import TeilhabeTesting
@testable import Workshops

/// The public registration form and the manage page show every problem at once, each beside
/// its field, with what the person typed kept; the API names the first field and lists all.
@Suite(.serialized) final class WorkshopRegistrationFormTests {
    let fixture: WorkshopsFixture

    init() throws { fixture = try WorkshopsFixture() }

    /// The ids of the fields whose error message the page shows.
    static func fieldsWithErrors(_ html: String) -> [String] {
        html.components(separatedBy: "class=\"error-message\" id=\"field-").dropFirst().map { String($0.prefix { $0 != "\"" }.dropLast("-error".count)) }
    }

    @Test func everyProblemIsShownBesideItsFieldWithTheInputKept() throws {
        let id = try fixture.createWorkshop()
        #expect(try fixture.form("/admin/workshops/\(id)/questions", [("label", "Ernährung"), ("kind", "text"), ("required", "on")]).status == 303)
        #expect(try fixture.form("/admin/workshops/\(id)/questions", [("label", "Kinderbetreuung"), ("kind", "choice"), ("options", "ja\nnein")]).status == 303)
        try fixture.publish(id)
        let questions = try fixture.server.storage.read(.region("demo")) { db in
            try db.query("SELECT id FROM workshops_questions WHERE region = \("demo") ORDER BY position").map { try $0.get("id", as: Int64.self) }
        }
        let (food, childcare) = (questions[0], questions[1])

        var browser = TestSession()
        let csrf = try fixture.server.csrfToken(for: &browser)
        let page = try fixture.server.client().sendForm("/demo/de/workshops/\(id)", [
            ("name", "  "), ("email", "ana-at-example.org"), ("phone", "ruf mich an"), ("language", "de"),
            ("accessibility", "Gebärdensprache bitte"), ("answer-\(childcare)", "7"), ("_csrf", csrf),
        ], headers: browser.headers)
        #expect(page.status == 422)
        #expect(Self.fieldsWithErrors(page.text) == ["name", "email", "phone", "answer-\(food)", "answer-\(childcare)"], "\(page.text)")
        #expect(page.text.contains("error-summary"))
        #expect(page.text.contains("value=\"ana-at-example.org\""))
        #expect(page.text.contains("value=\"ruf mich an\""))
        #expect(page.text.contains("Gebärdensprache bitte</textarea>"))
        #expect(try fixture.count("SELECT COUNT(*) FROM workshops_registrations WHERE region = \("demo")") == 0)

        // The API answers 422 naming the first field; its message lists every problem.
        let api = try fixture.register(id, name: "", email: "ana-at-example.org", answers: [String(childcare): "7"])
        #expect(api.status == 422)
        let error = try api.json()["error"]
        #expect(error?["field"]?.stringValue == "name")
        let message = error?["message"]?.stringValue ?? ""
        for field in ["name is required", "email must be", "answer-\(food) is required", "answer-\(childcare) is not one of"] {
            #expect(message.contains(field), "\(field) in \(message)")
        }

        // Fixed, the same form registers; the manage page shows its problems the same way.
        let fixed = try fixture.server.client().sendForm("/demo/de/workshops/\(id)", [
            ("name", "Ana"), ("email", "ana@example.org"), ("phone", "+49 170 1234567"), ("language", "de"),
            ("answer-\(food)", "vegetarisch"), ("answer-\(childcare)", "1"), ("_csrf", csrf),
        ], headers: browser.headers)
        #expect(fixed.status == 201, "\(fixed.text.components(separatedBy: "<main").last?.prefix(1500) ?? "")")
        let mail = try #require(try fixture.mails(to: "ana@example.org").first)
        let token = try #require(WorkshopsFixture.manageToken(in: mail))
        let change = try fixture.server.client().sendForm("/demo/de/workshops/registration", [
            ("token", token), ("name", ""), ("phone", "ruf mich an"), ("language", "de"), ("answer-\(food)", ""), ("_csrf", csrf),
        ], headers: browser.headers)
        #expect(change.status == 422)
        #expect(Self.fieldsWithErrors(change.text) == ["name", "phone", "answer-\(food)"], "\(change.text)")
        #expect(change.text.contains("value=\"ruf mich an\""))
        let stored = try fixture.server.storage.read(.region("demo")) { db in try db.scalar(String.self, "SELECT phone FROM workshops_registrations WHERE region = \("demo")") }
        #expect(stored == "+49 170 1234567", "a refused change changes nothing")
    }
}
