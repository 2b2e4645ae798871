import Kernel

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
    ]
}
