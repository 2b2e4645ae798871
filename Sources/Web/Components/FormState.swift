/// What a form shows: the values to fill in (as submitted, so nothing typed is lost when the
/// form comes back with errors) and the errors to show next to their fields.
public struct FormState: Sendable {
    private var values: [String: [String]]
    public private(set) var errors: [FieldError]

    public init() {
        values = [:]
        errors = []
    }

    /// The fields as submitted (`FormData.items`), repeated names kept in order.
    public init(submitted items: [(name: String, value: String)]) {
        self.init()
        for (name, value) in items { values[name, default: []].append(value) }
    }

    /// Values to start with, for an edit form.
    public init(values: [String: String]) {
        self.init()
        for (name, value) in values { self.values[name] = [value] }
    }

    /// The first value of `name`.
    public func value(_ name: String) -> String? { values[name]?.first }

    /// Every value of `name` (checkbox groups, multiple selects).
    public func values(_ name: String) -> [String] { values[name] ?? [] }

    public mutating func set(_ name: String, _ value: String?) {
        values[name] = value.map { [$0] }
    }

    /// Records an error for `field`; the form lists it in its summary and beside the field.
    public mutating func addError(_ message: String, field: String) {
        errors.append(FieldError(field: field, message: message))
    }

    public func error(for field: String) -> String? {
        errors.first { $0.field == field }?.message
    }

    public var hasErrors: Bool { !errors.isEmpty }
}

/// A problem with one form field, in words the reader understands.
public struct FieldError: Sendable, Equatable {
    public var field: String
    public var message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }
}
