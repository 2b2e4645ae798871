/// A path pattern such as `/api/v1/{region}/{lang}/workshops/{id}`: static segments match
/// exactly (compared with decoded path segments), `{name}` segments match any one non-empty
/// segment and bind it. `/` is the root; a trailing slash is part of the pattern.
struct RoutePattern: Sendable {
    enum Segment: Sendable, Hashable {
        case literal(String)
        case parameter(String)
    }

    let text: String
    let segments: [Segment]

    var parameterNames: [String] {
        segments.compactMap { if case .parameter(let name) = $0 { name } else { nil } }
    }

    init(_ text: String) throws(RouterError) {
        self.text = text
        guard text.first == "/" else {
            throw RouterError.invalidPattern(text, reason: "it must start with '/'")
        }
        let parts = text.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
        if parts == [""] {
            segments = []
            return
        }
        var segments: [Segment] = []
        var names = Set<String>()
        for (index, part) in parts.enumerated() {
            if part.isEmpty {
                guard index == parts.count - 1 else {
                    throw RouterError.invalidPattern(text, reason: "it has an empty segment ('//')")
                }
                segments.append(.literal(""))
            } else if part.first == "{", part.last == "}" {
                let name = String(part.dropFirst().dropLast())
                guard !name.isEmpty, name.utf8.allSatisfy({ $0.isIdentifierCharacter }) else {
                    throw RouterError.invalidPattern(text, reason: "parameter '\(part)' needs a name of letters, digits or '_'")
                }
                guard names.insert(name).inserted else {
                    throw RouterError.invalidPattern(text, reason: "parameter '{\(name)}' appears twice")
                }
                segments.append(.parameter(name))
            } else if part.contains("{") || part.contains("}") {
                throw RouterError.invalidPattern(text, reason: "segment '\(part)' mixes text and a parameter; a parameter is a whole segment")
            } else {
                segments.append(.literal(String(part)))
            }
        }
        self.segments = segments
    }
}

/// A route that cannot be registered.
public enum RouterError: Error, Equatable, CustomStringConvertible {
    case invalidPattern(String, reason: String)
    /// The same method on a pattern of the same shape (parameter names aside) as an earlier route.
    case duplicateRoute(method: Method, pattern: String, existingPattern: String)

    public var description: String {
        switch self {
        case .invalidPattern(let pattern, let reason):
            "invalid route pattern '\(pattern)': \(reason)"
        case .duplicateRoute(let method, let pattern, let existing):
            "duplicate route \(method) \(pattern): already registered as \(method) \(existing)"
        }
    }
}

extension UInt8 {
    var isIdentifierCharacter: Bool {
        switch self {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, UInt8(ascii: "_"): true
        default: false
        }
    }
}
