import Foundation
import Kernel

/// A peer helper (volunteer, multiplier) of a site: a first name people see, the languages
/// they help in, and their account when they have one (for privacy requests).
struct PeerHelper: Sendable, Equatable, Codable {
    var id: Int64
    var siteID: Int64
    var displayName: String
    var languages: [String]
    var accountID: Int64?

    static let columns: SQL = "SELECT id, site_id, display_name, languages, account_id FROM learning_sites_helpers"

    init(row: Row) throws {
        id = try row.get("id")
        siteID = try row.get("site_id")
        displayName = try row.get("display_name")
        languages = JSONColumn.strings(try row.get("languages"))
        accountID = try row.get("account_id")
    }
}

/// The JSON body of a peer helper.
struct PeerHelperBody: Decodable, Sendable {
    var displayName: String
    var languages: [String]
    var account: Int64?

    func validated() throws(InputProblem) -> (name: String, languages: [String]) {
        guard let name = try SiteBody.trimmed(displayName, field: "displayName", maximum: 80) else { throw .required(field: "displayName") }
        var codes: [String] = []
        for (index, code) in languages.enumerated() {
            guard LanguageCode.isValid(code) else { throw .unknownChoice(field: "languages[\(index)]", value: code) }
            if !codes.contains(code) { codes.append(code) }
        }
        guard !codes.isEmpty else { throw .required(field: "languages") }
        return (name, codes)
    }
}
