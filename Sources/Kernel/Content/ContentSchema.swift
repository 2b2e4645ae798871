/// The content area's tables. Times are milliseconds since 1970 (BIGINT); text digests
/// identify a wording (see `ContentTexts.digest`).
enum ContentSchema {
    static let migrations = [
        Migration("001-create-content", sql: """
            CREATE TABLE kernel_content_items (
                id INTEGER PRIMARY KEY,
                region TEXT NOT NULL,
                module TEXT NOT NULL,
                kind TEXT NOT NULL,
                slug TEXT NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('draft', 'review', 'published', 'archived')),
                published_at BIGINT,
                unpublish_at BIGINT,
                original_language TEXT NOT NULL,
                languages TEXT NOT NULL,
                author_id BIGINT,
                version INTEGER NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                UNIQUE (region, module, kind, slug)
            );
            CREATE INDEX kernel_content_items_listing ON kernel_content_items (region, module, status, published_at, id);
            CREATE INDEX kernel_content_items_kind_listing ON kernel_content_items (region, module, kind, status, published_at, id);
            CREATE TABLE kernel_content_texts (
                id INTEGER PRIMARY KEY,
                item_id BIGINT NOT NULL REFERENCES kernel_content_items (id) ON DELETE CASCADE,
                region TEXT NOT NULL,
                language TEXT NOT NULL,
                title TEXT NOT NULL,
                summary TEXT NOT NULL,
                body TEXT NOT NULL,
                body_text TEXT NOT NULL,
                fields TEXT NOT NULL,
                digest TEXT NOT NULL,
                source_language TEXT,
                source_digest TEXT,
                updated_at BIGINT NOT NULL,
                UNIQUE (item_id, language)
            );
            CREATE TABLE kernel_content_versions (
                item_id BIGINT NOT NULL REFERENCES kernel_content_items (id) ON DELETE CASCADE,
                region TEXT NOT NULL,
                version INTEGER NOT NULL,
                change TEXT NOT NULL,
                language TEXT,
                minor INTEGER NOT NULL,
                restored_from INTEGER,
                author_id BIGINT,
                created_at BIGINT NOT NULL,
                snapshot TEXT NOT NULL,
                PRIMARY KEY (item_id, version)
            );
            """),
        // SQLite's full-text index (see FTS5SearchIndex). A PostgreSQL backend declares its
        // own search table instead (a tsvector column with a GIN index).
        Migration("002-create-search-index", sql: """
            CREATE VIRTUAL TABLE kernel_content_search USING fts5(
                scope, title, summary, body,
                tokenize = 'unicode61 remove_diacritics 2'
            );
            CREATE TABLE kernel_content_search_state (
                region TEXT PRIMARY KEY,
                languages TEXT NOT NULL
            );
            """),
        // The index keyed by negated text ids, with each word prefixed per reader language
        // instead of a scope column (see FTS5SearchIndex), and no per-row token counts (nothing
        // ranks by length). Forgetting the recorded language trees makes the next start (or
        // `teilhabe content reindex`) rebuild every region's entries.
        Migration("003-search-index-by-reader-language", sql: """
            DROP TABLE kernel_content_search;
            CREATE VIRTUAL TABLE kernel_content_search USING fts5(
                title, summary, body,
                tokenize = 'unicode61 remove_diacritics 2',
                columnsize = 0
            );
            DELETE FROM kernel_content_search_state;
            """),
    ]
}
