import Foundation
import Kernel

/// The module's daily work, per region, in the region's time zone.
enum LearningSitesJobs {
    static let all = [
        JobDeclaration(
            "learning-sites.plan-slots", summary: "Write the consultation slots that came into the booking horizon",
            schedule: .cron("15 3 * * *"), timeout: .seconds(300)
        ) { job in
            guard let region = job.region else { return }
            _ = try SlotPlanner.extend(region: region, services: job.services, now: job.services.clock.now())
        },
        JobDeclaration(
            "learning-sites.forget-contacts", summary: "Erase bookers' contact details once the retention period after their consultation is over",
            schedule: .cron("45 3 * * *"), timeout: .seconds(300)
        ) { job in
            guard let region = job.region else { return }
            let days = job.services.regions[region]?.modules[SiteStore.owner]?.integer("contactRetentionDays") ?? 30
            // Batches of 5000 per transaction until nothing is due.
            while try ConsultationDesk.forgetContacts(region: region, olderThan: days, services: job.services) == 5000 {}
        },
    ]
}
