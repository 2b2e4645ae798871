import Foundation
import Kernel

/// Sample workshops for demo regions: an online series ("10 × 2 hours, Wednesdays") and an
/// in-person afternoon, published and open for registration, in German with an English
/// translation, so the list, the detail page and the registration form can be tried at once.
enum WorkshopsDemo {
    static let content = DemoContent { demo in
        guard demo.region.speaks("de") else { return }
        let editor = WorkshopEditor(demo.services, region: demo.region)
        let capacity = Int(demo.settings.integer("defaultCapacity") ?? 20)
        let calendar = Calendar.gregorian(demo.region.timeZone)
        func day(_ date: Date) -> String {
            let parts = calendar.dateComponents([.year, .month, .day], from: date)
            return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
        }
        // The next Wednesday at least a week ahead, so the series always lies in the future.
        let inAWeek = demo.day(7, at: 18)
        let weekday = calendar.component(.weekday, from: inAWeek)
        let wednesday = calendar.date(byAdding: .day, value: (4 - weekday + 7) % 7, to: inAWeek) ?? inAWeek

        let samples: [(fields: [String: String], languages: [String], english: ContentTexts)] = [
            (
                [
                    "title": "Smartphone-Grundlagen für Ehrenamtliche",
                    "summary": "Zehn Abende online: Apps, Termine bei Ämtern, sichere Passwörter – und wie man das anderen erklärt.",
                    "description": """
                        Für Ehrenamtliche und Multiplikator*innen, die anderen bei digitalen Fragen helfen.

                        ## Themen

                        - Smartphone einrichten und Apps installieren
                        - Online-Termine bei Ämtern buchen
                        - sichere Passwörter und Betrugsmaschen erkennen

                        Die Zugangsdaten zum Online-Raum bekommen Sie nach der Anmeldung.
                        """,
                    "language": "de", "targetGroup": "volunteers-staff", "format": "online",
                    "onlineLink": "https://meet.example.org/smartphone-grundlagen",
                    "trainers": "Leyla Demir\nOksana Koval",
                    "date": day(wednesday), "startTime": "18:00", "endTime": "20:00", "repeat": "weekly", "sessions": "10",
                    "capacity": String(capacity),
                ],
                ["de", "tr", "uk"],
                ContentTexts(
                    title: "Smartphone basics for volunteers",
                    summary: "Ten evenings online: apps, appointments with public offices, safe passwords – and how to explain them.",
                    body: "For volunteers and multipliers who help others with digital questions.")
            ),
            (
                [
                    "title": "Bewerbungen online schreiben",
                    "summary": "Ein Nachmittag mit Laptops: Lebenslauf, Anschreiben und Online-Portale der Arbeitsagentur.",
                    "description": "Bringen Sie Ihre Zeugnisse mit. Laptops sind vorhanden; Dolmetschen auf Arabisch und Farsi.",
                    "language": "de", "targetGroup": "migrants-refugees", "format": "in-person",
                    "address": "Nachbarschaftshaus, Marktstraße 12, Demo-Stadt",
                    "trainers": "Samir Haddad",
                    "date": day(demo.day(10, at: 14)), "startTime": "14:00", "endTime": "17:00",
                    "capacity": "12",
                ],
                ["de", "ar", "fa"],
                ContentTexts(
                    title: "Writing job applications online",
                    summary: "An afternoon with laptops: CV, cover letter and the job agency's online portals.",
                    body: "Bring your certificates. Laptops are provided; interpreting into Arabic and Farsi.")
            ),
        ]
        for sample in samples {
            let plan: WorkshopPlan
            switch WorkshopInput(fields: sample.fields, languages: sample.languages).plan(in: demo.region, defaultCapacity: capacity) {
            case .success(let checked): plan = checked
            case .failure(let problems): throw HTTPError.unprocessable("demo workshop '\(sample.fields["title"] ?? "")': \(problems)", field: "demo")
            }
            let workshop = try editor.create(plan, author: nil, in: demo.transaction)
            try editor.publish(workshop.id, in: demo.transaction)
            if demo.region.speaks("en"), let item = try WorkshopStore(demo.services, region: demo.region).workshop(workshop.id, in: demo.transaction)?.contentID {
                try demo.services.content.saveTexts(sample.english, language: "en", of: item, minor: false, author: nil, in: demo.transaction)
            }
        }
    }
}
