/// The attributes of an element, in the order written. Values are plain strings and are
/// escaped when rendered; a nil value in a literal leaves the attribute out, an empty value
/// renders a boolean attribute (`["required": .flag(isRequired)]`).
public struct Attributes: Sendable, ExpressibleByDictionaryLiteral {
    struct Attribute: Sendable {
        var name: HTMLName
        var value: String
    }

    private(set) var list: [Attribute]

    public init() { list = [] }

    public init(dictionaryLiteral elements: (HTMLName, String?)...) {
        list = []
        list.reserveCapacity(elements.count)
        for (name, value) in elements { self[name] = value }
    }

    public var isEmpty: Bool { list.isEmpty }

    /// The value of `name`; setting nil removes the attribute, setting a value replaces it.
    public subscript(name: HTMLName) -> String? {
        get { list.first { $0.name == name }?.value }
        set {
            let index = list.firstIndex { $0.name == name }
            switch (index, newValue) {
            case (let index?, let value?): list[index].value = value
            case (let index?, nil): list.remove(at: index)
            case (nil, let value?): list.append(Attribute(name: name, value: value))
            case (nil, nil): break
            }
        }
    }

    /// `other`'s attributes added after these; a name in both takes `other`'s value, except
    /// `class`, whose tokens are appended.
    public mutating func merge(_ other: Attributes) {
        for attribute in other.list {
            if attribute.name == "class" {
                append(attribute.value, to: "class")
            } else {
                self[attribute.name] = attribute.value
            }
        }
    }

    /// Adds `token` to a space-separated list attribute (`class`, `aria-describedby`).
    public mutating func append(_ token: String, to name: HTMLName) {
        if let current = self[name], !current.isEmpty {
            self[name] = current + " " + token
        } else {
            self[name] = token
        }
    }
}

extension Optional where Wrapped == String {
    /// A boolean attribute's value: present (`""`) when `on`, left out otherwise.
    public static func flag(_ on: Bool) -> String? { on ? "" : nil }
}
