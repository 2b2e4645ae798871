import HTTP

/// One part of a `multipart/form-data` body (RFC 7578): a form field or an uploaded file.
public struct MultipartPart: Sendable {
    public var name: String
    /// The file name the browser sent, for file fields.
    public var filename: String?
    public var contentType: String?
    public var body: [UInt8]
}

extension Request {
    /// The parts of a `multipart/form-data` body, as forms with file fields send it
    /// (`enctype="multipart/form-data"`). A wrong content type is 415, a malformed body 400.
    public func multipartFormData() throws -> [MultipartPart] {
        let contentType = headers["Content-Type"] ?? ""
        guard contentType.lowercasedASCII().hasPrefix("multipart/form-data") else {
            throw HTTPError(.unsupportedMediaType, "send the form as multipart/form-data")
        }
        guard let boundary = Self.parameter("boundary", in: contentType), (1...70).contains(boundary.utf8.count) else {
            throw HTTPError.badRequest("the form has no valid multipart boundary")
        }
        let delimiter = Array("--\(boundary)".utf8)
        let bytes = body
        guard var index = Self.find(delimiter, in: bytes, from: 0) else { throw HTTPError.badRequest("the form body is not multipart") }
        var parts: [MultipartPart] = []
        while true {
            index += delimiter.count
            if bytes[index...].starts(with: [UInt8(ascii: "-"), UInt8(ascii: "-")]) { return parts }
            guard bytes[index...].starts(with: [13, 10]), let headerEnd = Self.find([13, 10, 13, 10], in: bytes, from: index + 2) else {
                throw HTTPError.badRequest("a part of the form is malformed")
            }
            let head = String(decoding: bytes[(index + 2)..<headerEnd], as: UTF8.self)
            let contentStart = headerEnd + 4
            guard let next = Self.find([13, 10] + delimiter, in: bytes, from: contentStart) else {
                throw HTTPError.badRequest("the form body ends early")
            }
            var name: String?
            var filename: String?
            var partType: String?
            for line in head.split(separator: "\r\n") {
                guard let colon = line.firstIndex(of: ":") else { continue }
                let field = line[..<colon].lowercasedASCII()
                let value = String(line[line.index(after: colon)...].trimmingASCIIWhitespace())
                if field == "content-disposition" {
                    name = Self.parameter("name", in: value)
                    filename = Self.parameter("filename", in: value)
                } else if field == "content-type" {
                    partType = value
                }
            }
            guard let name else { throw HTTPError.badRequest("a part of the form has no name") }
            parts.append(MultipartPart(name: name, filename: filename, contentType: partType, body: Array(bytes[contentStart..<next])))
            index = next + 2
        }
    }

    /// `name=value` or `name="value"` among the `;`-separated parameters of a header value.
    static func parameter(_ name: String, in value: String) -> String? {
        for piece in value.split(separator: ";").dropFirst() {
            let pair = piece.trimmingASCIIWhitespace().split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].lowercasedASCII() == name else { continue }
            var text = pair[1]
            if text.hasPrefix("\""), text.hasSuffix("\""), text.count >= 2 { text = text.dropFirst().dropLast() }
            return String(text)
        }
        return nil
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard let first = needle.first, haystack.count >= needle.count else { return nil }
        var index = start
        while index + needle.count <= haystack.count {
            if haystack[index] == first, haystack[index..<index + needle.count].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}
