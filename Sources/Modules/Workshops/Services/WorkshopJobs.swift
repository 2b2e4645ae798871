import Foundation
import Kernel

/// The module's periodic jobs, run once per region that enables the module.
enum WorkshopJobs {
    static let all = [reminders, held]

    /// Mails each confirmed participant once per session, `reminderHours` before it starts.
    /// A row per (registration, session) in `workshops_reminders`, written in the same
    /// transaction as the mail, makes a second run (or a run after a crash) send nothing twice.
    /// People who registered inside the reminder window got their confirmation just now and
    /// are not reminded of that session.
    static let reminders = JobDeclaration(
        "workshops.send-reminders", summary: "Remind confirmed participants of their next session",
        schedule: .every(.seconds(600)), timeout: .seconds(300)
    ) { job in
        guard let regionID = job.region, let region = job.services.regions[regionID] else { return }
        let hours = region.modules[WorkshopsModule.id]?.integer("reminderHours") ?? 24
        guard hours > 0 else { return }
        let lead = TimeInterval(hours) * 3600
        let now = job.services.clock.now()
        let store = WorkshopStore(job.services, region: region)
        let mails = WorkshopMails(services: job.services, region: region)
        try job.write { db in
            let due = try db.query("""
                \(Workshop.columns) WHERE region = \(region.id) AND status IN ('open', 'closed')
                  AND starts_at <= \(now.addingTimeInterval(lead)) AND ends_at > \(now)
                """).map { try Workshop.decode($0, zone: region.timeZone) }
            for workshop in due {
                let sessions = try workshop.schedule.occurrences(from: now, to: now.addingTimeInterval(lead))
                    .filter { $0.start > now && $0.start <= now.addingTimeInterval(lead) }
                guard !sessions.isEmpty else { continue }
                let registrations = try store.registrations(of: workshop, in: db)
                    .filter { $0.booking.state == .confirmed && $0.booking.email != nil }
                for session in sessions {
                    for registration in registrations where registration.createdAt < session.start.addingTimeInterval(-lead) {
                        let inserted = try db.execute("""
                            INSERT INTO workshops_reminders (region, registration_id, session_start, sent_at)
                            VALUES (\(region.id), \(registration.id), \(session.start), \(now))
                            ON CONFLICT (registration_id, session_start) DO NOTHING
                            """)
                        if inserted == 1 {
                            try mails.send(try mails.reminder(workshop, registration: registration, session: session, in: db), in: db)
                        }
                    }
                }
            }
        }
    }

    /// Marks workshops whose last session ended as held (`workshops.workshop-held`).
    static let held = JobDeclaration(
        "workshops.mark-held", summary: "Mark workshops whose last session ended as held", schedule: .every(.seconds(900))
    ) { job in
        guard let regionID = job.region, let region = job.services.regions[regionID] else { return }
        try job.write { db in _ = try WorkshopEditor(job.services, region: region).markHeld(in: db) }
    }
}
