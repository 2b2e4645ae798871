import Foundation
import HTTP

extension Request {
    /// The body decoded from JSON into `T`. A wrong content type is 415; invalid JSON or a
    /// value that does not fit is 400 with the offending key path as the field.
    public func decodeJSON<T: Decodable>(_ type: T.Type) throws -> T {
        let contentType = headers["Content-Type"]?.lowercasedASCII() ?? ""
        guard contentType.hasPrefix("application/json") || contentType.hasPrefix("application/") && contentType.contains("+json") else {
            throw HTTPError(.unsupportedMediaType, "send the body as application/json")
        }
        do {
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            return try decoder.decode(T.self, from: Data(body))
        } catch let error as DecodingError {
            throw HTTPError.describing(error)
        } catch let error as HTTPError {
            throw error
        } catch {
            throw HTTPError.badRequest("the body is not valid JSON")
        }
    }

    /// The body as `application/x-www-form-urlencoded` fields (HTML forms). A wrong content
    /// type is 415.
    public func formData() throws -> FormData {
        let contentType = headers["Content-Type"]?.lowercasedASCII() ?? ""
        guard contentType.hasPrefix("application/x-www-form-urlencoded") else {
            throw HTTPError(.unsupportedMediaType, "send the form as application/x-www-form-urlencoded")
        }
        guard let text = String(validating: body, as: UTF8.self) else {
            throw HTTPError.badRequest("the form is not valid UTF-8")
        }
        return FormData(PercentDecoding.formItems(text))
    }
}

/// Fields of a submitted HTML form, in order; a name may repeat (checkboxes).
public struct FormData: Sendable {
    public let items: [(name: String, value: String)]

    public init(_ items: [(name: String, value: String)]) {
        self.items = items
    }

    /// The first value of `name`, or nil when absent.
    public subscript(name: String) -> String? { items.first { $0.name == name }?.value }

    /// Every value of `name`.
    public func values(_ name: String) -> [String] { items.filter { $0.name == name }.map(\.value) }

    /// The trimmed value of a required field; 422 naming the field when it is missing or blank.
    public func required(_ name: String, maxLength: Int = 1000) throws -> String {
        let value = self[name]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard !value.isEmpty else { throw HTTPError.unprocessable("\(name) is required", field: name) }
        guard value.count <= maxLength else {
            throw HTTPError.unprocessable("\(name) must be at most \(maxLength) characters", field: name)
        }
        return value
    }

    /// The trimmed value of an optional field, nil when blank; 422 when too long.
    public func optional(_ name: String, maxLength: Int = 1000) throws -> String? {
        let value = self[name]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard value.count <= maxLength else {
            throw HTTPError.unprocessable("\(name) must be at most \(maxLength) characters", field: name)
        }
        return value.isEmpty ? nil : value
    }
}

extension HTTPError {
    /// A 400 naming the JSON key path that failed to decode.
    public static func describing(_ error: DecodingError) -> HTTPError {
        func path(_ codingPath: [any CodingKey], _ last: (any CodingKey)? = nil) -> String {
            let keys = codingPath + (last.map { [$0] } ?? [])
            return keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
                .joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
        }
        switch error {
        case .keyNotFound(let key, let context):
            let field = path(context.codingPath, key)
            return .badRequest("\(field) is required", field: field)
        case .typeMismatch(let type, let context):
            let field = path(context.codingPath)
            return .badRequest("\(field.isEmpty ? "the body" : field) must be \(describe(type))", field: field.isEmpty ? nil : field)
        case .valueNotFound(let type, let context):
            let field = path(context.codingPath)
            return .badRequest("\(field) must be \(describe(type)), not null", field: field)
        case .dataCorrupted(let context):
            let field = path(context.codingPath)
            if field.isEmpty { return .badRequest("the body is not valid JSON") }
            return .badRequest("\(field) is not valid: \(context.debugDescription)", field: field)
        @unknown default:
            return .badRequest("the body could not be read")
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Int64.Type, is Int32.Type: "an integer"
        case is Double.Type, is Float.Type: "a number"
        case is Bool.Type: "true or false"
        case is Date.Type: "a date-time like 2026-11-22T18:00:00Z"
        default: String(describing: type).hasPrefix("Array") ? "an array" : "an object"
        }
    }
}

extension Response {
    /// `value` encoded as JSON (ISO 8601 dates, keys sorted so equal values give equal bytes).
    public static func json(_ value: some Encodable, status: Status = .ok) throws -> Response {
        .json(try JSONCoding.encode(value), status: status)
    }
}

/// The JSON conventions of the API: dates as ISO 8601 UTC with milliseconds
/// (`2026-11-22T18:00:00.000Z`), keys sorted so equal values give equal bytes (and ETags).
public enum JSONCoding {
    public static func encode(_ value: some Encodable) throws -> [UInt8] {
        try JSONByteEncoder().encode(value)
    }

    /// A Foundation encoder with the same conventions, for code that needs `JSONEncoder` itself.
    /// Dates go through `Timestamp` rather than Foundation's `.iso8601` strategy, which costs
    /// tens of microseconds per date.
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Timestamp.iso8601(date))
        }
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
