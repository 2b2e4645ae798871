import Foundation

/// A measured load that is not one URL hammered by wrk alone: bookings on one slot and
/// registrations for one workshop (with the exact-capacity check afterwards), a list over a
/// large seeded region, background jobs, and mail delivery.
struct Workload: Sendable {
    var name: String
    var summary: String
    var run: @Sendable (WorkloadRun) throws -> [String]

    static let all: [Workload] = [
        Workload(
            name: "bookings",
            summary: "POST bookings on one slot of 20 places (wrk, --connections clients); then exactly 20 must be confirmed",
            run: { try $0.bookings() }),
        Workload(
            name: "workshop-registrations",
            summary: "POST registrations (distinct addresses) to one workshop of 500 places (wrk, --connections clients); then exactly 500 confirmed, the rest waitlisted",
            run: { try $0.workshopRegistrations() }),
        Workload(
            name: "workshop-list",
            summary: "GET /demo/de/workshops with 10,000 workshops in the region (texts in the content store): p95, target < 20 ms",
            run: { try $0.workshopList() }),
        Workload(
            name: "jobs", summary: "20,000 queued jobs run by the job workers (a job that finds nothing to do: the queue's own cost)",
            run: { try $0.jobs() }),
        Workload(
            name: "mail-file", summary: "10,000 queued mails rendered and written as .eml files by the job workers",
            run: { try $0.mail(transport: .file, count: 10_000) }),
        Workload(
            name: "mail-smtp", summary: "5,000 queued mails sent to a local SMTP sink (python3 -m aiosmtpd, plain SMTP)",
            run: { try $0.mail(transport: .smtp, count: 5_000) }),
    ]
}
