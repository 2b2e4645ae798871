import Kernel

/// Something wrong with what a person entered, and the field it is in. The API answers the
/// English `description` (422 naming the field); pages show the catalog's text for the case
/// in the reader's language, beside the field.
enum InputProblem: Error, Sendable, Equatable, CustomStringConvertible {
    case required(field: String)
    case tooLong(field: String, maximum: Int)
    case invalidTime(field: String)
    case closesBeforeOpens(field: String)
    case overlapping(field: String, other: String)
    case invalidDay(field: String)
    case invalidNumber(field: String, range: ClosedRange<Int>)
    case invalidCoordinate(field: String, range: ClosedRange<Int>)
    case unknownChoice(field: String, value: String)
    case invalidEmail(field: String)
    case invalidPhone(field: String)
    case invalidWebsite(field: String)
    case contactRequired(field: String)
    case outsideOpeningHours(field: String, occurrence: String)
    case invalidSchedule(field: String, detail: String)
    case dayInPast(field: String)

    var field: String {
        switch self {
        case .required(let field), .tooLong(let field, _), .invalidTime(let field), .closesBeforeOpens(let field),
             .overlapping(let field, _), .invalidDay(let field), .invalidNumber(let field, _), .invalidCoordinate(let field, _),
             .unknownChoice(let field, _), .invalidEmail(let field), .invalidPhone(let field), .invalidWebsite(let field),
             .contactRequired(let field), .outsideOpeningHours(let field, _), .invalidSchedule(let field, _), .dayInPast(let field):
            field
        }
    }

    var description: String {
        switch self {
        case .required(let field): "\(field) is required"
        case .tooLong(let field, let maximum): "\(field) must be at most \(maximum) characters"
        case .invalidTime(let field): "\(field) must be a time such as 09:30 (00:00 to 24:00)"
        case .closesBeforeOpens(let field): "\(field): the closing time must be after the opening time"
        case .overlapping(let field, let other): "\(field) overlaps \(other)"
        case .invalidDay(let field): "\(field) must be a day such as 2026-12-24"
        case .invalidNumber(let field, let range): "\(field) must be a whole number from \(range.lowerBound) to \(range.upperBound)"
        case .invalidCoordinate(let field, let range): "\(field) must be a number from \(range.lowerBound) to \(range.upperBound)"
        case .unknownChoice(let field, let value): "\(field): '\(value)' is not one of the choices"
        case .invalidEmail(let field): "\(field) must be an e-mail address such as name@example.org"
        case .invalidPhone(let field): "\(field) may hold digits, spaces and + - / ( ) only, at least 5 digits"
        case .invalidWebsite(let field): "\(field) must be an address starting with https:// or http://"
        case .contactRequired(let field): "\(field): give an e-mail address or a phone number so that the site can reach you"
        case .outsideOpeningHours(let field, let occurrence): "\(field): \(occurrence) lies outside the site's opening hours"
        case .invalidSchedule(let field, let detail): "\(field): \(detail)"
        case .dayInPast(let field): "\(field) lies in the past"
        }
    }

    var httpError: HTTPError { HTTPError.unprocessable(description, field: field) }
}

/// Runs `body`, turning an `InputProblem` into the API's 422.
func answeringProblems<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let problem as InputProblem {
        throw problem.httpError
    }
}
