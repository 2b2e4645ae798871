import Kernel

enum EchoSchema {
    static let migrations = [
        Migration("001-create-stories", sql: """
            CREATE TABLE echo_stories (
                id INTEGER PRIMARY KEY,
                region TEXT NOT NULL,
                title TEXT NOT NULL,
                published_at INTEGER
            );
            CREATE INDEX echo_stories_region_published ON echo_stories (region, published_at);
            """),
        // Stories moved into the kernel's content store (multilingual, versioned, searchable).
        Migration("002-stories-in-content-store", sql: "DROP TABLE echo_stories"),
    ]
}
