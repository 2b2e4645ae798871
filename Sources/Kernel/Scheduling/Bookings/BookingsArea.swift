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
        ],
        routes: [
            .api(.post, "/bookables/{id}/bookings", access: .public, summary: "Book a place (or a place on the waiting list)", handler: BookingRoutes.book),
            .api(.get, "/bookings/manage", access: .public, summary: "A booking, by its manage-link token (?token=)", handler: BookingRoutes.show),
            .api(.post, "/bookings/manage/cancel", access: .public, summary: "Cancel a booking or leave the waiting list, by its manage-link token", handler: BookingRoutes.cancel),
            .page(.get, "/bookings/manage", access: .public, summary: "The page a manage link opens", handler: BookingRoutes.page),
            .page(.post, "/bookings/manage", access: .public, summary: "Cancel from the manage page", handler: BookingRoutes.cancelFromPage),
        ])
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
        return .html(ManagePage.render(booking: booking, bookable: bookable, token: token, context: context))
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
            case .alreadyWithdrawn, .notConfirmed, .capacityBelowConfirmed: throw HTTPError.conflict(error.description, field: error.field)
            case .invalid(let field, let message): throw HTTPError.unprocessable(message, field: field)
            case .needsRegion: throw error
            }
        } catch let error as SignedTokenError {
            throw HTTPError(error == .expired ? .gone : .badRequest, error.description, field: "token")
        }
    }
}

/// A small HTML page for a manage link (until the web layer's layout takes it over).
enum ManagePage {
    static func render(booking: Booking, bookable: Bookable?, token: String, context: RequestContext) -> String {
        let german = context.language == "de"
        let title = bookable?.title ?? ""
        let state: String
        switch booking.state {
        case .confirmed: state = german ? "Ihr Platz ist bestätigt." : "Your place is confirmed."
        case .waitlisted:
            let position = booking.waitlistPosition ?? 0
            state = german ? "Sie stehen auf der Warteliste (Platz \(position))." : "You are on the waiting list (number \(position))."
        case .cancelled: state = german ? "Diese Buchung ist abgesagt." : "This booking is cancelled."
        case .left: state = german ? "Sie haben die Warteliste verlassen." : "You left the waiting list."
        }
        var html = "<!doctype html><html lang=\"\(escapeHTML(context.language))\"><head><meta charset=\"utf-8\">"
        html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><meta name=\"referrer\" content=\"no-referrer\">"
        html += "<title>\(escapeHTML(title))</title></head><body><main>"
        html += "<h1>\(escapeHTML(title))</h1><p>\(escapeHTML(booking.name))</p><p id=\"state\" data-state=\"\(booking.state.rawValue)\">\(escapeHTML(state))</p>"
        if booking.state == .confirmed || booking.state == .waitlisted {
            let label = booking.state == .confirmed ? (german ? "Absagen" : "Cancel my booking") : (german ? "Warteliste verlassen" : "Leave the waiting list")
            html += "<form method=\"post\" action=\"/\(escapeHTML(context.region.id))/\(escapeHTML(context.language))/bookings/manage\">"
            html += "<input type=\"hidden\" name=\"token\" value=\"\(escapeHTML(token))\"><button type=\"submit\">\(escapeHTML(label))</button></form>"
        }
        html += "</main></body></html>"
        return html
    }
}
