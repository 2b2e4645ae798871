import Foundation
import Kernel

/// Recurring consultation hours of a site (or online): a block of time cut into bookable
/// slots of `slotMinutes` for `capacity` people each, with the topics offered and the
/// languages available (staff's and the assigned peer helpers'). Walk-in hours are shown but
/// not booked: they have no slots.
struct ConsultationHours: Sendable, Equatable {
    var id: Int64
    var siteID: Int64
    var schedule: Recurrence
    var slotMinutes: Int
    var capacity: Int
    var topics: [String]
    /// Languages staff offer in these hours.
    var languages: [String]
    /// `languages` and those of the assigned helpers, as ` de ar ` tokens.
    var languageTokens: String
    var online: Bool
    var walkIn: Bool
    var revision: Int

    /// Every language a reader can ask for here.
    var offeredLanguages: [String] { languageTokens.split(separator: " ").map(String.init) }

    static let columns: SQL = """
        SELECT id, site_id, schedule, slot_minutes, capacity, topics, languages, language_tokens, online, walk_in, revision
        FROM learning_sites_consultation_hours
        """

    /// A row of `columns`, or nil when its schedule cannot be read.
    init?(row: Row) throws {
        guard let schedule = Recurrence(stored: try row.get("schedule", as: String.self)) else {
            return nil
        }
        id = try row.get("id")
        siteID = try row.get("site_id")
        self.schedule = schedule
        slotMinutes = try row.get("slot_minutes")
        capacity = try row.get("capacity")
        topics = JSONColumn.strings(try row.get("topics"))
        languages = JSONColumn.strings(try row.get("languages"))
        languageTokens = try row.get("language_tokens")
        online = try row.get("online")
        walkIn = try row.get("walk_in")
        revision = try row.get("revision")
    }

    init(
        id: Int64, siteID: Int64, schedule: Recurrence, slotMinutes: Int, capacity: Int, topics: [String], languages: [String],
        languageTokens: String, online: Bool, walkIn: Bool, revision: Int
    ) {
        self.id = id
        self.siteID = siteID
        self.schedule = schedule
        self.slotMinutes = slotMinutes
        self.capacity = capacity
        self.topics = topics
        self.languages = languages
        self.languageTokens = languageTokens
        self.online = online
        self.walkIn = walkIn
        self.revision = revision
    }

    /// The slots one occurrence of the block is cut into: whole slots only, in order.
    func slots(of occurrence: Occurrence) -> [Occurrence] {
        let length = TimeInterval(slotMinutes * 60)
        var slots: [Occurrence] = []
        var start = occurrence.start
        while start.addingTimeInterval(length) <= occurrence.end {
            slots.append(Occurrence(start: start, end: start.addingTimeInterval(length)))
            start = start.addingTimeInterval(length)
        }
        return slots
    }
}

/// The topics people can ask about, in the order pages show them. A region offers all of
/// them unless its `topics` setting names fewer.
enum Topics {
    static let all = ["authorities", "job-applications", "school-portals", "email", "smartphone", "online-banking", "health", "other"]

    static func offered(_ settings: ModuleSettings) -> [String] {
        let chosen = settings.strings("topics") ?? all
        return all.filter(chosen.contains)
    }
}

/// The JSON body that creates or changes consultation hours, before checking.
struct ConsultationHoursBody: Decodable, Sendable {
    var schedule: WeeklySchedule.Body
    var slotMinutes: Int?
    var capacity: Int?
    var topics: [String]?
    var languages: [String]?
    var online: Bool?
    var walkIn: Bool?
    /// Peer helpers of the site who staff these hours.
    var helpers: [Int64]?

    struct Checked: Sendable {
        var schedule: WeeklySchedule
        var slotMinutes: Int
        var capacity: Int
        var topics: [String]
        var languages: [String]
        var online: Bool
        var walkIn: Bool
        var helpers: [Int64]
    }

    func validated(settings: ModuleSettings, today: LocalDay?) throws(InputProblem) -> Checked {
        let schedule = try WeeklySchedule(self.schedule, today: today)
        let slotMinutes = self.slotMinutes ?? settings.integer("slotMinutes") ?? 30
        guard (5...480).contains(slotMinutes) else { throw .invalidNumber(field: "slotMinutes", range: 5...480) }
        let walkIn = self.walkIn ?? false
        guard walkIn || schedule.ends - schedule.starts >= slotMinutes else {
            throw .invalidSchedule(field: "slotMinutes", detail: "the hours are shorter than one slot of \(slotMinutes) minutes")
        }
        let capacity = self.capacity ?? 1
        guard (1...50).contains(capacity) else { throw .invalidNumber(field: "capacity", range: 1...50) }
        let offered = Topics.offered(settings)
        var topics: [String] = []
        for (index, topic) in (self.topics ?? []).enumerated() {
            guard offered.contains(topic) else { throw .unknownChoice(field: "topics[\(index)]", value: topic) }
            if !topics.contains(topic) { topics.append(topic) }
        }
        if topics.isEmpty { topics = offered }
        var languages: [String] = []
        for (index, code) in (self.languages ?? []).enumerated() {
            guard LanguageCode.isValid(code) else { throw .unknownChoice(field: "languages[\(index)]", value: code) }
            if !languages.contains(code) { languages.append(code) }
        }
        return Checked(
            schedule: schedule, slotMinutes: slotMinutes, capacity: capacity, topics: topics, languages: languages,
            online: online ?? false, walkIn: walkIn, helpers: Array(Set(helpers ?? [])).sorted())
    }
}
