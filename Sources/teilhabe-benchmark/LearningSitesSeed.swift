/// 2,000 published learning sites spread over a city of 20 × 20 km, open on weekdays 09:00–18:00
/// (a third of them around the clock, so that "open now" finds sites whenever the benchmark
/// runs), each with consultation hours and 25 upcoming 30-minute slots: 50,000 slots.
enum LearningSitesSeed {
    static let now = "CAST(strftime('%s', 'now') AS INTEGER) * 1000"

    static let statements = [
        """
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
        INSERT INTO learning_sites (id, region, name, kind, slug, published, street, postal_code, locality, latitude, longitude,
                                    step_free, equipment, equipment_tokens, languages, language_tokens, created_at, updated_at)
        SELECT i, 'demo', 'Lernort ' || i, 'stationary', 'lernort-' || i, 1, 'Straße ' || i, printf('48%03d', i % 200), 'Münster',
               51.87 + ((i * 7919) % 18000) / 100000.0, 7.48 + ((i * 104729) % 29000) / 100000.0, i % 2,
               '{"laptops":4}', ' laptops ', '["de"]',
               CASE i % 4 WHEN 0 THEN ' de ar ' WHEN 1 THEN ' de tr ' ELSE ' de ' END, \(now), \(now)
        FROM n
        """,
        """
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000),
                       d(w) AS (SELECT 1 UNION ALL SELECT w + 1 FROM d WHERE w < 7)
        INSERT INTO learning_sites_hours (region, site_id, weekday, opens, closes)
        SELECT 'demo', i, w, CASE WHEN i % 3 = 0 THEN 0 ELSE 540 END, CASE WHEN i % 3 = 0 THEN 1440 ELSE 1080 END
        FROM n, d WHERE w <= 5 OR i % 3 = 0
        """,
        """
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
        INSERT INTO learning_sites_consultation_hours (id, region, site_id, schedule, slot_minutes, capacity, topics, languages,
                                                       language_tokens, created_at, updated_at)
        SELECT i, 'demo', i, '{}', 30, 1, '["authorities"]', '["de"]', ' de ', \(now), \(now) FROM n
        """,
        """
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000),
                       k(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM k WHERE j < 24)
        INSERT INTO learning_sites_slots (region, site_id, hours_id, starts_at, ends_at, capacity)
        SELECT 'demo', i, i, \(now) + (3600 + j * 21600 + (i % 60) * 60) * 1000, \(now) + (5400 + j * 21600 + (i % 60) * 60) * 1000, 1
        FROM n, k
        """,
    ]
}
