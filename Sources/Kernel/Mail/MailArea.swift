import Foundation

/// The kernel area of mail: the outbox table, the job that sends, the housekeeping job that
/// forgets old mail, and the permission to read the outbox.
enum MailArea {
    static let readOutbox = "kernel.read-outbox"

    static let area = KernelArea(
        id: "mail",
        actions: [
            ActionDeclaration(
                readOutbox, summary: "Read the outgoing mail of the region (recipients, subjects, delivery state)",
                defaultRoles: [.operator, .regionAdmin]),
        ],
        migrations: [
            Migration("001-create-outbox", sql: """
                CREATE TABLE kernel_mail_outbox (
                    id INTEGER PRIMARY KEY,
                    region TEXT,
                    recipient TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    message TEXT NOT NULL,
                    message_id TEXT NOT NULL,
                    bulk INTEGER NOT NULL DEFAULT 0,
                    state TEXT NOT NULL CHECK (state IN ('queued', 'sent', 'failed')),
                    attempts INTEGER NOT NULL DEFAULT 0,
                    last_error TEXT,
                    created_at BIGINT NOT NULL,
                    last_attempt_at BIGINT,
                    sent_at BIGINT
                );
                CREATE INDEX kernel_mail_outbox_region ON kernel_mail_outbox (region, id);
                """),
        ],
        routes: [
            .page(.get, "/admin/outbox", access: .action(readOutbox), summary: "The region's outgoing mail and its delivery state", handler: OutboxPage.page),
            .api(.get, "/admin/outbox", access: .action(readOutbox), summary: "The region's outgoing mail, newest first (?before=<id> for older)", handler: OutboxPage.api),
        ],
        jobs: [
            JobDeclaration(
                Outbox.sendJob, summary: "Send one message of the outbox", maxAttempts: 10, timeout: .seconds(180)
            ) { context in
                guard let delivery = context.services.mailDelivery else {
                    throw MailDelivery.Deferred(description: "this instance has no mail transport")
                }
                guard let id = context.payload["outbox"]?.integerValue else { return }
                try delivery.send(outboxID: id, isLastAttempt: context.isLastAttempt)
            },
            JobDeclaration(
                "kernel.purge-outbox", summary: "Forget sent mail after 30 days and failed mail after 90 (personal data)",
                schedule: .cron("41 3 * * *"), maxAttempts: 3, timeout: .seconds(300)
            ) { context in
                let now = context.services.clock.now()
                try context.services.storage.write(.global) { db in
                    try db.execute("""
                        DELETE FROM kernel_mail_outbox
                        WHERE (state = 'sent' AND sent_at < \(now.addingTimeInterval(-30 * 86_400)))
                           OR (state = 'failed' AND created_at < \(now.addingTimeInterval(-90 * 86_400)))
                        """)
                }
            },
        ],
        privacy: OutboxPrivacy.hooks)
}
