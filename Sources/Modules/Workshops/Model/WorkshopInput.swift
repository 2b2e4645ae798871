import Foundation
import Kernel
import Web

/// What a coordinator enters for a workshop, as typed (form fields), and its checking into
/// a `WorkshopPlan`. Every problem is collected with its field, so a form shows them all.
struct WorkshopInput: Sendable {
    var fields: [String: String]
    var languages: [String]
    /// `project-<id>` → category id, for tags to funded projects.
    var assignments: [ProjectAssignment]

    init(fields: [String: String], languages: [String], assignments: [ProjectAssignment] = []) {
        self.fields = fields
        self.languages = languages
        self.assignments = assignments
    }

    init(_ form: FormData) {
        var fields: [String: String] = [:]
        var assignments: [ProjectAssignment] = []
        for (name, value) in form.items where name != "languages" && name != Form.csrfFieldName {
            fields[name] = value
            if name.hasPrefix("project-"), let project = Int64(name.dropFirst("project-".count)), let category = Int64(value) {
                assignments.append(ProjectAssignment(project: project, category: category))
            }
        }
        self.init(fields: fields, languages: form.values("languages"), assignments: assignments)
    }

    subscript(_ name: String) -> String { (fields[name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }

    static let repeats = ["none", "daily", "weekly", "biweekly", "monthly"]
    static let maximumSessions = 200

    /// The checked plan, or every problem found.
    func plan(in region: Region, defaultCapacity: Int) -> Result<WorkshopPlan, Problems> {
        var problems = Problems()
        let zone = region.timeZone

        let title = self["title"]
        if title.isEmpty { problems.add("title", .required) } else if title.count > 300 { problems.add("title", .tooLong(300)) }
        let summary = self["summary"]
        if summary.count > 2_000 { problems.add("summary", .tooLong(2_000)) }
        let description = self["description"]
        if description.count > 50_000 { problems.add("description", .tooLong(50_000)) }
        var language = self["language"]
        if language.isEmpty { language = region.defaultLanguage }
        if !region.speaks(language) { problems.add("language", .unknownChoice) }

        let targetGroup = Workshop.TargetGroup(rawValue: self["targetGroup"])
        if targetGroup == nil { problems.add("targetGroup", self["targetGroup"].isEmpty ? .required : .unknownChoice) }
        let format = Workshop.Format(rawValue: self["format"])
        if format == nil { problems.add("format", self["format"].isEmpty ? .required : .unknownChoice) }

        let topic = optionalID("topic", &problems)
        let programme = optionalID("programme", &problems)
        let place = optionalID("place", &problems)
        let address = self["address"]
        if address.count > 300 { problems.add("address", .tooLong(300)) }
        let link = self["onlineLink"]
        if !link.isEmpty, !(link.hasPrefix("https://") || link.hasPrefix("http://")) || link.count > 500 || link.contains(" ") {
            problems.add("onlineLink", .invalidLink)
        }
        if let format {
            if format != .online, place == nil, address.isEmpty { problems.add("address", .required) }
            if format != .inPerson, link.isEmpty { problems.add("onlineLink", .required) }
        }
        let trainers = Workshop.lines(self["trainers"])
        if trainers.count > 20 || trainers.contains(where: { $0.count > 200 }) { problems.add("trainers", .tooLong(200)) }
        let codes = languages.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
        if codes.isEmpty { problems.add("languages", .required) }
        if codes.contains(where: { !(2...3).contains($0.count) || !$0.allSatisfy(\.isLetter) || !$0.allSatisfy(\.isASCII) }) {
            problems.add("languages", .unknownChoice)
        }

        let capacityText = self["capacity"]
        var capacity = defaultCapacity
        if !capacityText.isEmpty {
            if let value = Int(capacityText) {
                if (1...10_000).contains(value) { capacity = value } else { problems.add("capacity", .outOfRange(1...10_000)) }
            } else {
                problems.add("capacity", .notANumber)
            }
        }

        let schedule = self.schedule(zone: zone, problems: &problems)
        let opens = day("registrationOpens", zone: zone, &problems)
        let closesDay = day("registrationCloses", zone: zone, &problems)
        // Registration is possible until the end of the day given.
        let closes = closesDay.map { Calendar.gregorian(zone).date(byAdding: .day, value: 1, to: $0) ?? $0 }
        if let opens, let closes, closes <= opens { problems.add("registrationCloses", .endBeforeStart) }

        guard problems.isEmpty, let targetGroup, let format, let schedule else { return .failure(problems) }
        return .success(WorkshopPlan(
            title: title, summary: summary, description: description, language: language, topicID: topic, programmeID: programme,
            targetGroup: targetGroup, format: format, placeID: place, address: address.isEmpty ? nil : address,
            onlineLink: link.isEmpty ? nil : link, trainers: trainers, languages: Array(Set(codes)).sorted(),
            schedule: schedule.recurrence, sessions: schedule.sessions, startsAt: schedule.first.start, endsAt: schedule.last.end,
            capacity: capacity, registrationOpensAt: opens,
            registrationClosesAt: closes, assignments: assignments))
    }

    private func optionalID(_ name: String, _ problems: inout Problems) -> Int64? {
        let text = self[name]
        guard !text.isEmpty else { return nil }
        guard let id = Int64(text) else {
            problems.add(name, .unknownChoice)
            return nil
        }
        return id
    }

    private func day(_ name: String, zone: TimeZone, _ problems: inout Problems) -> Date? {
        let text = self[name]
        guard !text.isEmpty else { return nil }
        guard let day = ReportingDay(text) else {
            problems.add(name, .invalidDay)
            return nil
        }
        return day.start(in: zone)
    }

    /// The sessions from date, times, repetition, number of sessions and days to skip (or an
    /// RRULE given as `rule`).
    private func schedule(zone: TimeZone, problems: inout Problems) -> (recurrence: Recurrence, sessions: Int, first: Occurrence, last: Occurrence)? {
        let date = ReportingDay(self["date"])
        if self["date"].isEmpty { problems.add("date", .required) } else if date == nil { problems.add("date", .invalidDay) }
        let start = Self.time(self["startTime"])
        if self["startTime"].isEmpty { problems.add("startTime", .required) } else if start == nil { problems.add("startTime", .invalidTime) }
        let end = Self.time(self["endTime"])
        if self["endTime"].isEmpty { problems.add("endTime", .required) } else if end == nil { problems.add("endTime", .invalidTime) }
        if let start, let end, end.hour * 60 + end.minute <= start.hour * 60 + start.minute { problems.add("endTime", .endBeforeStart) }

        let repeatChoice = self["repeat"].isEmpty ? "none" : self["repeat"]
        if !Self.repeats.contains(repeatChoice) { problems.add("repeat", .unknownChoice) }
        var sessions = 1
        if repeatChoice != "none" || !self["rule"].isEmpty {
            if let value = Int(self["sessions"]), (1...Self.maximumSessions).contains(value) {
                sessions = value
            } else if self["rule"].isEmpty || !self["sessions"].isEmpty {
                problems.add("sessions", self["sessions"].isEmpty ? .required : .outOfRange(1...Self.maximumSessions))
            }
        }
        var skipped: [ReportingDay] = []
        for line in Workshop.lines(self["skipDates"]) {
            guard let day = ReportingDay(line) else {
                problems.add("skipDates", .invalidDay)
                break
            }
            skipped.append(day)
        }
        guard problems.isEmpty, let date, let start, let end else { return nil }

        let parts = date.description.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, let first = Recurrence.instant(
            year: parts[0], month: parts[1], day: parts[2], hour: start.hour, minute: start.minute, in: zone) else {
            problems.add("date", .invalidDay)
            return nil
        }
        let duration = TimeInterval((end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)) * 60
        do {
            let ruleText: String? = switch (self["rule"].isEmpty ? repeatChoice : "rule") {
            case "daily": "FREQ=DAILY"
            case "weekly": "FREQ=WEEKLY"
            case "biweekly": "FREQ=WEEKLY;INTERVAL=2"
            case "monthly": "FREQ=MONTHLY"
            case "rule": self["rule"].uppercased().replacingOccurrences(of: "RRULE:", with: "")
            default: nil
            }
            let rule = try ruleText.map { try RecurrenceRule(parsing: $0, timeZone: zone) }
            var recurrence = try Recurrence(start: first, duration: duration, timeZone: zone, rule: rule)
            recurrence.exceptions = skipped.map { day in
                let p = day.description.split(separator: "-").compactMap { Int($0) }
                return recurrence.start(onLocalDay: p[0], p[1], p[2])
            }
            if let rule, rule.count == nil, rule.until == nil {
                recurrence = try recurrence.limited(toSessions: sessions)
            }
            let occurrences = try recurrence.allOccurrences(limit: Self.maximumSessions)
            guard let first = occurrences.first, let last = occurrences.last else {
                problems.add("skipDates", .invalidRule("no session is left"))
                return nil
            }
            return (recurrence, occurrences.count, first, last)
        } catch let error as RecurrenceError {
            let field = self["rule"].isEmpty ? (repeatChoice == "none" ? "date" : "sessions") : "rule"
            problems.add(field, String(describing: error).contains("10000") || String(describing: error).contains("limit")
                ? .tooManySessions : .invalidRule(String(describing: error)))
            return nil
        } catch {
            problems.add("rule", .invalidRule(String(describing: error)))
            return nil
        }
    }

    static func time(_ text: String) -> (hour: Int, minute: Int)? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, parts[0].count <= 2, parts[1].count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]),
              (0...23).contains(hour), (0...59).contains(minute) else { return nil }
        return (hour, minute)
    }

    /// The form fields of an existing workshop, for its edit page.
    static func fields(of workshop: Workshop, texts: WorkshopTexts, zone: TimeZone) -> [String: String] {
        let calendar = Calendar.gregorian(zone)
        let start = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: workshop.schedule.start)
        let end = calendar.dateComponents([.hour, .minute], from: workshop.schedule.start.addingTimeInterval(workshop.schedule.duration))
        func two(_ value: Int?) -> String { String(format: "%02d", value ?? 0) }
        var fields: [String: String] = [
            "title": texts.title, "summary": texts.summary, "description": texts.description, "language": workshop.originalLanguage,
            "targetGroup": workshop.targetGroup.rawValue, "format": workshop.format.rawValue,
            "topic": workshop.topicID.map { String($0) } ?? "", "programme": workshop.programmeID.map { String($0) } ?? "",
            "place": workshop.placeID.map { String($0) } ?? "", "address": workshop.address ?? "", "onlineLink": workshop.onlineLink ?? "",
            "trainers": workshop.trainers.joined(separator: "\n"), "capacity": String(workshop.capacity),
            "date": "\(start.year ?? 2026)-\(two(start.month))-\(two(start.day))",
            "startTime": "\(two(start.hour)):\(two(start.minute))", "endTime": "\(two(end.hour)):\(two(end.minute))",
            "registrationOpens": workshop.registrationOpensAt.map { ReportingDay(containing: $0, in: zone).description } ?? "",
            "registrationCloses": workshop.registrationClosesAt.map {
                ReportingDay(containing: $0.addingTimeInterval(-1), in: zone).description
            } ?? "",
            "skipDates": workshop.schedule.exceptions.map { ReportingDay(containing: $0, in: zone).description }.joined(separator: "\n"),
        ]
        if let rule = workshop.schedule.rule {
            fields["repeat"] = "none"
            fields["rule"] = rule.description
            fields["sessions"] = String(workshop.sessions)
        } else {
            fields["repeat"] = "none"
        }
        return fields
    }
}

/// Problems of a form, each with its field, in the order found.
struct Problems: Error, Sendable, Equatable {
    var items: [(field: String, problem: Problem)] = []

    var isEmpty: Bool { items.isEmpty }

    mutating func add(_ field: String, _ problem: Problem) {
        if !items.contains(where: { $0.field == field }) { items.append((field, problem)) }
    }

    static func == (lhs: Problems, rhs: Problems) -> Bool {
        lhs.items.map(\.field) == rhs.items.map(\.field) && lhs.items.map(\.problem) == rhs.items.map(\.problem)
    }

    var first: WorkshopError? { items.first.map { WorkshopError.invalid(field: $0.field, problem: $0.problem) } }

    /// 422 naming the first field (the API's error has one field); the message lists every
    /// problem, so a client can fix them all in one go.
    var httpError: HTTPError {
        HTTPError.unprocessable(
            items.map { "\($0.field) \($0.problem)" }.joined(separator: "; "), field: items.first?.field ?? "body")
    }
}

/// A checked workshop, ready to store.
struct WorkshopPlan: Sendable {
    var title: String
    var summary: String
    var description: String
    var language: String
    var topicID: Int64?
    var programmeID: Int64?
    var targetGroup: Workshop.TargetGroup
    var format: Workshop.Format
    var placeID: Int64?
    var address: String?
    var onlineLink: String?
    var trainers: [String]
    var languages: [String]
    var schedule: Recurrence
    var sessions: Int
    /// The first session's start and the last one's end.
    var startsAt: Date
    var endsAt: Date
    var capacity: Int
    var registrationOpensAt: Date?
    var registrationClosesAt: Date?
    var assignments: [ProjectAssignment]
}
