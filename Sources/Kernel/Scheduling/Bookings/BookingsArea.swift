import Foundation
import HTTP
import Web

/// The kernel area of bookings: the tables, the public booking route for bookables open to
/// anyone, and the manage link (view, cancel, leave the waiting list) for people without
/// an account.
enum BookingsArea {
    static let area = KernelArea(
        id: "bookings",
        migrations: [
            // The CHECK keeps `confirmed <= capacity` true even if code got it wrong.
            Migration("001-create-bookings", sql: """
                CREATE TABLE kernel_bookables (
                    id INTEGER PRIMARY KEY,
                    region TEXT NOT NULL,
                    owner TEXT NOT NULL,
                    reference TEXT NOT NULL,
                    title TEXT NOT NULL,
                    capacity INTEGER NOT NULL CHECK (capacity >= 0),
                    confirmed INTEGER NOT NULL DEFAULT 0 CHECK (confirmed >= 0 AND confirmed <= capacity),
                    open_booking INTEGER NOT NULL DEFAULT 0,
                    starts_at BIGINT,
                    ends_at BIGINT,
                    created_at BIGINT NOT NULL,
                    UNIQUE (region, owner, reference)
                );
                CREATE TABLE kernel_bookings (
                    id INTEGER PRIMARY KEY,
                    region TEXT NOT NULL,
                    bookable_id INTEGER NOT NULL REFERENCES kernel_bookables (id),
                    state TEXT NOT NULL CHECK (state IN ('confirmed', 'waitlisted', 'cancelled', 'left')),
                    attendance TEXT CHECK (attendance IN ('attended', 'no-show')),
                    name TEXT NOT NULL,
                    email TEXT,
                    language TEXT,
                    account_id BIGINT,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL
                );
                CREATE INDEX kernel_bookings_bookable ON kernel_bookings (bookable_id, state, id);
                """),
            // Attendance per session of a series (a course of ten Wednesdays), beside the
            // booking's own attendance column for things that happen once.
            Migration("002-create-session-attendance", sql: """
                CREATE TABLE kernel_booking_sessions (
                    region TEXT NOT NULL,
                    booking_id BIGINT NOT NULL REFERENCES kernel_bookings (id),
                    bookable_id BIGINT NOT NULL,
                    session_start BIGINT NOT NULL,
                    attendance TEXT NOT NULL CHECK (attendance IN ('attended', 'no-show')),
                    recorded_at BIGINT NOT NULL,
                    PRIMARY KEY (booking_id, session_start)
                );
                CREATE INDEX kernel_booking_sessions_bookable ON kernel_booking_sessions (region, bookable_id, session_start);
                """),
            // Lists read their bookables by id within the region. Without statistics SQLite's
            // planner took the (region, owner, reference) index for that and read every
            // bookable of the region; on (region) alone it looks up (region, id) pairs.
            Migration("003-index-bookables-by-region", sql: """
                CREATE INDEX kernel_bookables_region ON kernel_bookables (region);
                """),
        ],
        routes: [
            .api(.post, "/bookables/{id}/bookings", access: .public, summary: "Book a place (or a place on the waiting list)", handler: BookingRoutes.book),
            .api(.get, "/bookings/manage", access: .public, summary: "A booking, by its manage-link token (?token=)", handler: BookingRoutes.show),
            .api(.post, "/bookings/manage/cancel", access: .public, summary: "Cancel a booking or leave the waiting list, by its manage-link token", handler: BookingRoutes.cancel),
            .page(.get, "/bookings/manage", access: .public, summary: "The page a manage link opens", handler: BookingRoutes.page),
            .page(.post, "/bookings/manage", access: .public, summary: "Cancel from the manage page", handler: BookingRoutes.cancelFromPage),
        ],
        privacy: BookingsPrivacy.hooks)
}

/// The HTTP side of bookings.
enum BookingRoutes {
    struct BookingRequest: Decodable {
        var name: String
        var email: String?
    }

    struct Booked: Encodable {
        var booking: Booking
        var manageToken: String
        var manageURL: String
    }

    /// `POST /api/v1/{region}/{lang}/bookables/{id}/bookings` with `{"name", "email"}`.
    @Sendable static func book(_ request: Request, _ context: RequestContext) throws -> Response {
        guard let id = request.parameters["id"].flatMap({ Int64($0) }) else { throw HTTPError.notFound() }
        let input = try request.decodeJSON(BookingRequest.self)
        let ledger = context.services.bookings
        let person = BookingPerson(name: input.name, email: input.email, language: context.language, accountID: context.principal.accountID)
        let booked = try mapped {
            try context.write { db in
                let booking = try ledger.book(id, for: person, requireOpen: true, in: db)
                guard let bookable = try ledger.bookable(id, in: db) else { throw BookingError.bookableNotFound(id) }
                return Booked(booking: booking, manageToken: ledger.manageToken(for: booking, of: bookable), manageURL: ledger.manageURL(for: booking, of: bookable))
            }
        }
        return try .json(booked, status: .created)
    }

    /// `GET /api/v1/{region}/{lang}/bookings/manage?token=…`.
    @Sendable static func show(_ request: Request, _ context: RequestContext) throws -> Response {
        let token = try requiredToken(request.queryValue("token"))
        let booking = try mapped { try context.read { db in try context.services.bookings.booking(forManageToken: token, in: db) } }
        return try .json(["booking": booking])
    }

    /// `POST /api/v1/{region}/{lang}/bookings/manage/cancel` with `{"token"}`.
    @Sendable static func cancel(_ request: Request, _ context: RequestContext) throws -> Response {
        struct Input: Decodable { var token: String }
        let token = try requiredToken(try request.decodeJSON(Input.self).token)
        let outcome = try mapped {
            try context.write { db in
                let ledger = context.services.bookings
                return try ledger.cancel(try ledger.booking(forManageToken: token, in: db).id, in: db)
            }
        }
        return try .json(["booking": outcome.booking])
    }

    /// The manage page: what was booked, its state, and a button to cancel.
    @Sendable static func page(_ request: Request, _ context: RequestContext) throws -> Response {
        let token = try requiredToken(request.queryValue("token"))
        let (booking, bookable) = try mapped {
            try context.read { db -> (Booking, Bookable?) in
                let booking = try context.services.bookings.booking(forManageToken: token, in: db)
                return (booking, try context.services.bookings.bookable(booking.bookableID, in: db))
            }
        }
        return ManagePage.render(booking: booking, bookable: bookable, token: token, context: context)
    }

    @Sendable static func cancelFromPage(_ request: Request, _ context: RequestContext) throws -> Response {
        let token = try requiredToken(try request.formData()["token"])
        _ = try mapped {
            try context.write { db in
                let ledger = context.services.bookings
                return try ledger.cancel(try ledger.booking(forManageToken: token, in: db).id, in: db)
            }
        }
        let query = PercentDecoding.encode(token)
        return .redirect(to: "/\(context.region.id)/\(context.language)/bookings/manage?token=\(query)", status: .seeOther)
    }

    private static func requiredToken(_ token: String?) throws -> String {
        guard let token, !token.isEmpty else { throw HTTPError.badRequest("the link has no token; use the link from your e-mail", field: "token") }
        return token
    }

    /// Booking and token errors as the statuses a client expects.
    static func mapped<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as BookingError {
            switch error {
            case .bookableNotFound, .bookingNotFound, .notOpenForBooking: throw HTTPError.notFound(error.description)
            case .alreadyWithdrawn, .notConfirmed, .capacityBelowConfirmed, .full: throw HTTPError.conflict(error.description, field: error.field)
            case .invalid(let field, let message): throw HTTPError.unprocessable(message, field: field)
            case .needsRegion: throw error
            }
        } catch let error as SignedTokenError {
            throw HTTPError(error == .expired ? .gone : .badRequest, error.description, field: "token")
        }
    }
}

/// The page a manage link opens: what was booked, its state, and the button to cancel or
/// to leave the waiting list.
enum ManagePage {
    static func render(booking: Booking, bookable: Bookable?, token: String, context: RequestContext) -> Response {
        let strings = KernelStrings(languages: context.languages)
        let state: String
        switch booking.state {
        case .confirmed: state = strings.bookingStateConfirmed
        case .waitlisted: state = strings.bookingStateWaitlisted(position: String(booking.waitlistPosition ?? 0))
        case .cancelled: state = strings.bookingStateCancelled
        case .left: state = strings.bookingStateLeft
        }
        let startsAt = bookable?.startsAt.map { LocalTime.display($0, in: context.region.timeZone) }
        var response = context.page(title: bookable?.title ?? strings.bookingTitle) { page in
            element("p") { strings.bookingFor(name: booking.name) }
            if let startsAt { element("p") { startsAt } }
            element("p", ["id": "state", "data-state": booking.state.rawValue]) { element("strong") { state } }
            if booking.state == .confirmed || booking.state == .waitlisted {
                if booking.state == .confirmed { element("p") { strings.bookingCancelHint } }
                Form(action: context.pageURL("/bookings/manage"), in: page) { form in
                    form.hidden("token", value: token)
                    form.submit(booking.state == .confirmed ? strings.bookingCancel : strings.bookingLeave)
                }
            }
        }
        // The token is in this page's address: keep it out of other sites' logs.
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Cache-Control"] = "no-store"
        return response
    }
}
