import Foundation
import Kernel

/// Sample learning sites for demo regions: two stationary sites with equipment, opening
/// hours on weekdays and bookable consultation hours in several languages, so "open now",
/// the map, the slots and booking can be tried at once.
enum LearningSitesDemo {
    struct Sample {
        var body: String
        var hours: [(weekday: String, opens: String, closes: String, appointmentOnly: Bool)]
        /// Consultation hours: days from today, start, end, topics, languages.
        var consultations: [(days: Int, starts: String, ends: String, topics: [String], languages: [String])]
    }

    static let samples = [
        Sample(
            body: """
                {"names": {"de": "Digitaler Lernort im Nachbarschaftshaus", "en": "Digital learning site at the neighbourhood centre",
                           "ar": "مكان التعلم الرقمي في بيت الجيران"},
                 "descriptions": {"de": "Hilfe bei Handy, Laptop und Online-Anträgen. Wir sprechen Deutsch, Arabisch und Türkisch.",
                                  "en": "Help with phones, laptops and online applications. We speak German, Arabic and Turkish."},
                 "kind": "stationary", "published": true,
                 "address": {"street": "Marktstraße 12", "postalCode": "48143", "locality": "Demo-Stadt"},
                 "latitude": 51.9625, "longitude": 7.6256,
                 "accessibility": {"stepFree": true, "accessibleToilet": true, "hearingLoop": false},
                 "equipment": {"laptops": 6, "tablets": 4, "printer": 1, "scanner": 1, "wifi": 1},
                 "languages": ["de", "ar", "tr"], "contactEmail": "lernort@example.org", "contactPhone": "+49 251 000000"}
                """,
            hours: ["MO", "TU", "WE", "TH", "FR"].map { ($0, "09:00", "17:00", false) },
            consultations: [
                (1, "10:00", "12:00", ["authorities", "job-applications"], ["de", "ar"]),
                (2, "14:00", "16:00", ["smartphone", "email", "school-portals"], ["de", "tr"]),
            ]),
        Sample(
            body: """
                {"names": {"de": "Stadtteilbibliothek Ost", "en": "East district library", "uk": "Районна бібліотека Схід"},
                 "descriptions": {"de": "Computerplätze und Sprechstunde für digitale Fragen, auch auf Ukrainisch und Russisch."},
                 "kind": "stationary", "published": true,
                 "address": {"street": "Wolbecker Straße 90", "postalCode": "48155", "locality": "Demo-Stadt"},
                 "latitude": 51.9571, "longitude": 7.6473,
                 "accessibility": {"stepFree": true, "accessibleToilet": false, "hearingLoop": true},
                 "equipment": {"laptops": 2, "printer": 1, "wifi": 1, "headsets": 4},
                 "languages": ["de", "uk", "ru"], "contactEmail": "bibliothek-ost@example.org"}
                """,
            hours: ["TU", "WE", "TH", "FR", "SA"].map { ($0, $0 == "SA" ? "10:00" : "11:00", $0 == "SA" ? "14:00" : "19:00", false) },
            consultations: [
                (3, "16:00", "18:00", ["online-banking", "health", "authorities"], ["de", "uk", "ru"]),
            ]),
    ]

    static let content = DemoContent { demo in
        guard demo.region.speaks("de") else { return }
        let context = demo.requestContext()
        let today = LocalMoment(demo.now, in: demo.region.timeZone).day
        do {
            for sample in samples {
                var body = try JSONDecoder().decode(SiteBody.self, from: Data(sample.body.utf8))
                // Texts only in the region's languages; every region here speaks German.
                body.names = body.names.filter { demo.region.speaks($0.key) }
                body.descriptions = body.descriptions?.filter { demo.region.speaks($0.key) }
                let site = try SiteStore.create(try body.validated(region: demo.region), context: context, in: demo.transaction)
                try OpeningHoursStore.setWeek(try OpeningHoursInput.week(sample.hours), of: site, context: context, in: demo.transaction)
                for consultation in sample.consultations {
                    // On a day the site is open: the first such day from `days` on.
                    var day = today.adding(days: consultation.days)
                    while !sample.hours.contains(where: { Weekdays.codes[day.weekday - 1] == $0.weekday }) { day = day.adding(days: 1) }
                    let hours = ConsultationHoursBody(
                        schedule: WeeklySchedule.Body(firstDay: day.description, starts: consultation.starts, ends: consultation.ends, everyWeeks: 1),
                        slotMinutes: 30, capacity: 1, topics: consultation.topics,
                        languages: consultation.languages.filter(demo.region.speaks), online: false, walkIn: false, helpers: [])
                    try ConsultationHoursStore.save(
                        try hours.validated(settings: demo.settings, today: today), id: nil, of: site, context: context, in: demo.transaction)
                }
            }
        } catch let problem as InputProblem {
            throw HTTPError.unprocessable("demo learning site: \(problem)", field: "demo")
        }
    }
}
