import Kernel

/// What Mentoring holds on a person: their mentor profiles (display name, languages), one per
/// region. Erasure anonymises the profiles, so the number of mentors a region had stays right
/// in reports.
enum MentoringPrivacy {
    static let hooks = PrivacyHooks(
        export: { person, db in
            guard let account = person.accountID else { return .array([]) }
            return .array(try db.query("""
                SELECT region, display_name, languages FROM mentoring_mentors WHERE account_id = \(account) ORDER BY region, id
                """).map { row in
                .object([
                    "region": .string(try row.get("region")), "displayName": .string(try row.get("display_name")),
                    "languages": .string(try row.get("languages")),
                ])
            })
        },
        erase: { person, db in
            guard let account = person.accountID else { return ErasureSummary() }
            let anonymised = try db.execute("""
                UPDATE mentoring_mentors SET display_name = 'former mentor', languages = '', account_id = NULL
                WHERE account_id = \(account)
                """)
            return ErasureSummary(anonymised: anonymised)
        })
}
