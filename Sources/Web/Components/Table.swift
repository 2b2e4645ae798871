/// A data table with a caption, column headers and (by default) the first cell of each row
/// as its row header, so that a screen reader announces which row and column a cell is in.
/// Scrolls sideways on a narrow screen instead of breaking the page.
public struct Table: HTMLComponent, Sendable {
    public var caption: String
    public var columns: [String]
    public var rows: [[HTML]]
    public var firstCellIsRowHeader: Bool

    public init(caption: String, columns: [String], rows: [[HTML]], firstCellIsRowHeader: Bool = true) {
        self.caption = caption
        self.columns = columns
        self.rows = rows
        self.firstCellIsRowHeader = firstCellIsRowHeader
    }

    /// A table of plain text cells.
    public init(caption: String, columns: [String], rows: [[String]], firstCellIsRowHeader: Bool = true) {
        self.init(caption: caption, columns: columns, rows: rows.map { $0.map(HTML.text) }, firstCellIsRowHeader: firstCellIsRowHeader)
    }

    public var html: HTML {
        element("div", ["class": "table-wrap"]) {
            element("table") {
                element("caption") { caption }
                element("thead") {
                    element("tr") {
                        for column in columns { element("th", ["scope": "col"]) { column } }
                    }
                }
                element("tbody") {
                    for row in rows {
                        element("tr") {
                            for (index, cell) in row.enumerated() {
                                if index == 0 && firstCellIsRowHeader {
                                    element("th", ["scope": "row"]) { cell }
                                } else {
                                    element("td") { cell }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
