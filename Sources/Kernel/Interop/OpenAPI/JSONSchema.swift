/// A JSON Schema (draft 2020-12, the dialect of OpenAPI 3.1) for documenting request and
/// response bodies. Build one from the pieces below, or let `inferred(from:)` derive it from
/// an example value:
///
///     .object(["id": .integer, "title": .string, "startsAt": .dateTime, "tags": .array(of: .string)],
///             optional: ["tags"])
public struct JSONSchema: Sendable, Hashable {
    /// The schema as a JSON object.
    public var value: JSONValue

    public init(_ value: JSONValue) {
        self.value = value
    }

    public static let string = JSONSchema(["type": "string"])
    public static let integer = JSONSchema(["type": "integer"])
    public static let number = JSONSchema(["type": "number"])
    public static let boolean = JSONSchema(["type": "boolean"])
    /// `2026-11-22T18:00:00Z`.
    public static let dateTime = JSONSchema(["type": "string", "format": "date-time"])
    public static let uri = JSONSchema(["type": "string", "format": "uri-reference"])
    /// Any JSON value.
    public static let any = JSONSchema([:])

    /// A string of one of `values`.
    public static func oneOf(_ values: [String]) -> JSONSchema {
        JSONSchema(["type": "string", "enum": .array(values.map { .string($0) })])
    }

    public static func array(of items: JSONSchema) -> JSONSchema {
        JSONSchema(["type": "array", "items": items.value])
    }

    /// An object with these properties; all are required except `optional`. Other keys
    /// are allowed unless `closed`.
    public static func object(_ properties: [String: JSONSchema], optional: Set<String> = [], closed: Bool = false) -> JSONSchema {
        var object: [String: JSONValue] = [
            "type": "object",
            "properties": .object(properties.mapValues(\.value)),
        ]
        let required = properties.keys.filter { !optional.contains($0) }.sorted()
        if !required.isEmpty { object["required"] = .array(required.map { .string($0) }) }
        if closed { object["additionalProperties"] = false }
        return JSONSchema(.object(object))
    }

    /// An object whose keys are free and whose values all fit `values`.
    public static func dictionary(of values: JSONSchema) -> JSONSchema {
        JSONSchema(["type": "object", "additionalProperties": values.value])
    }

    /// A schema of the document's `components/schemas` (`Error`, `ContentItem`, …).
    public static func reference(_ name: String) -> JSONSchema {
        JSONSchema(["$ref": .string("#/components/schemas/\(name)")])
    }

    /// The same schema, also allowing `null`.
    public func nullable() -> JSONSchema {
        guard case .object(var object) = value, let type = object["type"], object["$ref"] == nil else {
            return JSONSchema(["anyOf": [value, ["type": "null"]]])
        }
        switch type {
        case .string(let name): object["type"] = [.string(name), "null"]
        case .array(let names) where !names.contains("null"): object["type"] = .array(names + ["null"])
        default: break
        }
        return JSONSchema(.object(object))
    }

    /// The same schema with a description.
    public func described(_ description: String) -> JSONSchema {
        guard case .object(var object) = value, object["$ref"] == nil else {
            return JSONSchema(["allOf": [value], "description": .string(description)])
        }
        object["description"] = .string(description)
        return JSONSchema(.object(object))
    }

    /// A schema derived from an example: strings, numbers, booleans, arrays (from their
    /// first element) and objects (every key required). ISO 8601 strings become date-times;
    /// `null` allows anything.
    public static func inferred(from example: JSONValue) -> JSONSchema {
        switch example {
        case .null: return .any
        case .bool: return .boolean
        case .integer: return .integer
        case .number: return .number
        case .string(let text):
            return text.count >= 20 && text.dropFirst(4).hasPrefix("-") && text.contains("T") && (text.hasSuffix("Z") || text.contains("+"))
                ? .dateTime : .string
        case .array(let items): return .array(of: items.first.map(inferred(from:)) ?? .any)
        case .object(let object): return .object(object.mapValues(inferred(from:)))
        }
    }

    /// A schema derived from an example value as the API would encode it.
    public static func inferred(from example: some Encodable) throws -> JSONSchema {
        inferred(from: try JSONValue.parse(JSONCoding.encode(example)))
    }
}

extension JSONSchema {
    /// An item of the content store as `ContentItem.json(body:url:)` shapes it, with any
    /// `extra` properties a route adds.
    public static func contentItem(body: Bool = false, extra: [String: JSONSchema] = [:]) -> JSONSchema {
        var properties: [String: JSONSchema] = [
            "id": .integer, "slug": .string, "kind": .string,
            "language": JSONSchema.string.described("The language served (the reader's, or the next in their fallback chain)"),
            "languages": JSONSchema.array(of: .string).described("Languages the item has a text in"),
            "title": .string, "summary": .string, "fields": .dictionary(of: .any),
            "publishedAt": JSONSchema.dateTime.nullable(), "updatedAt": .dateTime, "url": .uri,
        ]
        if body {
            properties["body"] = JSONSchema.string.described("Markup source")
            properties["bodyHTML"] = JSONSchema.string.described("The body rendered as safe HTML")
        }
        properties.merge(extra) { _, added in added }
        return .object(properties, optional: ["url"])
    }

    /// A page of a list: `items` and the URL of the `next` page (null on the last).
    public static func page(of items: JSONSchema) -> JSONSchema {
        .object([
            "items": .array(of: items),
            "next": JSONSchema.uri.nullable().described("The next page, or null on the last page"),
        ])
    }
}
