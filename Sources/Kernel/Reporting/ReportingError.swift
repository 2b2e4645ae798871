/// Why a change to funded projects, targets or tags was refused: the field and the problem,
/// in English for the API and the log; pages show their own text for each case.
public enum ReportingError: Error, Sendable, Equatable, CustomStringConvertible {
    case required(field: String)
    case tooLong(field: String, maximum: Int)
    case invalidDay(field: String)
    case periodReversed
    case invalidNumber(field: String)
    case unknownFact(String)
    case targetGroupNotOffered(fact: String, targetGroup: String)
    case sizeNotMeasured(fact: String)
    case duplicateCategory(String)
    case projectNotFound(Int64)
    case categoryNotFound(Int64)
    case targetNotFound(Int64)
    /// Only the region that created a project may change it.
    case notHomeRegion(project: Int64)
    /// The editor may not manage reports in that region, or it does not exist.
    case regionNotAllowed(String)
    /// A thing was given two categories of one project.
    case taggedTwice(project: Int64)
    /// Tags belong to a region; a global transaction cannot hold them.
    case needsRegion

    public var field: String? {
        switch self {
        case .required(let field), .tooLong(let field, _), .invalidDay(let field), .invalidNumber(let field): field
        case .periodReversed: "lastDay"
        case .unknownFact: "fact"
        case .targetGroupNotOffered: "targetGroup"
        case .sizeNotMeasured: "minimumSize"
        case .duplicateCategory: "name"
        case .categoryNotFound: "category"
        case .regionNotAllowed: "regions"
        case .taggedTwice: "projects"
        case .projectNotFound, .targetNotFound, .notHomeRegion, .needsRegion: nil
        }
    }

    public var description: String {
        switch self {
        case .required(let field): "\(field) is required"
        case .tooLong(let field, let maximum): "\(field) must be at most \(maximum) characters"
        case .invalidDay(let field): "\(field) must be a day like 2026-01-31"
        case .periodReversed: "lastDay must not be before firstDay"
        case .invalidNumber(let field): "\(field) must be a whole number from 0 to 1000000"
        case .unknownFact(let fact): "there is no fact '\(fact)' in the modules of this region"
        case .targetGroupNotOffered(let fact, let group): "the fact '\(fact)' does not count by target group '\(group)'"
        case .sizeNotMeasured(let fact): "the fact '\(fact)' has no size to compare with a minimum"
        case .duplicateCategory(let name): "the project has a category named '\(name)' already"
        case .projectNotFound(let id): "there is no funded project \(id) here"
        case .categoryNotFound(let id): "there is no indicator category \(id) in this project"
        case .targetNotFound(let id): "there is no target \(id) in this project"
        case .notHomeRegion(let id): "project \(id) belongs to another region; change it there"
        case .regionNotAllowed(let region): "you cannot add region '\(region)': it does not exist or you do not manage reports there"
        case .taggedTwice(let project): "choose one category of funded project \(project), not several"
        case .needsRegion: "tags belong to a region; use a region's transaction"
        }
    }

    /// As the HTTP answer an API client expects.
    public var httpError: HTTPError {
        switch self {
        case .projectNotFound, .targetNotFound: HTTPError.notFound(description)
        case .notHomeRegion: HTTPError.conflict(description)
        case .duplicateCategory: HTTPError.conflict(description, field: field)
        default: HTTPError.unprocessable(description, field: field ?? "body")
        }
    }
}
