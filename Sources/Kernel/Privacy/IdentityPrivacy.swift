import Foundation

/// What the identity area holds on a person, for export and erasure.
enum IdentityPrivacy {
    static let hooks = PrivacyHooks(export: { person, db in try export(person, in: db) }, erase: { person, db in try erase(person, in: db) })

    static func export(_ person: PersonReference, in db: any DatabaseConnection) throws -> JSONValue {
        guard let id = person.accountID, let account = try Accounts.find(id: id, in: db) else { return .object(["account": .null]) }
        func value(_ encodable: some Encodable) throws -> JSONValue { try JSONValue.parse(JSONCoding.encode(encodable)) }
        let memberships = try db.query("""
            SELECT m.region, m.role, o.name AS organisation FROM kernel_memberships m
            LEFT JOIN kernel_organisations o ON o.id = m.organisation_id
            WHERE m.account_id = \(id) ORDER BY m.region, m.role
            """).map { row -> JSONValue in
            .object([
                "region": .string(try row.get("region")), "role": .string(try row.get("role")),
                "organisation": (try row.get("organisation", as: String?.self)).map(JSONValue.string) ?? .null,
            ])
        }
        let sessions = try db.query("""
            SELECT created_at, last_seen_at, client_address, user_agent FROM kernel_sessions WHERE account_id = \(id) ORDER BY id
            """).map { row -> JSONValue in
            .object([
                "createdAt": .string(Timestamp.iso8601(try row.get("created_at", as: Date.self))),
                "lastSeenAt": .string(Timestamp.iso8601(try row.get("last_seen_at", as: Date.self))),
                "clientAddress": .string(try row.get("client_address")), "userAgent": .string(try row.get("user_agent")),
            ])
        }
        let tokens = try db.fetchAll(APITokenSummary.self, """
            SELECT id, region, name, actions, created_at, expires_at, revoked_at, last_used_at
            FROM kernel_api_tokens WHERE account_id = \(id) ORDER BY id
            """)
        let actions = try db.fetchAll(AuditEntry.self, """
            SELECT id, region, at, actor_account_id, actor, action, subject, detail FROM kernel_audit_log
            WHERE actor_account_id = \(id) ORDER BY id
            """)
        return .object([
            "account": try value(account),
            "memberships": .array(memberships),
            "sessions": .array(sessions),
            "apiTokens": try value(tokens),
            "administrativeActions": try value(actions),
        ])
    }

    /// Deletes the account (its sessions, tokens and memberships go with it) and anonymises
    /// the audit entries it made, which stay as a count of what happened.
    static func erase(_ person: PersonReference, in db: any DatabaseTransaction) throws -> ErasureSummary {
        guard let id = person.accountID else { return ErasureSummary() }
        var erased = 0
        erased += try db.execute("DELETE FROM kernel_sessions WHERE account_id = \(id)")
        erased += try db.execute("DELETE FROM kernel_account_tokens WHERE account_id = \(id)")
        erased += try db.execute("DELETE FROM kernel_api_tokens WHERE account_id = \(id)")
        erased += try db.execute("DELETE FROM kernel_memberships WHERE account_id = \(id)")
        erased += try db.execute("DELETE FROM kernel_accounts WHERE id = \(id)")
        let anonymised = try db.execute("""
            UPDATE kernel_audit_log SET actor_account_id = NULL, actor = 'erased account' WHERE actor_account_id = \(id)
            """)
        return ErasureSummary(erased: erased, anonymised: anonymised)
    }
}
