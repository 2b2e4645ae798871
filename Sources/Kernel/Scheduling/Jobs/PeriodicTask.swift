import Foundation

/// One periodic job as the dispatcher plans it: a module's job once per region that
/// enables the module (its cron read in the region's time zone), a kernel job once for the
/// whole server (cron in UTC).
struct PeriodicTask: Sendable {
    var name: String
    var region: String?
    var schedule: JobDeclaration.Schedule
    var cron: CronExpression?
    var timeZone: TimeZone

    /// The key of its row in `kernel_job_schedules` (region '' for server-wide tasks).
    var regionKey: String { region ?? "" }

    /// The tasks of every declared schedule. Throws when a cron expression is invalid.
    static func all(
        kernelJobs: [JobDeclaration], manifests: [ModuleManifest], regions: [Region]
    ) throws(CronError) -> [PeriodicTask] {
        var tasks: [PeriodicTask] = []
        func task(_ job: JobDeclaration, region: Region?) throws(CronError) -> PeriodicTask? {
            guard let schedule = job.schedule else { return nil }
            var cron: CronExpression?
            if case .cron(let text) = schedule { cron = try CronExpression(parsing: text) }
            let zone = region?.timeZone ?? TimeZone(identifier: "UTC") ?? .gmt
            return PeriodicTask(name: job.name, region: region?.id, schedule: schedule, cron: cron, timeZone: zone)
        }
        for job in kernelJobs {
            if let planned = try task(job, region: nil) { tasks.append(planned) }
        }
        for manifest in manifests {
            for job in manifest.jobs {
                for region in regions.sorted(by: { $0.id < $1.id }) where region.enables(manifest.id) {
                    if let planned = try task(job, region: region) { tasks.append(planned) }
                }
            }
        }
        return tasks
    }

    /// The first planned run for a task seen for the first time at `now`.
    func firstRun(now: Date) -> Date {
        switch schedule {
        case .every: now
        case .cron: cron?.next(after: now, in: timeZone) ?? now.addingTimeInterval(86_400)
        }
    }

    /// The planned run after `planned`, skipping runs missed while no instance was running
    /// (one catch-up run, not one per missed time).
    func run(after planned: Date, now: Date) -> Date {
        switch schedule {
        case .every(let interval):
            let step = max(interval.inSeconds, 1)
            let missed = max(0, (now.timeIntervalSince(planned) / step).rounded(.down))
            return planned.addingTimeInterval((missed + 1) * step)
        case .cron:
            return cron?.next(after: max(planned, now), in: timeZone) ?? now.addingTimeInterval(86_400)
        }
    }
}
