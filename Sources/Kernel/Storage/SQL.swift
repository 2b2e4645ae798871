/// A SQL statement with its parameters. Interpolated values become bound parameters,
/// never text, so a module cannot build an injection by accident:
///
///     db.query("SELECT title FROM workshops WHERE region = \(region) AND id = \(id)")
///
/// Identifiers that must be spliced in (rare) go through `\(raw:)` and must come from code,
/// not from input. Placeholders are `?`; backends that number them rewrite the text.
public struct SQL: Sendable, Hashable, ExpressibleByStringInterpolation, CustomStringConvertible {
    public private(set) var text: String
    public private(set) var bindings: [DatabaseValue]

    public init(_ text: String, bindings: [DatabaseValue] = []) {
        self.text = text
        self.bindings = bindings
    }

    public init(stringLiteral value: String) {
        self.init(value)
    }

    public init(stringInterpolation: Interpolation) {
        self.init(stringInterpolation.text, bindings: stringInterpolation.bindings)
    }

    public struct Interpolation: StringInterpolationProtocol {
        var text = ""
        var bindings: [DatabaseValue] = []

        public init(literalCapacity: Int, interpolationCount: Int) {
            text.reserveCapacity(literalCapacity + interpolationCount)
            bindings.reserveCapacity(interpolationCount)
        }

        public mutating func appendLiteral(_ literal: String) {
            text += literal
        }

        /// A bound parameter.
        public mutating func appendInterpolation(_ value: some DatabaseValueConvertible) {
            text += "?"
            bindings.append(value.databaseValue)
        }

        /// A bound parameter that may be NULL.
        public mutating func appendInterpolation<Value: DatabaseValueConvertible>(_ value: Value?) {
            text += "?"
            bindings.append(value?.databaseValue ?? .null)
        }

        /// `?, ?, ?` for `IN (…)` lists. An empty list binds a single NULL, which matches nothing.
        public mutating func appendInterpolation(list values: [some DatabaseValueConvertible]) {
            if values.isEmpty {
                text += "NULL"
                return
            }
            text += Array(repeating: "?", count: values.count).joined(separator: ", ")
            bindings += values.map(\.databaseValue)
        }

        /// A fragment built elsewhere, with its own bindings.
        public mutating func appendInterpolation(_ fragment: SQL) {
            text += fragment.text
            bindings += fragment.bindings
        }

        /// Text spliced in as it is. Only for identifiers chosen by code.
        public mutating func appendInterpolation(raw text: String) {
            self.text += text
        }
    }

    public static func + (lhs: SQL, rhs: SQL) -> SQL {
        SQL(lhs.text + rhs.text, bindings: lhs.bindings + rhs.bindings)
    }

    public var description: String { text }
}
