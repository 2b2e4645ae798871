/// The identity area's tables. Accounts, sessions and single-use tokens are global (a person
/// is one account across regions); memberships, permission rules, organisations, API tokens
/// and the audit log carry a `region` and are therefore region-owned: the storage keeps a
/// region-scoped unit of work to its own rows.
enum IdentitySchema {
    static let roles = Role.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
    static let organisationKinds = OrganisationKind.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")

    static let migrations = [
        Migration("001-accounts", sql: """
            CREATE TABLE kernel_accounts (
                id INTEGER PRIMARY KEY,
                email TEXT NOT NULL UNIQUE,
                display_name TEXT NOT NULL,
                language TEXT,
                password_hash TEXT,
                email_confirmed_at INTEGER,
                operator INTEGER NOT NULL DEFAULT 0,
                disabled_at INTEGER,
                privilege_epoch INTEGER NOT NULL DEFAULT 0,
                created_at INTEGER NOT NULL,
                last_login_at INTEGER
            );
            CREATE TABLE kernel_sessions (
                id INTEGER PRIMARY KEY,
                token_hash TEXT NOT NULL UNIQUE,
                account_id INTEGER NOT NULL REFERENCES kernel_accounts (id) ON DELETE CASCADE,
                privilege_epoch INTEGER NOT NULL,
                created_at INTEGER NOT NULL,
                last_seen_at INTEGER NOT NULL,
                client_address TEXT NOT NULL,
                user_agent TEXT NOT NULL
            );
            CREATE INDEX kernel_sessions_account ON kernel_sessions (account_id);
            CREATE TABLE kernel_account_tokens (
                id INTEGER PRIMARY KEY,
                token_hash TEXT NOT NULL UNIQUE,
                account_id INTEGER NOT NULL REFERENCES kernel_accounts (id) ON DELETE CASCADE,
                purpose TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                expires_at INTEGER NOT NULL,
                used_at INTEGER
            );
            CREATE INDEX kernel_account_tokens_account ON kernel_account_tokens (account_id, purpose);
            """),
        Migration("002-organisations-and-memberships", sql: """
            CREATE TABLE kernel_organisations (
                id INTEGER PRIMARY KEY,
                region TEXT NOT NULL,
                name TEXT NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN (\(organisationKinds))),
                contact_email TEXT,
                contact_phone TEXT,
                website TEXT,
                address TEXT,
                description TEXT,
                public INTEGER NOT NULL DEFAULT 1,
                created_at INTEGER NOT NULL,
                UNIQUE (region, name)
            );
            CREATE TABLE kernel_memberships (
                id INTEGER PRIMARY KEY,
                region TEXT NOT NULL,
                account_id INTEGER NOT NULL REFERENCES kernel_accounts (id) ON DELETE CASCADE,
                organisation_id INTEGER REFERENCES kernel_organisations (id) ON DELETE CASCADE,
                role TEXT NOT NULL CHECK (role IN (\(roles)) AND role <> 'operator'),
                created_at INTEGER NOT NULL
            );
            CREATE UNIQUE INDEX kernel_memberships_unique
                ON kernel_memberships (region, account_id, COALESCE(organisation_id, 0), role);
            CREATE INDEX kernel_memberships_account ON kernel_memberships (account_id, region);
            CREATE TABLE kernel_permission_rules (
                id INTEGER PRIMARY KEY,
                region TEXT NOT NULL,
                action TEXT NOT NULL,
                role TEXT NOT NULL CHECK (role IN (\(roles)) AND role <> 'operator'),
                effect TEXT NOT NULL CHECK (effect IN ('grant', 'deny')),
                UNIQUE (region, action, role)
            );
            """),
        Migration("003-api-tokens", sql: """
            CREATE TABLE kernel_api_tokens (
                id INTEGER PRIMARY KEY,
                region TEXT NOT NULL,
                token_hash TEXT NOT NULL UNIQUE,
                account_id INTEGER NOT NULL REFERENCES kernel_accounts (id) ON DELETE CASCADE,
                name TEXT NOT NULL,
                actions TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                expires_at INTEGER NOT NULL,
                revoked_at INTEGER,
                last_used_at INTEGER
            );
            CREATE INDEX kernel_api_tokens_account ON kernel_api_tokens (account_id);
            """),
        Migration("004-audit-log", sql: """
            CREATE TABLE kernel_audit_log (
                id INTEGER PRIMARY KEY,
                region TEXT,
                at INTEGER NOT NULL,
                actor_account_id INTEGER,
                actor TEXT NOT NULL,
                action TEXT NOT NULL,
                subject TEXT NOT NULL,
                detail TEXT NOT NULL
            );
            CREATE INDEX kernel_audit_log_region ON kernel_audit_log (region, at);
            CREATE INDEX kernel_audit_log_actor ON kernel_audit_log (actor_account_id);
            """),
    ]
}
