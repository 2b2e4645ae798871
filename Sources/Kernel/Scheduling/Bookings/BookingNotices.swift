import Foundation

/// The kernel's default mails about bookings, in German or English (the person's language
/// when it is one of them). Modules with their own wording pass a `PromotionNotice`.
public enum BookingNotices {
    public static let promoted: BookingLedger.PromotionNotice = { booking, bookable, manageURL in
        guard let email = booking.email else { return nil }
        let when = bookable.startsAt.map { Timestamp.iso8601($0) }
        if booking.language == "de" || booking.language == nil {
            return MailMessage(
                to: MailAddress(email, name: booking.name), subject: "Sie haben einen Platz: \(bookable.title)",
                text: """
                    Hallo \(booking.name),

                    für „\(bookable.title)“\(when.map { " (\($0))" } ?? "") ist ein Platz frei geworden. \
                    Ihre Buchung von der Warteliste ist jetzt bestätigt.

                    Wenn Sie nicht kommen können, sagen Sie bitte ab, damit jemand anderes den Platz bekommt:
                    \(manageURL)
                    """)
        }
        return MailMessage(
            to: MailAddress(email, name: booking.name), subject: "You have a place: \(bookable.title)",
            text: """
                Hello \(booking.name),

                a place became free for "\(bookable.title)"\(when.map { " (\($0))" } ?? ""). \
                Your booking from the waiting list is now confirmed.

                If you cannot come, please cancel so that someone else gets the place:
                \(manageURL)
                """)
    }
}
