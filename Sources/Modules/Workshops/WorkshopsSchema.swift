import Kernel

/// The module's tables, in order. `001` is the first version's table and never changes;
/// `002` rebuilds `workshops` in its full shape (copying what `001` held) and adds the rest;
/// `003` records the account a registration was made from; `004` indexes the upcoming list.
/// Titles are kept in the workshop's original language for lists and mails; the texts in
/// every language live in the kernel's content store (`content_id`).
enum WorkshopsSchema {
    static let migrations = [
        Migration("001-create-workshops", sql: """
            CREATE TABLE workshops (
                id INTEGER PRIMARY KEY,
                region TEXT NOT NULL,
                title TEXT NOT NULL,
                starts_at INTEGER NOT NULL,
                capacity INTEGER NOT NULL CHECK (capacity > 0)
            );
            CREATE INDEX workshops_region_start ON workshops (region, starts_at);
            """),
        Migration("002-programmes-registrations-attendance", sql: """
            CREATE TABLE workshops_topics (
                id INTEGER PRIMARY KEY,
                region TEXT NOT NULL,
                names TEXT NOT NULL,
                position INTEGER NOT NULL
            );
            CREATE TABLE workshops_programmes (
                id INTEGER PRIMARY KEY,
                region TEXT NOT NULL,
                title TEXT NOT NULL,
                original_language TEXT NOT NULL,
                content_id BIGINT,
                published INTEGER NOT NULL DEFAULT 0,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL
            );
            CREATE TABLE workshops_next (
                id INTEGER PRIMARY KEY,
                region TEXT NOT NULL,
                title TEXT NOT NULL,
                starts_at INTEGER NOT NULL,
                ends_at INTEGER NOT NULL,
                capacity INTEGER NOT NULL CHECK (capacity > 0),
                status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'open', 'closed', 'cancelled', 'held')),
                original_language TEXT NOT NULL DEFAULT 'de',
                content_id BIGINT,
                programme_id BIGINT REFERENCES workshops_programmes (id),
                topic_id BIGINT REFERENCES workshops_topics (id),
                target_group TEXT NOT NULL DEFAULT 'mixed'
                    CHECK (target_group IN ('volunteers-staff', 'multipliers', 'migrants-refugees', 'mixed')),
                format TEXT NOT NULL DEFAULT 'in-person' CHECK (format IN ('in-person', 'online', 'hybrid')),
                place_id BIGINT,
                address TEXT,
                online_link TEXT,
                trainers TEXT NOT NULL DEFAULT '',
                languages TEXT NOT NULL DEFAULT '',
                schedule TEXT NOT NULL DEFAULT '',
                sessions INTEGER NOT NULL DEFAULT 1,
                registration_opens_at BIGINT,
                registration_closes_at BIGINT,
                bookable_id BIGINT,
                revision INTEGER NOT NULL DEFAULT 0,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                published_at BIGINT,
                held_at BIGINT,
                cancelled_at BIGINT
            );
            INSERT INTO workshops_next (id, region, title, starts_at, ends_at, capacity, status, created_at, updated_at)
                SELECT id, region, title, starts_at, starts_at, capacity, 'open', starts_at, starts_at FROM workshops;
            DROP TABLE workshops;
            ALTER TABLE workshops_next RENAME TO workshops;
            CREATE INDEX workshops_region_start ON workshops (region, starts_at, id);
            CREATE INDEX workshops_region_end ON workshops (region, ends_at, id);
            CREATE INDEX workshops_programme ON workshops (region, programme_id, starts_at);
            CREATE TABLE workshops_questions (
                id INTEGER PRIMARY KEY,
                region TEXT NOT NULL,
                workshop_id BIGINT NOT NULL REFERENCES workshops (id),
                position INTEGER NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN ('text', 'choice', 'yes-no')),
                required INTEGER NOT NULL,
                labels TEXT NOT NULL,
                options TEXT NOT NULL
            );
            CREATE INDEX workshops_questions_workshop ON workshops_questions (region, workshop_id, position);
            CREATE TABLE workshops_registrations (
                id INTEGER PRIMARY KEY,
                region TEXT NOT NULL,
                workshop_id BIGINT NOT NULL REFERENCES workshops (id),
                booking_id BIGINT NOT NULL,
                email_key TEXT,
                active INTEGER NOT NULL DEFAULT 1,
                phone TEXT,
                accessibility TEXT,
                answers TEXT NOT NULL,
                source TEXT NOT NULL CHECK (source IN ('form', 'api', 'account', 'coordinator')),
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL
            );
            CREATE UNIQUE INDEX workshops_registrations_booking ON workshops_registrations (region, booking_id);
            CREATE UNIQUE INDEX workshops_registrations_email ON workshops_registrations (region, workshop_id, email_key) WHERE active = 1;
            CREATE INDEX workshops_registrations_person ON workshops_registrations (email_key);
            CREATE INDEX workshops_registrations_workshop ON workshops_registrations (region, workshop_id, id);
            CREATE TABLE workshops_reminders (
                region TEXT NOT NULL,
                registration_id BIGINT NOT NULL REFERENCES workshops_registrations (id),
                session_start BIGINT NOT NULL,
                sent_at BIGINT NOT NULL,
                PRIMARY KEY (registration_id, session_start)
            );
            CREATE TABLE workshops_messages (
                id INTEGER PRIMARY KEY,
                region TEXT NOT NULL,
                workshop_id BIGINT NOT NULL REFERENCES workshops (id),
                subject TEXT NOT NULL,
                body TEXT NOT NULL,
                audience TEXT NOT NULL CHECK (audience IN ('confirmed', 'everyone')),
                recipients INTEGER NOT NULL,
                sent_by TEXT NOT NULL,
                created_at BIGINT NOT NULL
            );
            CREATE INDEX workshops_messages_workshop ON workshops_messages (region, workshop_id, id);
            """),
        // A signed-in person may register with another address than their account's: the
        // privacy export and erasure find their registrations by account as well.
        Migration("003-registration-accounts", sql: """
            ALTER TABLE workshops_registrations ADD COLUMN account_id BIGINT;
            UPDATE workshops_registrations SET account_id = (
                SELECT b.account_id FROM kernel_bookings b WHERE b.id = workshops_registrations.booking_id);
            CREATE INDEX workshops_registrations_account ON workshops_registrations (account_id);
            """),
        // The upcoming list walks the workshops not yet held in date order and stops after a
        // page, however many are planned or held (see `WorkshopStore.upcoming`).
        Migration("004-upcoming-index", sql: """
            CREATE INDEX workshops_upcoming ON workshops (region, starts_at, id) WHERE status IN ('open', 'closed', 'cancelled');
            """),
    ]
}
