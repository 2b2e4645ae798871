import Foundation
import HTTP
import Web

/// The region's outbox for region admins and operators: who was mailed what, whether it
/// went out, and why not. A page, and the same list as JSON.
enum OutboxPage {
    static let pageSize = 100

    /// `GET /{region}/{lang}/admin/outbox[?before=<id>]`.
    @Sendable static func page(_ request: Request, _ context: RequestContext) throws -> Response {
        let before = try cursor(request)
        let entries = try context.read { db in try Outbox.entries(region: context.region.id, limit: pageSize + 1, before: before, in: db) }
        let strings = KernelStrings(languages: context.languages)
        let shown = Array(entries.prefix(pageSize))
        let older = entries.count > pageSize ? shown.last.map { context.pageURL("/admin/outbox?before=\($0.id)") } : nil
        let newer = before != nil ? context.pageURL("/admin/outbox") : nil
        return context.page(title: strings.outboxTitle) { page in
            element("p") { strings.outboxIntro }
            if shown.isEmpty {
                element("p") { strings.outboxEmpty }
            } else {
                Table(
                    caption: strings.outboxCaption,
                    columns: [strings.outboxColumnQueued, strings.outboxColumnRecipient, strings.outboxColumnSubject,
                              strings.outboxColumnState, strings.outboxColumnAttempts, strings.outboxColumnLastError],
                    rows: shown.map { entry in
                        [LocalTime.display(entry.createdAt, in: context.region.timeZone), entry.recipient, entry.subject,
                         label(of: entry.state, strings), String(entry.attempts), entry.lastError ?? ""]
                    })
            }
            Pagination(previous: newer, next: older, in: page)
        }
    }

    /// `GET /api/v1/{region}/{lang}/admin/outbox[?before=<id>]`.
    @Sendable static func api(_ request: Request, _ context: RequestContext) throws -> Response {
        let before = try cursor(request)
        let entries = try context.read { db in try Outbox.entries(region: context.region.id, limit: pageSize, before: before, in: db) }
        return try .json(["items": entries])
    }

    private static func cursor(_ request: Request) throws -> Int64? {
        guard let text = request.queryValue("before") else { return nil }
        guard let id = Int64(text), id > 0 else { throw HTTPError.badRequest("before must be an outbox id", field: "before") }
        return id
    }

    private static func label(of state: OutboxState, _ strings: KernelStrings) -> String {
        switch state {
        case .queued: strings.outboxStateQueued
        case .sent: strings.outboxStateSent
        case .failed: strings.outboxStateFailed
        }
    }
}
