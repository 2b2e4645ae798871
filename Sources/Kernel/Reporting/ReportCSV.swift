/// A project report as CSV (see `CSVDocument` for the format): a header row, then one row per
/// target and region and one total row per target when the project covers several regions.
/// Headings and names come in the reader's language; numbers are plain integers.
enum ReportCSV {
    static func document(_ report: ProjectReport, strings: KernelStrings) -> CSVDocument {
        var csv = CSVDocument()
        csv.append([
            .text(strings.reportColumnProject), .text(strings.reportColumnPeriod), .text(strings.reportColumnCategory),
            .text(strings.reportColumnIndicator), .text(strings.reportColumnTargetGroup), .text(strings.reportColumnMinimumSize),
            .text(strings.reportColumnRegion), .text(strings.reportColumnTarget), .text(strings.reportColumnActual),
            .text(strings.reportColumnMet),
        ])
        let period = "\(report.firstDay) – \(report.lastDay)"
        for row in report.rows {
            var lines: [(region: String, actual: Int)] = report.regions.map { ($0.name, row.byRegion[$0.id] ?? 0) }
            if report.regions.count > 1 { lines.append((strings.reportAllRegions, row.actual)) }
            for line in lines {
                let isTotal = report.regions.count == 1 || line.region == strings.reportAllRegions
                csv.append([
                    .text(report.project.name), .text(period), .text(row.category), .text(row.factTitle),
                    .text(row.targetGroupTitle ?? ""), row.minimumSize.map { .number($0) } ?? .text(""),
                    .text(line.region), isTotal ? .number(row.target) : .text(""), .number(line.actual),
                    .text(isTotal ? (row.met ? strings.reportYes : strings.reportNo) : ""),
                ])
            }
        }
        return csv
    }
}
