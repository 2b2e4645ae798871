import Kernel

/// The module's tables, in order. `001-create-sites` was released with the first manifest and
/// never changes; everything after it builds on it.
enum LearningSitesSchema {
    static let migrations = [
        Migration("001-create-sites", sql: """
            CREATE TABLE learning_sites (
                id INTEGER PRIMARY KEY,
                region TEXT NOT NULL,
                name TEXT NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN ('stationary', 'mobile'))
            );
            CREATE INDEX learning_sites_region ON learning_sites (region);
            """),
        // A site's facts. `name` stays the name in the original language (admin lists, sorting);
        // names and descriptions per language live in the kernel's content store (`slug`).
        // Languages and equipment are JSON for reading and space-separated tokens
        // (` de ar `) for filtering with LIKE, which both backends index-free handle quickly
        // at a region's size.
        Migration("002-site-details", sql: """
            ALTER TABLE learning_sites ADD COLUMN slug TEXT;
            ALTER TABLE learning_sites ADD COLUMN organisation_id INTEGER;
            ALTER TABLE learning_sites ADD COLUMN published INTEGER NOT NULL DEFAULT 1;
            ALTER TABLE learning_sites ADD COLUMN street TEXT;
            ALTER TABLE learning_sites ADD COLUMN postal_code TEXT;
            ALTER TABLE learning_sites ADD COLUMN locality TEXT;
            ALTER TABLE learning_sites ADD COLUMN latitude REAL CHECK (latitude BETWEEN -90 AND 90);
            ALTER TABLE learning_sites ADD COLUMN longitude REAL CHECK (longitude BETWEEN -180 AND 180);
            ALTER TABLE learning_sites ADD COLUMN step_free INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE learning_sites ADD COLUMN accessible_toilet INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE learning_sites ADD COLUMN hearing_loop INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE learning_sites ADD COLUMN equipment TEXT NOT NULL DEFAULT '{}';
            ALTER TABLE learning_sites ADD COLUMN equipment_tokens TEXT NOT NULL DEFAULT ' ';
            ALTER TABLE learning_sites ADD COLUMN languages TEXT NOT NULL DEFAULT '[]';
            ALTER TABLE learning_sites ADD COLUMN language_tokens TEXT NOT NULL DEFAULT ' ';
            ALTER TABLE learning_sites ADD COLUMN contact_email TEXT;
            ALTER TABLE learning_sites ADD COLUMN contact_phone TEXT;
            ALTER TABLE learning_sites ADD COLUMN website TEXT;
            ALTER TABLE learning_sites ADD COLUMN created_at BIGINT NOT NULL DEFAULT 0;
            ALTER TABLE learning_sites ADD COLUMN updated_at BIGINT NOT NULL DEFAULT 0;
            ALTER TABLE learning_sites ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
            CREATE UNIQUE INDEX learning_sites_slug ON learning_sites (region, slug);
            CREATE INDEX learning_sites_location ON learning_sites (region, latitude, longitude);
            """),
        // Regular weekly hours as wall-clock minutes of the region's zone (09:30 = 570), and
        // the days that differ (holidays, closed days, appointments only, other hours).
        Migration("003-opening-hours", sql: """
            CREATE TABLE learning_sites_hours (
                id INTEGER PRIMARY KEY,
                region TEXT NOT NULL,
                site_id INTEGER NOT NULL REFERENCES learning_sites (id) ON DELETE CASCADE,
                weekday INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
                opens INTEGER NOT NULL CHECK (opens BETWEEN 0 AND 1439),
                closes INTEGER NOT NULL CHECK (closes BETWEEN 1 AND 1440),
                appointment_only INTEGER NOT NULL DEFAULT 0,
                CHECK (opens < closes)
            );
            CREATE INDEX learning_sites_hours_day ON learning_sites_hours (region, weekday, opens);
            CREATE INDEX learning_sites_hours_site ON learning_sites_hours (site_id);
            CREATE TABLE learning_sites_exceptions (
                id INTEGER PRIMARY KEY,
                region TEXT NOT NULL,
                site_id INTEGER NOT NULL REFERENCES learning_sites (id) ON DELETE CASCADE,
                day TEXT NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN ('closed', 'holiday', 'appointment-only', 'hours')),
                opens INTEGER CHECK (opens BETWEEN 0 AND 1439),
                closes INTEGER CHECK (closes BETWEEN 1 AND 1440),
                note TEXT,
                CHECK ((kind = 'hours') = (opens IS NOT NULL AND closes IS NOT NULL))
            );
            CREATE INDEX learning_sites_exceptions_day ON learning_sites_exceptions (region, day, site_id);
            CREATE INDEX learning_sites_exceptions_site ON learning_sites_exceptions (site_id, day);
            """),
        // Consultation hours: a recurring block (`schedule`, a Recurrence as JSON) cut into slots
        // of `slot_minutes`. Walk-in hours are shown, not booked. Slots are written ahead for the
        // booking horizon; their kernel bookable is created with the first booking.
        Migration("004-consultations", sql: """
            CREATE TABLE learning_sites_consultation_hours (
                id INTEGER PRIMARY KEY,
                region TEXT NOT NULL,
                site_id INTEGER NOT NULL REFERENCES learning_sites (id) ON DELETE CASCADE,
                schedule TEXT NOT NULL,
                slot_minutes INTEGER NOT NULL CHECK (slot_minutes BETWEEN 5 AND 480),
                capacity INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 50),
                topics TEXT NOT NULL DEFAULT '[]',
                languages TEXT NOT NULL DEFAULT '[]',
                language_tokens TEXT NOT NULL DEFAULT ' ',
                online INTEGER NOT NULL DEFAULT 0,
                walk_in INTEGER NOT NULL DEFAULT 0,
                ended_at BIGINT,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                revision INTEGER NOT NULL DEFAULT 0
            );
            CREATE INDEX learning_sites_consultation_hours_site ON learning_sites_consultation_hours (region, site_id);
            CREATE TABLE learning_sites_slots (
                id INTEGER PRIMARY KEY,
                region TEXT NOT NULL,
                site_id INTEGER NOT NULL REFERENCES learning_sites (id) ON DELETE CASCADE,
                hours_id INTEGER NOT NULL REFERENCES learning_sites_consultation_hours (id) ON DELETE CASCADE,
                starts_at BIGINT NOT NULL,
                ends_at BIGINT NOT NULL,
                capacity INTEGER NOT NULL CHECK (capacity >= 1),
                bookable_id INTEGER,
                withdrawn INTEGER NOT NULL DEFAULT 0,
                UNIQUE (region, hours_id, starts_at),
                CHECK (starts_at < ends_at)
            );
            CREATE INDEX learning_sites_slots_site ON learning_sites_slots (region, site_id, starts_at);
            CREATE INDEX learning_sites_slots_start ON learning_sites_slots (region, starts_at);
            CREATE TABLE learning_sites_consultations (
                id INTEGER PRIMARY KEY,
                region TEXT NOT NULL,
                slot_id INTEGER NOT NULL REFERENCES learning_sites_slots (id),
                booking_id INTEGER NOT NULL,
                topic TEXT NOT NULL,
                language TEXT NOT NULL,
                phone TEXT,
                note TEXT,
                outcome_topic TEXT,
                follow_up INTEGER,
                outcome_at BIGINT,
                contact_erased_at BIGINT,
                created_at BIGINT NOT NULL,
                UNIQUE (region, booking_id)
            );
            CREATE INDEX learning_sites_consultations_slot ON learning_sites_consultations (region, slot_id);
            """),
        // Peer helpers (volunteers, multipliers) of a site and the consultation hours they staff.
        Migration("005-peer-helpers", sql: """
            CREATE TABLE learning_sites_helpers (
                id INTEGER PRIMARY KEY,
                region TEXT NOT NULL,
                site_id INTEGER NOT NULL REFERENCES learning_sites (id) ON DELETE CASCADE,
                display_name TEXT NOT NULL,
                languages TEXT NOT NULL DEFAULT '[]',
                account_id INTEGER,
                created_at BIGINT NOT NULL
            );
            CREATE INDEX learning_sites_helpers_site ON learning_sites_helpers (region, site_id);
            CREATE INDEX learning_sites_helpers_account ON learning_sites_helpers (account_id);
            CREATE TABLE learning_sites_helper_hours (
                region TEXT NOT NULL,
                helper_id INTEGER NOT NULL REFERENCES learning_sites_helpers (id) ON DELETE CASCADE,
                hours_id INTEGER NOT NULL REFERENCES learning_sites_consultation_hours (id) ON DELETE CASCADE,
                PRIMARY KEY (helper_id, hours_id)
            );
            CREATE INDEX learning_sites_helper_hours_hours ON learning_sites_helper_hours (hours_id);
            """),
        // The tour plan of a mobile site: stops with a place, coordinates and a schedule.
        Migration("006-tour-stops", sql: """
            CREATE TABLE learning_sites_tour_stops (
                id INTEGER PRIMARY KEY,
                region TEXT NOT NULL,
                site_id INTEGER NOT NULL REFERENCES learning_sites (id) ON DELETE CASCADE,
                place_name TEXT NOT NULL,
                street TEXT,
                postal_code TEXT,
                locality TEXT,
                latitude REAL NOT NULL CHECK (latitude BETWEEN -90 AND 90),
                longitude REAL NOT NULL CHECK (longitude BETWEEN -180 AND 180),
                schedule TEXT NOT NULL,
                note TEXT,
                created_at BIGINT NOT NULL,
                revision INTEGER NOT NULL DEFAULT 0
            );
            CREATE INDEX learning_sites_tour_stops_site ON learning_sites_tour_stops (region, site_id);
            """),
    ]
}
