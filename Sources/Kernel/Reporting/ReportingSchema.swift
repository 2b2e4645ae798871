/// The reporting area's tables. Projects, their categories and targets are shared by the
/// regions a project covers, so they carry no `region` column (`home_region` says who owns
/// them) and are changed in the global scope after the service checked the editor's region.
/// Which regions a project covers and what each region tagged to it are region-owned.
enum ReportingSchema {
    static let migrations = [
        Migration("001-create-reporting", sql: """
            CREATE TABLE kernel_reporting_projects (
                id INTEGER PRIMARY KEY,
                home_region TEXT NOT NULL,
                name TEXT NOT NULL,
                funder TEXT NOT NULL,
                reference TEXT NOT NULL,
                first_day TEXT NOT NULL,
                last_day TEXT NOT NULL,
                regions TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL
            );
            CREATE TABLE kernel_reporting_project_regions (
                region TEXT NOT NULL,
                project_id BIGINT NOT NULL REFERENCES kernel_reporting_projects (id),
                position INTEGER NOT NULL,
                PRIMARY KEY (region, project_id)
            );
            CREATE INDEX kernel_reporting_project_regions_project ON kernel_reporting_project_regions (project_id, position);
            CREATE TABLE kernel_reporting_categories (
                id INTEGER PRIMARY KEY,
                project_id BIGINT NOT NULL REFERENCES kernel_reporting_projects (id),
                name TEXT NOT NULL,
                position INTEGER NOT NULL,
                UNIQUE (project_id, name)
            );
            CREATE TABLE kernel_reporting_targets (
                id INTEGER PRIMARY KEY,
                project_id BIGINT NOT NULL REFERENCES kernel_reporting_projects (id),
                category_id BIGINT NOT NULL REFERENCES kernel_reporting_categories (id),
                fact TEXT NOT NULL,
                target_group TEXT,
                minimum_size INTEGER CHECK (minimum_size IS NULL OR minimum_size >= 1),
                value INTEGER NOT NULL CHECK (value >= 0),
                position INTEGER NOT NULL
            );
            CREATE INDEX kernel_reporting_targets_project ON kernel_reporting_targets (project_id, position);
            CREATE TABLE kernel_reporting_assignments (
                region TEXT NOT NULL,
                owner TEXT NOT NULL,
                reference TEXT NOT NULL,
                project_id BIGINT NOT NULL REFERENCES kernel_reporting_projects (id),
                category_id BIGINT NOT NULL REFERENCES kernel_reporting_categories (id),
                PRIMARY KEY (region, owner, reference, project_id)
            );
            CREATE INDEX kernel_reporting_assignments_project ON kernel_reporting_assignments (region, project_id, owner, category_id);
            """),
    ]
}
