import Foundation

/// Sends one outbox entry through the configured transport and records the outcome; run by
/// the `kernel.send-mail` job. A crash between sending and recording sends the message
/// again on retry (at-least-once); its Message-ID stays the same, so receivers can tell.
struct MailDelivery: Sendable {
    var transport: any MailTransport
    var from: MailAddress
    var storage: any Storage
    var clock: any TimeSource

    /// A temporary failure: the job is retried later.
    struct Deferred: Error, CustomStringConvertible {
        var description: String
    }

    func send(outboxID id: Int64, isLastAttempt: Bool) throws {
        let row = try storage.read(.global) { db in
            try db.query("SELECT message, message_id, state FROM kernel_mail_outbox WHERE id = \(id)").first
        }
        guard let row else { return }  // purged meanwhile
        guard try row.get("state", as: String.self) != OutboxState.sent.rawValue else { return }
        let message = try JSONDecoder().decode(MailMessage.self, from: Data(try row.get("message", as: String.self).utf8))
        let now = clock.now()
        let bytes = MessageRenderer(from: from, messageID: try row.get("message_id"), date: now).render(message)
        let outcome: MailDeliveryError?
        do {
            try transport.deliver(OutgoingMail(outboxID: id, sender: from.email, recipients: [message.to.email], bytes: bytes))
            outcome = nil
        } catch {
            outcome = error
        }
        switch outcome {
        case nil:
            try record(id, state: .sent, error: nil, now: now)
        case .permanent(let reason):
            try record(id, state: .failed, error: reason, now: now)
        case .temporary(let reason):
            try record(id, state: isLastAttempt ? .failed : .queued, error: reason, now: now)
            throw Deferred(description: reason)
        }
    }

    private func record(_ id: Int64, state: OutboxState, error: String?, now: Date) throws {
        let sentAt: Date? = state == .sent ? now : nil
        try storage.write(.global) { db in
            try db.execute("""
                UPDATE kernel_mail_outbox
                SET state = \(state.rawValue), attempts = attempts + 1, last_error = \(error.map { String($0.prefix(2000)) }),
                    last_attempt_at = \(now), sent_at = \(sentAt)
                WHERE id = \(id)
                """)
        }
    }
}
