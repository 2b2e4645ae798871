import Foundation

/// The texts of a content item in one language: a title, a plain-text summary, a body in
/// the markup subset (`Markup`), and fields the owning module defines (a JSON object, e.g.
/// `{"quote": "…", "location": "…"}`). String-valued fields are translated like the rest.
public struct ContentTexts: Sendable, Hashable, Codable {
    public var title: String
    public var summary: String
    /// Markup source; render with `Markup.html`.
    public var body: String
    public var fields: [String: JSONValue]

    public init(title: String, summary: String = "", body: String = "", fields: [String: JSONValue] = [:]) {
        self.title = title
        self.summary = summary
        self.body = body
        self.fields = fields
    }

    public static let maximumTitleLength = 300
    public static let maximumSummaryLength = 2_000
    public static let maximumBodyLength = 200_000
    public static let maximumFieldsBytes = 50_000

    /// Trimmed texts; 422 naming the field when one is missing or too long.
    public func validated() throws -> ContentTexts {
        var texts = self
        texts.title = title.trimmingCharacters(in: .whitespacesAndNewlines)
        texts.summary = summary.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !texts.title.isEmpty else { throw HTTPError.unprocessable("title is required", field: "title") }
        guard texts.title.count <= Self.maximumTitleLength else {
            throw HTTPError.unprocessable("title must be at most \(Self.maximumTitleLength) characters", field: "title")
        }
        guard texts.summary.count <= Self.maximumSummaryLength else {
            throw HTTPError.unprocessable("summary must be at most \(Self.maximumSummaryLength) characters", field: "summary")
        }
        guard body.count <= Self.maximumBodyLength else {
            throw HTTPError.unprocessable("body must be at most \(Self.maximumBodyLength) characters", field: "body")
        }
        guard JSONValue.object(fields).encoded().count <= Self.maximumFieldsBytes else {
            throw HTTPError.unprocessable("fields must be at most \(Self.maximumFieldsBytes) bytes of JSON", field: "fields")
        }
        for key in fields.keys where !Self.isValidFieldName(key) {
            throw HTTPError.unprocessable(
                "field name '\(key)' must be 1 to 64 ASCII letters, digits, '_' or '-'", field: "fields")
        }
        return texts
    }

    static func isValidFieldName(_ name: String) -> Bool {
        (1...64).contains(name.utf8.count) && name.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
        }
    }

    /// Identifies the wording: equal texts give equal digests. Translation state compares
    /// these, so restoring an old pair of texts restores their relationship too.
    var digest: String {
        let canonical = JSONValue.object([
            "title": .string(title), "summary": .string(summary), "body": .string(body), "fields": .object(fields),
        ])
        return String(Digest.sha256Hex(canonical.encoded()).prefix(32))
    }

    /// The translatable units: title, summary, body and each string field (`fields.<name>`).
    var units: [(id: String, text: String)] {
        var units = [("title", title), ("summary", summary), ("body", body)]
        for key in fields.keys.sorted() {
            if case .string(let text) = fields[key] { units.append(("fields.\(key)", text)) }
        }
        return units.map { (id: $0.0, text: $0.1) }
    }
}
