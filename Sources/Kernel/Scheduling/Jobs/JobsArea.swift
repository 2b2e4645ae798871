/// The kernel area of durable jobs: the job table, the periodic schedule table, and the
/// kernel's own housekeeping job.
enum JobsArea {
    static let area = KernelArea(
        id: "jobs",
        migrations: [
            // Times are milliseconds since 1970 UTC (BIGINT, see Migrator). A NULL
            // idempotency key never conflicts, so only keyed jobs are deduplicated.
            Migration("001-create-jobs", sql: """
                CREATE TABLE kernel_jobs (
                    id INTEGER PRIMARY KEY,
                    name TEXT NOT NULL,
                    region TEXT,
                    payload TEXT NOT NULL,
                    state TEXT NOT NULL CHECK (state IN ('pending', 'running', 'succeeded', 'dead')),
                    run_at BIGINT NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    idempotency_key TEXT UNIQUE,
                    lease_token TEXT,
                    lease_until BIGINT,
                    last_error TEXT,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL,
                    finished_at BIGINT
                );
                CREATE INDEX kernel_jobs_due ON kernel_jobs (state, run_at);
                CREATE TABLE kernel_job_schedules (
                    name TEXT NOT NULL,
                    region TEXT NOT NULL,
                    next_run_at BIGINT NOT NULL,
                    PRIMARY KEY (name, region)
                );
                """),
        ],
        jobs: [
            JobDeclaration(
                "kernel.purge-finished-jobs", summary: "Delete succeeded jobs finished more than 14 days ago",
                schedule: .cron("17 3 * * *"), maxAttempts: 3, timeout: .seconds(300)
            ) { context in
                let cutoff = context.services.clock.now().addingTimeInterval(-14 * 86_400)
                try context.services.storage.write(.global) { db in
                    _ = try JobAdministration.purge(finishedBefore: cutoff, includingDead: false, in: db)
                }
            },
        ])
}
