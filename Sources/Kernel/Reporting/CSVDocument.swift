/// CSV that opens correctly in spreadsheets, German Excel first: UTF-8 with a byte-order
/// mark (without it Excel reads UTF-8 as Windows-1252 and breaks umlauts), `;` between
/// fields (Excel in a German locale splits on `;`, since `,` is the decimal separator there;
/// LibreOffice and Numbers detect it), CRLF line ends (RFC 4180), fields quoted when they hold
/// the separator, a quote or a line break, quotes doubled. Text that a spreadsheet would take
/// for a formula (`=`, `+`, `-`, `@` first) gets a leading `'`, so typed names cannot run as
/// formulas when the file is opened.
public struct CSVDocument: Sendable {
    public enum Cell: Sendable, Equatable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
        case text(String)
        case number(Int)

        public init(stringLiteral value: String) { self = .text(value) }
        public init(integerLiteral value: Int) { self = .number(value) }
    }

    public static let separator: Character = ";"
    public static let contentType = "text/csv; charset=utf-8; header=present"

    public var rows: [[Cell]]

    public init(rows: [[Cell]] = []) {
        self.rows = rows
    }

    public mutating func append(_ row: [Cell]) {
        rows.append(row)
    }

    /// The file's bytes: BOM, then the rows.
    public var bytes: [UInt8] {
        var text = ""
        for row in rows {
            text += row.map(Self.field).joined(separator: String(Self.separator))
            text += "\r\n"
        }
        return [0xEF, 0xBB, 0xBF] + Array(text.utf8)
    }

    static func field(_ cell: Cell) -> String {
        switch cell {
        case .number(let value):
            return String(value)
        case .text(var text):
            if let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { text = "'" + text }
            let needsQuotes = text.contains(separator) || text.contains("\"") || text.contains("\n") || text.contains("\r")
                || text.hasPrefix(" ") || text.hasSuffix(" ")
            guard needsQuotes else { return text }
            return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
    }
}
