import Foundation
import HTTP
import Kernel
import Testing
import TeilhabeTesting
@testable import Workshops

/// Waits until `condition` holds, checking every 20 ms for up to `seconds` (generous, for a
/// loaded CI machine).
@discardableResult
func eventually(seconds: Double = 30, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try condition() { return true }
        usleep(20_000)
    }
    return try condition()
}

let fastJobs: JSONValue = ["workers": 2, "pollMilliseconds": 50, "retryBaseMilliseconds": 20, "retryMaxMilliseconds": 200, "leaseMarginMilliseconds": 200]
let berlin = TimeZone(identifier: "Europe/Berlin")!

/// A coordinator's server with the Workshops module, a clock the test moves, and helpers
/// that drive it through its pages and API as a browser and an app would.
final class WorkshopsFixture {
    let server: TestServer
    let clock: TestClock
    var coordinator: TestSession
    var csrf: String

    init(mail: [String: JSONValue]? = nil) throws {
        clock = TestClock(Date())
        var settings: [String: JSONValue] = ["jobs": fastJobs]
        if let mail { settings["mail"] = .object(mail) }
        server = try TestServer(modules: [WorkshopsModule.self], server: settings, clock: clock)
        try server.createAccount("coordinator@example.org", name: "Koordination", roles: ["demo": [.staff]])
        coordinator = try server.signIn("coordinator@example.org")
        csrf = try server.csrfToken(for: coordinator)
    }

    deinit { server.stop() }

    /// A day `days` from the test clock's now, in Berlin, as the form wants it.
    func day(in days: Int) -> String {
        ReportingDay(containing: clock.now().addingTimeInterval(TimeInterval(days) * 86_400), in: berlin).description
    }

    func form(_ path: String, _ fields: [(String, String)]) throws -> TestResponse {
        try server.client().sendForm("/demo/de\(path)", fields + [("_csrf", csrf)], headers: coordinator.headers)
    }

    /// Creates a workshop through the admin form and returns its id.
    func createWorkshop(_ extra: [(String, String)] = [], capacity: Int = 2, inDays: Int = 10) throws -> Int64 {
        var fields: [String: String] = [
            "title": "Digitale Werkzeuge im Ehrenamt", "summary": "Einführung", "language": "de", "targetGroup": "volunteers-staff",
            "format": "in-person", "address": "Lernort Nord, Hauptstraße 1, 50667 Köln", "capacity": String(capacity),
            "date": day(in: inDays), "startTime": "18:00", "endTime": "20:00", "repeat": "none", "trainers": "Amira Haddad",
        ]
        for (name, value) in extra { fields[name] = value }
        let response = try form("/admin/workshops/new", fields.map { ($0.key, $0.value) } + [("languages", "de"), ("languages", "ar")])
        guard response.status == 303, let location = response.headers["Location"],
              let id = location.split(separator: "/").last.flatMap({ Int64($0) }) else {
            throw TestServerError("creating answered \(response.status): \(response.text.prefix(2000))")
        }
        return id
    }

    func publish(_ id: Int64) throws {
        let response = try form("/admin/workshops/\(id)/publish", [])
        guard response.status == 200 else { throw TestServerError("publishing answered \(response.status)") }
    }

    func register(_ id: Int64, name: String, email: String, answers: [String: String] = [:], language: String = "de") throws -> TestResponse {
        let body = JSONValue.object([
            "name": .string(name), "email": .string(email), "language": .string(language),
            "answers": .object(answers.mapValues(JSONValue.string)),
        ])
        return try server.client().sendJSON(.post, "/api/v1/demo/de/workshops/\(id)/registrations", String(decoding: body.encoded(), as: UTF8.self))
    }

    /// Signs in again after the clock moved past the session's lifetime.
    func signInAgain() throws {
        coordinator = try server.signIn("coordinator@example.org")
        csrf = try server.csrfToken(for: coordinator)
    }

    func mails(to address: String) throws -> [MailMessage] { try server.mail(to: address) }

    /// The token of the manage link in `message` (tokens have dots, unlike the kernel helper expects).
    static func manageToken(in message: MailMessage) -> String? {
        guard let range = message.text.range(of: "registration?token=") else { return nil }
        let encoded = String(message.text[range.upperBound...].prefix { !$0.isWhitespace })
        return encoded.removingPercentEncoding
    }

    func runJob(_ name: String) throws {
        try server.storage.write(.region("demo")) { db in try server.application.services.jobs.enqueue(name, in: db) }
    }

    func count(_ sql: SQL) throws -> Int {
        try server.storage.read(.region("demo")) { db in try db.scalar(Int.self, sql) ?? 0 }
    }
}

@Suite(.serialized) final class WorkshopLifecycleTests {
    let fixture: WorkshopsFixture

    init() throws { fixture = try WorkshopsFixture() }

    @Test func registerToCapacityThenWaitlistCancelAndPromote() throws {
        let id = try fixture.createWorkshop()
        // A draft is invisible and takes no registrations.
        #expect(try fixture.server.client().send(.get, "/api/v1/demo/de/workshops/\(id)").status == 404)
        #expect(try fixture.register(id, name: "Früh", email: "frueh@example.org").status == 404)
        try fixture.publish(id)

        let first = try fixture.register(id, name: "Leyla Aydın", email: "leyla@example.org")
        #expect(first.status == 201, "\(first.text)")
        #expect(try first.json()["registration"]?["state"]?.stringValue == "confirmed")
        #expect(try fixture.register(id, name: "Jonas", email: "jonas@example.org").status == 201)
        let third = try fixture.register(id, name: "Olena", email: "olena@example.org", language: "en")
        #expect(try third.json()["registration"]?["state"]?.stringValue == "waitlisted")
        #expect(try third.json()["registration"]?["waitlistPosition"]?.integerValue == 1)

        // The same address again, whatever its case, is refused naming the field.
        let again = try fixture.register(id, name: "Leyla", email: "LEYLA@example.org ")
        #expect(again.status == 409)
        #expect(try again.json()["error"]?["field"]?.stringValue == "email")

        // Confirmation mail with the dates attached and a working manage link.
        let confirmation = try #require(try fixture.mails(to: "leyla@example.org").first)
        #expect(confirmation.subject.contains("Digitale Werkzeuge im Ehrenamt"))
        #expect(confirmation.attachments.first.map { $0.contentType.hasPrefix("text/calendar") } == true)
        let ics = String(decoding: confirmation.attachments.first?.bytes ?? [], as: UTF8.self)
        #expect(ics.contains("BEGIN:VEVENT"))
        let token = try #require(WorkshopsFixture.manageToken(in: confirmation))

        // A tampered token is refused; the right one cancels, and Olena gets the place with a mail.
        var tampered = Array(token)
        tampered[tampered.count - 2] = tampered[tampered.count - 2] == "A" ? "B" : "A"
        let refused = try fixture.server.client().sendJSON(.post, "/api/v1/demo/de/workshops/registration/cancel", #"{"token": "\#(String(tampered))"}"#)
        #expect(refused.status == 403)
        let cancelled = try fixture.server.client().sendJSON(.post, "/api/v1/demo/de/workshops/registration/cancel", #"{"token": "\#(token)"}"#)
        #expect(cancelled.status == 200, "\(cancelled.text)")
        #expect(try cancelled.json()["registration"]?["state"]?.stringValue == "cancelled")
        let olena = try fixture.mails(to: "olena@example.org")
        #expect(olena.count == 2)
        #expect(olena.last?.subject.hasPrefix("A place for you") == true)
        let detail = try fixture.server.client().send(.get, "/api/v1/demo/de/workshops/\(id)").json()
        #expect(detail["workshop"]?["confirmed"]?.integerValue == 2)

        // Cancelled people may register again (and land on the waiting list now).
        let back = try fixture.register(id, name: "Leyla Aydın", email: "leyla@example.org")
        #expect(try back.json()["registration"]?["state"]?.stringValue == "waitlisted")
    }

    @Test func savingTheFormInAnotherLanguageIsATranslation() throws {
        let id = try fixture.createWorkshop()
        try fixture.publish(id)
        let page = try fixture.server.client().send(.get, "/demo/de/admin/workshops/\(id)", headers: fixture.coordinator.headers)
        var fields = try #require(Self.formFields(page.text, action: "/demo/de/admin/workshops/\(id)"))
        fields.removeAll { ["title", "summary", "language", "_csrf"].contains($0.0) }
        let saved = try fixture.form(
            "/admin/workshops/\(id)", fields + [("title", "Digital tools for volunteers"), ("summary", "An introduction"), ("language", "en")])
        #expect(saved.status == 200)
        let stored = try fixture.server.storage.read(.region("demo")) { db in
            try db.query("SELECT title, original_language FROM workshops WHERE region = \("demo") AND id = \(id)").first
        }
        #expect(try stored?.get("title", as: String.self) == "Digitale Werkzeuge im Ehrenamt", "the German title stays the workshop's own")
        #expect(try stored?.get("original_language", as: String.self) == "de")
        let english = try fixture.server.client().send(.get, "/api/v1/demo/en/workshops/\(id)").json()
        #expect(english["workshop"]?["title"] == "Digital tools for volunteers")
        let german = try fixture.server.client().send(.get, "/api/v1/demo/de/workshops/\(id)").json()
        #expect(german["workshop"]?["title"] == "Digitale Werkzeuge im Ehrenamt")
    }

    @Test func capacityCannotDropBelowConfirmedAndRaisingItPromotes() throws {
        let id = try fixture.createWorkshop(capacity: 1)
        try fixture.publish(id)
        _ = try fixture.register(id, name: "A", email: "a@example.org")
        _ = try fixture.register(id, name: "B", email: "b@example.org")
        let page = try fixture.server.client().send(.get, "/demo/de/admin/workshops/\(id)", headers: fixture.coordinator.headers)
        #expect(page.status == 200)
        var fields = try #require(Self.formFields(page.text, action: "/demo/de/admin/workshops/\(id)"))
        fields.removeAll { $0.0 == "capacity" || $0.0 == "_csrf" }
        let lowered = try fixture.form("/admin/workshops/\(id)", fields + [("capacity", "0")])
        #expect(lowered.status == 422)
        let raised = try fixture.form("/admin/workshops/\(id)", fields + [("capacity", "2")])
        #expect(raised.status == 200, "\(fields) \(raised.text.components(separatedBy: "<main").last?.prefix(3000) ?? "")")
        #expect(try fixture.mails(to: "b@example.org").last?.subject.hasPrefix("Ein Platz für Sie") == true)
    }

    @Test func registrationIsRefusedOutsideTheWindowAndWhenCancelled() throws {
        let closed = try fixture.createWorkshop([("registrationCloses", fixture.day(in: -1))])
        try fixture.publish(closed)
        let late = try fixture.register(closed, name: "Spät", email: "spaet@example.org")
        #expect(late.status == 409)
        #expect(try late.json()["error"]?["message"]?.stringValue?.contains("closed") == true)

        let id = try fixture.createWorkshop()
        try fixture.publish(id)
        _ = try fixture.register(id, name: "Ana", email: "ana@example.org")
        let cancel = try fixture.form("/admin/workshops/\(id)/cancel", [("reason", "Die Trainerin ist krank.")])
        #expect(cancel.status == 200)
        let notice = try #require(try fixture.mails(to: "ana@example.org").last)
        #expect(notice.subject.hasPrefix("Abgesagt") || notice.subject.hasPrefix("Cancelled"))
        #expect(notice.text.contains("Die Trainerin ist krank."))
        let ics = String(decoding: notice.attachments.first?.bytes ?? [], as: UTF8.self)
        #expect(ics.contains("STATUS:CANCELLED"))
        let refused = try fixture.register(id, name: "Ben", email: "ben@example.org")
        #expect(refused.status == 409)
    }

    @Test func aTagToAProjectThatIsGoneIsTheFormsProblem() throws {
        let response = try fixture.form("/admin/workshops/new", [
            ("title", "Ohne Projekt"), ("language", "de"), ("targetGroup", "mixed"), ("format", "in-person"),
            ("address", "Hauptstraße 1"), ("date", fixture.day(in: 5)), ("startTime", "10:00"), ("endTime", "12:00"),
            ("languages", "de"), ("project-999", "1"),
        ])
        #expect(response.status == 422)
        #expect(try fixture.count("SELECT COUNT(*) FROM workshops WHERE region = \("demo") AND title = \("Ohne Projekt")") == 0)
    }

    @Test func registrationsOfACancelledWorkshopStayAsTheyAre() throws {
        let id = try fixture.createWorkshop(capacity: 1)
        try fixture.publish(id)
        _ = try fixture.register(id, name: "Ana", email: "ana@example.org")
        _ = try fixture.register(id, name: "Ben", email: "ben@example.org")
        let token = try #require(try fixture.mails(to: "ana@example.org").first.flatMap(WorkshopsFixture.manageToken))
        #expect(try fixture.form("/admin/workshops/\(id)/cancel", [("reason", "Raum fehlt.")]).status == 200)
        let mailsToBen = try fixture.mails(to: "ben@example.org").count

        // Ana's link no longer cancels: Ben would be told of a place in a workshop that will not take place.
        let cancelled = try fixture.server.client().sendJSON(.post, "/api/v1/demo/de/workshops/registration/cancel", #"{"token": "\#(token)"}"#)
        #expect(cancelled.status == 409)
        #expect(try fixture.mails(to: "ben@example.org").count == mailsToBen, "no promotion mail")
        let states = try fixture.server.storage.read(.region("demo")) { db in
            try db.query("""
                SELECT b.state FROM workshops_registrations r JOIN kernel_bookings b ON b.id = r.booking_id AND b.region = r.region
                WHERE r.region = \("demo") AND r.workshop_id = \(id) ORDER BY r.id
                """).map { try $0.get("state", as: String.self) }
        }
        #expect(states == ["confirmed", "waitlisted"])
    }

    @Test func requiredAnswersAndBadFieldsAreNamed() throws {
        let id = try fixture.createWorkshop()
        let added = try fixture.form("/admin/workshops/\(id)/questions", [("label", "Ernährung"), ("kind", "choice"), ("options", "vegan\nalles"), ("required", "on")])
        #expect(added.status == 303)
        try fixture.publish(id)
        let question = try fixture.count("SELECT id FROM workshops_questions WHERE region = \("demo")")
        let missing = try fixture.register(id, name: "Ana", email: "ana@example.org")
        #expect(missing.status == 422)
        #expect(try missing.json()["error"]?["field"]?.stringValue == "answer-\(question)")
        let wrong = try fixture.register(id, name: "Ana", email: "ana@example.org", answers: [String(question): "7"])
        #expect(wrong.status == 422)
        let badMail = try fixture.register(id, name: "Ana", email: "ana-at-example.org", answers: [String(question): "0"])
        #expect(try badMail.json()["error"]?["field"]?.stringValue == "email")
        let ok = try fixture.register(id, name: "Ana", email: "ana@example.org", answers: [String(question): "0"])
        #expect(ok.status == 201)
        #expect(try ok.json()["registration"]?["answers"]?[String(question)]?.stringValue == "0")
        // Nothing half-written by the refused attempts.
        #expect(try fixture.count("SELECT COUNT(*) FROM workshops_registrations WHERE region = \("demo")") == 1)

        // The form shows the problems beside their fields.
        let form = try fixture.server.client().sendForm("/demo/de/workshops/\(id)", [("name", ""), ("email", "x")])
        #expect(form.status == 422 || form.status == 403)
    }

    @Test func remindersAreSentOncePerSessionAndAttendanceCounts() throws {
        let id = try fixture.createWorkshop(["repeat": "weekly", "sessions": "2"].map { ($0.key, $0.value) }, capacity: 5, inDays: 3)
        try fixture.publish(id)
        _ = try fixture.register(id, name: "Leyla", email: "leyla@example.org")
        _ = try fixture.register(id, name: "Jonas", email: "jonas@example.org")
        // Five hours before the first session it is less than 24 hours away.
        let parts = fixture.day(in: 3).split(separator: "-").compactMap { Int($0) }
        let first = try #require(Recurrence.instant(year: parts[0], month: parts[1], day: parts[2], hour: 18, in: berlin))
        fixture.clock.advance(by: first.timeIntervalSince(fixture.clock.now()) - 5 * 3600)
        try fixture.signInAgain()
        try fixture.runJob("workshops.send-reminders")
        #expect(eventually { (try? fixture.count("SELECT COUNT(*) FROM workshops_reminders WHERE region = \("demo")")) == 2 })
        try fixture.runJob("workshops.send-reminders")
        try fixture.runJob("workshops.send-reminders")
        #expect(eventually { (try? fixture.server.storage.read { try $0.scalar(Int.self, "SELECT COUNT(*) FROM kernel_jobs WHERE name LIKE 'workshops.%' AND state IN ('pending', 'running')") }) == 0 })
        let failures = try fixture.server.storage.read { db in try db.query("SELECT name, state, last_error FROM kernel_jobs WHERE state <> 'succeeded'").map { "\(try $0.get("name", as: String.self)) \(try $0.get("state", as: String.self)) \(try $0.get("last_error", as: String?.self) ?? "")" } }
        #expect(failures.filter { !$0.hasPrefix("kernel.send-mail") } == [])
        #expect(try fixture.mails(to: "leyla@example.org").filter { $0.subject.hasPrefix("Erinnerung") || $0.subject.hasPrefix("Reminder") }.count == 1)

        // Check in Leyla at the first session, mark Jonas as a no-show.
        let booking = try fixture.count("SELECT booking_id FROM workshops_registrations WHERE region = \("demo") ORDER BY id LIMIT 1")
        let other = try fixture.count("SELECT booking_id FROM workshops_registrations WHERE region = \("demo") ORDER BY id DESC LIMIT 1")
        let list = try fixture.server.client().send(.get, "/demo/de/admin/workshops/\(id)/attendance", headers: fixture.coordinator.headers)
        #expect(list.status == 200)
        let session = try #require(WorkshopsFixture.firstValue(of: "session", in: list.text))
        let checkIn = try fixture.form("/admin/workshops/\(id)/attendance", [("booking", String(booking)), ("session", session), ("mark", "attended")])
        #expect(checkIn.status == 200, "\(checkIn.text.components(separatedBy: "<main").last?.prefix(1500) ?? "")")
        #expect(try fixture.form("/admin/workshops/\(id)/attendance", [("booking", String(other)), ("session", session), ("mark", "no-show")]).status == 200)
        let certificate = try fixture.server.client().send(
            .get, "/demo/de/admin/workshops/\(id)/certificates/\(try fixture.count("SELECT id FROM workshops_registrations WHERE region = \("demo") ORDER BY id LIMIT 1"))",
            headers: fixture.coordinator.headers)
        #expect(certificate.status == 200)
        #expect(certificate.text.contains("Leyla"))

        // After the last session the workshop is held, announced, and in the archive with its count.
        fixture.clock.advance(by: 10 * 86_400)
        try fixture.signInAgain()
        try fixture.runJob("workshops.mark-held")
        #expect(eventually { (try? fixture.count("SELECT COUNT(*) FROM workshops WHERE region = \("demo") AND status = 'held'")) == 1 })
        let past = try fixture.server.client().send(.get, "/api/v1/demo/de/workshops/past").json()
        #expect(past["items"]?.arrayValue?.first?["id"]?.integerValue == id)
        #expect(past["items"]?.arrayValue?.first?["confirmed"]?.integerValue == 2)
        #expect(past["items"]?.arrayValue?.first?["status"]?.stringValue == "held")
    }

    /// The name/value pairs of the form posting to `action` (inputs, checked boxes, selected options, textareas).
    static func formFields(_ html: String, action: String) -> [(String, String)]? {
        guard let start = html.range(of: "action=\"\(action)\"") else { return nil }
        let rest = html[start.upperBound...]
        let form = rest[..<(rest.range(of: "</form>")?.lowerBound ?? rest.endIndex)]
        var fields: [(String, String)] = []
        var scan = form[...]
        while let open = scan.range(of: "<") {
            let tagEnd = scan[open.upperBound...].firstIndex(of: ">") ?? scan.endIndex
            let tag = String(scan[open.upperBound..<tagEnd])
            scan = scan[tagEnd...]
            func attribute(_ name: String) -> String? {
                guard let r = tag.range(of: " \(name)=\"") else { return nil }
                return String(tag[r.upperBound...].prefix { $0 != "\"" })
                    .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&lt;", with: "<")
                    .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
            }
            if tag.hasPrefix("input"), let name = attribute("name") {
                let type = attribute("type") ?? "text"
                if (type == "checkbox" || type == "radio") && !tag.contains(" checked") { continue }
                if type == "submit" { continue }
                fields.append((name, attribute("value") ?? ""))
            } else if tag.hasPrefix("textarea"), let name = attribute("name") {
                let close = scan.range(of: "</textarea>")?.lowerBound ?? scan.endIndex
                let text = String(scan[scan.index(after: scan.startIndex)..<close])
                fields.append((name, text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
                    .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")))
            } else if tag.hasPrefix("select"), let name = attribute("name") {
                let close = scan.range(of: "</select>")?.lowerBound ?? scan.endIndex
                let options = String(scan[..<close])
                if let selected = options.range(of: " selected") {
                    let before = options[..<selected.lowerBound]
                    if let value = before.range(of: "value=\"", options: .backwards) {
                        fields.append((name, String(before[value.upperBound...].prefix { $0 != "\"" })))
                    }
                }
            }
        }
        return fields
    }
}

extension WorkshopsFixture {
    /// The value of the first hidden input `name` in a page.
    static func firstValue(of name: String, in html: String) -> String? {
        guard let range = html.range(of: "type=\"hidden\" name=\"\(name)\" value=\"") else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }
}
