/// A small, non-validating XML 1.0 reader for documents people send us (XLIFF): elements,
/// attributes, text, CDATA, character and the five predefined entity references, comments
/// and processing instructions, with namespaces resolved. Document type declarations are
/// refused, so no entity can expand and no external resource is fetched. Errors name the line.
public enum XMLReader {
    public static let maximumDepth = 64

    /// The document's root element.
    public static func parse(_ bytes: [UInt8]) throws(XMLError) -> XMLElement {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        guard let text = String(validating: body, as: UTF8.self) else {
            throw XMLError(line: 1, message: "the document is not valid UTF-8")
        }
        var parser = Parser(scalars: Array(text.unicodeScalars))
        return try parser.document()
    }

    private struct Parser {
        let scalars: [Unicode.Scalar]
        var index = 0
        var line = 1

        init(scalars: [Unicode.Scalar]) {
            self.scalars = scalars
        }

        mutating func document() throws(XMLError) -> XMLElement {
            try misc()
            guard peek("<"), !peek("</") else { throw error("expected the root element") }
            let root = try element(namespaces: ["xml": "http://www.w3.org/XML/1998/namespace"], depth: 1)
            try misc()
            guard index == scalars.count else { throw error("content after the root element") }
            return root
        }

        /// Whitespace, comments and processing instructions outside the root.
        mutating func misc() throws(XMLError) {
            while index < scalars.count {
                if isSpace(scalars[index]) {
                    advance()
                } else if peek("<?") {
                    try skip(past: "?>")
                } else if peek("<!--") {
                    try skip(past: "-->")
                } else if peek("<!DOCTYPE") || peek("<!doctype") {
                    throw error("document type declarations are not allowed")
                } else {
                    return
                }
            }
        }

        mutating func element(namespaces inherited: [String: String], depth: Int) throws(XMLError) -> XMLElement {
            guard depth <= XMLReader.maximumDepth else { throw error("elements nested deeper than \(XMLReader.maximumDepth)") }
            let startLine = line
            advance()  // <
            let name = try self.name()
            var rawAttributes: [(name: String, value: String)] = []
            while true {
                let hadSpace = skipSpace()
                guard index < scalars.count else { throw error("unterminated tag <\(name)>") }
                if peek("/>") || peek(">") { break }
                guard hadSpace else { throw error("expected a space before the attribute in <\(name)>") }
                let attribute = try self.name()
                skipSpace()
                guard consume("=") else { throw error("attribute \(attribute) of <\(name)> has no value") }
                skipSpace()
                let value = try quoted()
                if rawAttributes.contains(where: { $0.name == attribute }) {
                    throw error("attribute \(attribute) appears twice in <\(name)>")
                }
                rawAttributes.append((attribute, value))
            }
            var namespaces = inherited
            for attribute in rawAttributes {
                if attribute.name == "xmlns" {
                    namespaces[""] = attribute.value
                } else if attribute.name.hasPrefix("xmlns:") {
                    namespaces[String(attribute.name.dropFirst(6))] = attribute.value
                }
            }
            let (namespace, localName) = try resolve(name, namespaces: namespaces, isAttribute: false, line: startLine)
            var attributes: [XMLElement.Attribute] = []
            for attribute in rawAttributes where attribute.name != "xmlns" && !attribute.name.hasPrefix("xmlns:") {
                let (attributeNamespace, attributeLocal) = try resolve(attribute.name, namespaces: namespaces, isAttribute: true, line: startLine)
                attributes.append(.init(namespace: attributeNamespace, name: attributeLocal, value: attribute.value))
            }
            var element = XMLElement(namespace: namespace, name: localName, attributes: attributes, children: [], line: startLine)
            if consume("/>") { return element }
            advance()  // >
            var text = ""
            func flushText() {
                if !text.isEmpty { element.children.append(.text(text)) }
                text = ""
            }
            while true {
                guard index < scalars.count else { throw error("<\(name)> (line \(startLine)) is not closed") }
                if peek("</") {
                    index += 2
                    let closing = try self.name()
                    skipSpace()
                    guard closing == name, consume(">") else {
                        throw error("</\(closing)> does not close <\(name)> from line \(startLine)")
                    }
                    flushText()
                    return element
                } else if peek("<!--") {
                    try skip(past: "-->")
                } else if peek("<![CDATA[") {
                    index += 9
                    guard let end = find("]]>") else { throw error("unterminated CDATA section") }
                    while index < end { text.unicodeScalars.append(scalars[index]); advance() }
                    index += 3
                } else if peek("<?") {
                    try skip(past: "?>")
                } else if peek("<!") {
                    throw error("markup declarations are not allowed inside elements")
                } else if peek("<") {
                    flushText()
                    element.children.append(.element(try self.element(namespaces: namespaces, depth: depth + 1)))
                } else if peek("&") {
                    text.unicodeScalars.append(try reference())
                } else {
                    let scalar = scalars[index]
                    if scalar == "\r" {
                        // XML folds CR LF and lone CR into LF (§2.11).
                        text.unicodeScalars.append("\n")
                        advance()
                        if peek("\n") { advance() }
                        continue
                    }
                    guard Self.isAllowed(scalar) else { throw error("character U+\(String(scalar.value, radix: 16, uppercase: true)) is not allowed in XML") }
                    text.unicodeScalars.append(scalar)
                    advance()
                }
            }
        }

        func resolve(_ qualified: String, namespaces: [String: String], isAttribute: Bool, line: Int) throws(XMLError) -> (String?, String) {
            let parts = qualified.split(separator: ":", maxSplits: 1)
            if parts.count == 2 {
                guard let uri = namespaces[String(parts[0])] else {
                    throw XMLError(line: line, message: "namespace prefix '\(parts[0])' is not declared")
                }
                return (uri, String(parts[1]))
            }
            // Unprefixed attributes are in no namespace; unprefixed elements in the default one.
            return (isAttribute ? nil : namespaces[""].flatMap { $0.isEmpty ? nil : $0 }, qualified)
        }

        mutating func name() throws(XMLError) -> String {
            var name = String.UnicodeScalarView()
            while index < scalars.count {
                let scalar = scalars[index]
                if isSpace(scalar) || "/>=<\"'&".unicodeScalars.contains(scalar) { break }
                name.append(scalar)
                advance()
            }
            guard let first = name.first, !("0"..."9").contains(first), first != "-", first != "." else {
                throw error("expected a name")
            }
            return String(name)
        }

        mutating func quoted() throws(XMLError) -> String {
            guard index < scalars.count, scalars[index] == "\"" || scalars[index] == "'" else {
                throw error("attribute values must be quoted")
            }
            let quote = scalars[index]
            advance()
            var value = ""
            while true {
                guard index < scalars.count else { throw error("unterminated attribute value") }
                let scalar = scalars[index]
                if scalar == quote { advance(); return value }
                if scalar == "<" { throw error("'<' is not allowed in attribute values") }
                if scalar == "&" {
                    value.unicodeScalars.append(try reference())
                } else {
                    // Attribute value normalisation (§3.3.3): whitespace characters become spaces.
                    value.unicodeScalars.append(scalar == "\t" || scalar == "\n" || scalar == "\r" ? " " : scalar)
                    advance()
                }
            }
        }

        /// `&lt;` `&gt;` `&amp;` `&quot;` `&apos;` `&#NN;` `&#xHH;`.
        mutating func reference() throws(XMLError) -> Unicode.Scalar {
            let start = index
            advance()
            var body = ""
            while index < scalars.count, scalars[index] != ";", body.count <= 10 {
                body.unicodeScalars.append(scalars[index])
                advance()
            }
            guard consume(";") else { index = start; throw error("'&' must start a reference like &amp;") }
            switch body {
            case "lt": return "<"
            case "gt": return ">"
            case "amp": return "&"
            case "quot": return "\""
            case "apos": return "'"
            default:
                var value: UInt32?
                if body.hasPrefix("#x") {
                    value = UInt32(body.dropFirst(2), radix: 16)
                } else if body.hasPrefix("#") {
                    value = UInt32(body.dropFirst(), radix: 10)
                } else {
                    throw error("unknown entity &\(body);")
                }
                guard let value, let scalar = Unicode.Scalar(value), Self.isAllowed(scalar) else {
                    throw error("&\(body); is not a character XML allows")
                }
                return scalar
            }
        }

        static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
            let value = scalar.value
            return value == 0x9 || value == 0xA || value == 0xD || (0x20...0xD7FF).contains(value)
                || (0xE000...0xFFFD).contains(value) || (0x10000...0x10FFFF).contains(value)
        }

        func isSpace(_ scalar: Unicode.Scalar) -> Bool {
            scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r"
        }

        @discardableResult
        mutating func skipSpace() -> Bool {
            let start = index
            while index < scalars.count, isSpace(scalars[index]) { advance() }
            return index > start
        }

        mutating func advance() {
            if scalars[index] == "\n" { line += 1 }
            index += 1
        }

        func peek(_ text: String) -> Bool {
            var position = index
            for scalar in text.unicodeScalars {
                guard position < scalars.count, scalars[position] == scalar else { return false }
                position += 1
            }
            return true
        }

        mutating func consume(_ text: String) -> Bool {
            guard peek(text) else { return false }
            for _ in text.unicodeScalars { advance() }
            return true
        }

        func find(_ text: String) -> Int? {
            let needle = Array(text.unicodeScalars)
            var position = index
            while position + needle.count <= scalars.count {
                if scalars[position] == needle[0], Array(scalars[position..<position + needle.count]) == needle { return position }
                position += 1
            }
            return nil
        }

        mutating func skip(past terminator: String) throws(XMLError) {
            guard let end = find(terminator) else { throw error("unterminated '\(String(terminator.prefix(1)))…' construct") }
            while index < end + terminator.unicodeScalars.count { advance() }
        }

        func error(_ message: String) -> XMLError {
            XMLError(line: line, message: message)
        }
    }
}

/// An element of a parsed document, with namespaces resolved.
public struct XMLElement: Sendable {
    public struct Attribute: Sendable {
        public var namespace: String?
        public var name: String
        public var value: String
    }

    public enum Child: Sendable {
        case element(XMLElement)
        case text(String)
    }

    public var namespace: String?
    public var name: String
    public var attributes: [Attribute]
    public var children: [Child]
    /// The line its start tag is on.
    public var line: Int

    /// The value of the attribute `name` in no namespace (or in `namespace`).
    public func attribute(_ name: String, namespace: String? = nil) -> String? {
        attributes.first { $0.name == name && $0.namespace == namespace }?.value
    }

    /// Child elements, optionally only those named `name` in `namespace`.
    public func elements(_ name: String? = nil, namespace: String? = nil) -> [XMLElement] {
        children.compactMap { child in
            guard case .element(let element) = child else { return nil }
            if let name, element.name != name || element.namespace != namespace { return nil }
            return element
        }
    }

    /// The text directly inside, children elements ignored.
    public var text: String {
        children.map { if case .text(let text) = $0 { text } else { "" } }.joined()
    }
}

/// Why a document could not be read, with the line.
public struct XMLError: Error, Sendable, CustomStringConvertible, Equatable {
    public var line: Int
    public var message: String
    public var description: String { "line \(line): \(message)" }
}
