import Foundation
import HTTP

/// Calendar feeds over HTTP: the region-wide feed route, and the response helper modules
/// use for feeds of their own.
public enum CalendarFeed {
    /// How far back and ahead feeds reach.
    static let past: TimeInterval = 30 * 86_400
    static let ahead: TimeInterval = 365 * 86_400

    static let area = KernelArea(
        id: "calendar",
        routes: [
            .page(.get, "/calendar.ics", access: .public,
                  summary: "The region's calendar (iCalendar) for phones and desktop calendars; ?module=<id> for one module's events",
                  handler: regionFeed),
        ])

    @Sendable static func regionFeed(_ request: Request, _ context: RequestContext) throws -> Response {
        let services = context.services
        let region = context.region
        var sources = services.registry.manifests.filter { region.enables($0.id) && $0.calendar != nil }
        var name = region.name(in: context.language)
        if let module = request.queryValue("module") {
            guard let manifest = sources.first(where: { $0.id == module }) else {
                throw HTTPError.notFound("no module '\(module)' offers a calendar in this region")
            }
            sources = [manifest]
            let title = region.fallbackChain(for: context.language).lazy.compactMap { manifest.names[$0] }.first ?? manifest.id
            name += " – \(title)"
        }
        let now = context.now
        var events: [CalendarEvent] = []
        for manifest in sources {
            guard let source = manifest.calendar, let settings = region.modules[manifest.id] else { continue }
            events += try source.events(CalendarQuery(
                region: region, language: context.language, from: now.addingTimeInterval(-past),
                to: now.addingTimeInterval(ahead), settings: settings, services: services))
        }
        return response(name: name, events: events, timeZone: region.timeZone, request: request, now: now)
    }

    /// A `text/calendar` response with an ETag (the content without its DTSTAMP lines), so
    /// calendar clients polling an unchanged feed get 304.
    public static func response(name: String, events: [CalendarEvent], timeZone: TimeZone, request: Request, now: Date) -> Response {
        let body = ICalendarDocument.render(name: name, events: events, timeZone: timeZone, stamp: now)
        let stable = body.split(separator: "\r\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("DTSTAMP:") }
        let tag = "W/\"\(Digest.sha256Hex(Array(stable.joined(separator: "\n").utf8)).prefix(32))\""
        if let match = request.headers["If-None-Match"], match.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == tag }) {
            return Response(status: .notModified, headers: ["ETag": tag], body: [])
        }
        return Response(
            status: .ok,
            headers: ["Content-Type": "text/calendar; charset=utf-8", "ETag": tag, "Cache-Control": "public, max-age=300"],
            body: Array(body.utf8))
    }
}
