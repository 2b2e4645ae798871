/// Escapes text for HTML element content and quoted attribute values (for the rare place
/// that builds markup by hand; pages use `HTML`, which escapes by itself).
public func escapeHTML(_ text: String) -> String {
    var writer = HTMLWriter(capacity: text.utf8.count + 16)
    writer.appendEscaped(text)
    return String(decoding: writer.bytes, as: UTF8.self)
}
